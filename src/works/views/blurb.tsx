import { h, Fragment, raw, type Raw } from '../../web/jsx.ts';
import { RATING_CODES, type Rating } from '../../tags/fixed.ts';
import { chapterCountLabel, type WorkView } from '../present.ts';
import { languageName } from '../languages.ts';

export const tagHref = (name: string): string => `/tags/${encodeURIComponent(name)}/works`;
export const formatDate = (iso: string | null): string => (iso ? iso.slice(0, 10) : '');

export function Authors({ work }: { work: Pick<WorkView, 'authors'> }): Raw {
  if (work.authors === null) return <span class="author">Anonymous</span>;
  return (
    <span class="authors">
      {work.authors.map((a, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <a rel="author" href={`/users/${encodeURIComponent(a.login)}/pseuds/${encodeURIComponent(a.pseud)}`}>
            {a.pseud.toLowerCase() === a.login.toLowerCase() ? a.pseud : `${a.pseud} (${a.login})`}
          </a>
        </>
      ))}
    </span>
  );
}

function warningCode(warnings: string[]): string {
  if (warnings.length === 1 && warnings[0] === 'No Archive Warnings Apply') return 'none';
  if (warnings.length === 1 && warnings[0] === 'Choose Not To Use Archive Warnings') return 'choose';
  return 'yes';
}

/** AO3's square of four symbols: rating, warnings, category, completeness, each with its words for screen readers. */
export function RequiredTags({ work }: { work: WorkView }): Raw {
  const rating = RATING_CODES[work.rating as Rating] ?? 'nr';
  const category = work.categories.length === 0 ? 'none' : work.categories.length > 1 ? 'multi' : work.categories[0]!.toLowerCase().replace('/', '');
  const symbol = (cls: string, short: string, label: string) => (
    <li>
      <span class={`sym ${cls}`} title={label}>
        <span aria-hidden="true">{short}</span>
        <span class="sr">{label}</span>
      </span>
    </li>
  );
  return (
    <ul class="required-tags" aria-label="Rating, warnings, category and status">
      {symbol(`rating-${rating}`, rating.toUpperCase(), `Rating: ${work.rating}`)}
      {symbol(`warning-${warningCode(work.warnings)}`, warningCode(work.warnings) === 'yes' ? '!' : warningCode(work.warnings) === 'none' ? '–' : '?', `Warnings: ${work.warnings.join(', ')}`)}
      {symbol(`category-${category}`, work.categories.length === 1 ? work.categories[0]! : work.categories.length > 1 ? 'Multi' : '–', `Category: ${work.categories.join(', ') || 'None'}`)}
      {symbol(work.complete ? 'complete-yes' : 'complete-no', work.complete ? '✓' : '…', work.complete ? 'Complete work' : 'Work in progress')}
    </ul>
  );
}

export function TagLinks({ names, cls }: { names: string[]; cls: string }): Raw {
  return <>{names.map((n) => <li class={cls}><a class="tag" href={tagHref(n)}>{n}</a></li>)}</>;
}

export function Blurb({ work }: { work: WorkView & { snippetHtml?: string } }): Raw {
  return (
    <li class="blurb" id={`work-${work.id}`}>
      <div class="blurb-head">
        <h2 class="heading">
          <a href={`/works/${work.id}`}>{work.title}</a> <span class="by">by</span> <Authors work={work} />
          {work.restricted ? <span class="badge" title="Only logged-in users can see this work">Restricted</span> : null}
        </h2>
        <p class="fandoms">
          <span class="sr">Fandoms: </span>
          {work.fandoms.map((f, i) => <>{i > 0 ? ', ' : ''}<a class="tag" href={tagHref(f)}>{f}</a></>)}
        </p>
        <RequiredTags work={work} />
        <p class="datetime">{formatDate(work.updatedAt)}</p>
      </div>
      <ul class="tags commas" aria-label="Tags">
        <TagLinks names={work.warnings.filter((w) => w !== 'No Archive Warnings Apply')} cls="warnings" />
        <TagLinks names={work.relationships} cls="relationships" />
        <TagLinks names={work.characters} cls="characters" />
        <TagLinks names={work.freeforms} cls="freeforms" />
      </ul>
      {work.summaryHtml ? <blockquote class="summary userstuff">{raw(work.summaryHtml)}</blockquote> : null}
      {work.snippetHtml ? <p class="snippet"><span class="sr">Matched text: </span>{raw(work.snippetHtml)}</p> : null}
      <dl class="stats">
        <dt>Language:</dt>
        <dd lang={work.language}>{languageName(work.language)}</dd>
        <dt>Words:</dt>
        <dd>{work.words.toLocaleString('en')}</dd>
        <dt>Chapters:</dt>
        <dd>{chapterCountLabel(work)}</dd>
      </dl>
    </li>
  );
}

export function Pagination({ page, pages, base }: { page: number; pages: number; base: string }): Raw {
  if (pages <= 1) return raw('');
  const href = (n: number) => `${base}${base.includes('?') ? '&' : '?'}page=${n}`;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? <a rel="prev" href={href(page - 1)}>← Previous</a> : null}
      <span aria-current="page">Page {page} of {pages}</span>
      {page < pages ? <a rel="next" href={href(page + 1)}>Next →</a> : null}
    </nav>
  );
}

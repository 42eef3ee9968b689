import { h, Fragment, raw, type Raw } from '../../web/jsx.ts';
import { CsrfField, Layout, type PageContext } from '../../web/layout.tsx';
import type { ChapterView } from '../../chapters/service.ts';
import { chapterCountLabel, type WorkView } from '../present.ts';
import { languageDirection, languageName } from '../languages.ts';
import { Authors, RequiredTags, formatDate, tagHref } from './blurb.tsx';
import { DownloadList } from '../../exports/views.tsx';

function TagRow({ label, names, cls }: { label: string; names: string[]; cls: string }): Raw {
  if (names.length === 0) return raw('');
  return (
    <>
      <dt class={cls}>{label}:</dt>
      <dd class={cls}>
        <ul class="commas">{names.map((n) => <li><a class="tag" href={tagHref(n)}>{n}</a></li>)}</ul>
      </dd>
    </>
  );
}

function Preface({ work }: { work: WorkView }): Raw {
  return (
    <div class="preface">
      <dl class="work-meta">
        <dt>Rating:</dt>
        <dd><a class="tag" href={tagHref(work.rating)}>{work.rating}</a></dd>
        <TagRow label="Archive Warnings" names={work.warnings} cls="warnings" />
        <TagRow label="Categories" names={work.categories} cls="categories" />
        <TagRow label="Fandoms" names={work.fandoms} cls="fandoms" />
        <TagRow label="Relationships" names={work.relationships} cls="relationships" />
        <TagRow label="Characters" names={work.characters} cls="characters" />
        <TagRow label="Additional Tags" names={work.freeforms} cls="freeforms" />
        <dt>Language:</dt>
        <dd lang={work.language}>{languageName(work.language)}</dd>
        <dt>Stats:</dt>
        <dd>
          Published {formatDate(work.publishedAt) || 'not yet'} · Updated {formatDate(work.updatedAt)} · Words {work.words.toLocaleString('en')} · Chapters {chapterCountLabel(work)}
        </dd>
      </dl>
      <h1 class="title">{work.title}</h1>
      <p class="byline">by <Authors work={work} /></p>
      {work.summaryHtml ? (
        <section class="summary" aria-label="Summary">
          <h2>Summary</h2>
          <blockquote class="userstuff">{raw(work.summaryHtml)}</blockquote>
        </section>
      ) : null}
      {work.notesHtml ? (
        <section class="notes" aria-label="Notes">
          <h2>Notes</h2>
          <blockquote class="userstuff">{raw(work.notesHtml)}</blockquote>
        </section>
      ) : null}
    </div>
  );
}

function ChapterNav({ work, chapters, current, full, label }: { work: WorkView; chapters: ChapterView[]; current?: number; full: boolean; label: string }): Raw {
  if (chapters.length <= 1) return raw('');
  const href = (n: number) => `/works/${work.id}/chapters/${n}`;
  return (
    <nav class="chapter-nav" aria-label={label}>
      {!full && current !== undefined && current > 1 ? <a rel="prev" href={href(current - 1)}>← Previous chapter</a> : null}
      {full ? <a href={href(1)}>Chapter by chapter</a> : <a href={`/works/${work.id}?view_full_work=true`}>Entire work</a>}
      {!full && current !== undefined && current < chapters.length ? <a rel="next" href={href(current + 1)}>Next chapter →</a> : null}
      <details class="chapter-index">
        <summary>Chapter index</summary>
        <ol>
          {chapters.map((c) => (
            <li>
              <a href={full ? `#chapter-${c.number}` : href(c.number)} aria-current={c.number === current ? 'page' : undefined}>
                {c.title ? `${c.number}. ${c.title}` : `Chapter ${c.number}`}
              </a>
              {c.draft ? ' (draft)' : ''}
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}

function Chapter({ chapter, showHeading, lang }: { chapter: ChapterView; showHeading: boolean; lang: string }): Raw {
  return (
    <article class="chapter" id={`chapter-${chapter.number}`}>
      {showHeading ? <h2 class="chapter-title">Chapter {chapter.number}{chapter.title ? `: ${chapter.title}` : ''}{chapter.draft ? ' (draft)' : ''}</h2> : <h2 class="sr">Work text</h2>}
      {chapter.summaryHtml ? <section class="chapter-summary"><h3>Summary</h3><blockquote class="userstuff">{raw(chapter.summaryHtml)}</blockquote></section> : null}
      {chapter.notesHtml ? <section class="chapter-notes"><h3>Notes</h3><blockquote class="userstuff">{raw(chapter.notesHtml)}</blockquote></section> : null}
      <div class="userstuff body" lang={lang} dir={languageDirection(lang)}>{raw(chapter.html)}</div>
      {chapter.endNotesHtml ? <section class="chapter-end-notes"><h3>Chapter end notes</h3><blockquote class="userstuff">{raw(chapter.endNotesHtml)}</blockquote></section> : null}
    </article>
  );
}

function CreatorTools({ page, work }: { page: PageContext; work: WorkView }): Raw {
  if (!work.viewerIsCreator) return raw('');
  return (
    <nav class="creator-tools" aria-label="Your work">
      <a href={`/works/${work.id}/edit`}>Edit work</a>
      <a href={`/works/${work.id}/chapters/new`}>Add chapter</a>
      <a href={`/works/${work.id}/chapters/manage`}>Manage chapters</a>
      {work.draft ? (
        <form method="post" action={`/works/${work.id}/post`} class="inline">
          <CsrfField page={page} />
          <button type="submit">Post this draft</button>
        </form>
      ) : null}
    </nav>
  );
}

export function WorkPage({ page, work, chapters, current, full }: { page: PageContext; work: WorkView; chapters: ChapterView[]; current?: number; full: boolean }): Raw {
  const shown = full || current === undefined ? chapters : chapters.filter((c) => c.number === current);
  const isLast = full || current === undefined || current === chapters.length;
  const multi = chapters.length > 1;
  return (
    <Layout page={page} title={current && multi && !full ? `${work.title} - Chapter ${current}` : work.title}>
      {work.draft ? <p class="notice" role="status">This is a draft: only you can see it.</p> : null}
      <CreatorTools page={page} work={work} />
      <RequiredTags work={work} />
      <Preface work={work} />
      <DownloadList work={work} />
      <ChapterNav work={work} chapters={chapters} current={current} full={full} label="Chapters" />
      <div class="work-text">
        {shown.map((c) => <Chapter chapter={c} showHeading={multi} lang={work.language} />)}
      </div>
      {isLast && work.endNotesHtml ? (
        <section class="end-notes" aria-label="End notes">
          <h2>End notes</h2>
          <blockquote class="userstuff">{raw(work.endNotesHtml)}</blockquote>
        </section>
      ) : null}
      <ChapterNav work={work} chapters={chapters} current={current} full={full} label="Chapters, end of page" />
    </Layout>
  );
}

/** AO3's adult-content gate: shown with 200 and none of the work's text. */
export function AdultGate({ page, work, proceedHref }: { page: PageContext; work: WorkView; proceedHref: string }): Raw {
  return (
    <Layout page={page} title="Adult content warning">
      <section class="gate" aria-labelledby="gate-title">
        <h1 id="gate-title">This work could have adult content</h1>
        <p>
          <strong>{work.title}</strong> is rated <strong>{work.rating}</strong>. If you proceed you agree that you are willing to see such content.
        </p>
        <p class="gate-actions">
          <a class="button" href={proceedHref}>Yes, continue</a>
          <a class="button secondary" href="/">No, go back</a>
        </p>
        {page.user ? (
          <p class="help">
            To stop seeing this warning, <a href="/preferences">change your preferences</a>.
          </p>
        ) : (
          <p class="help"><a href={`/login?return_to=${encodeURIComponent(page.path)}`}>Log in</a> to stop seeing this warning.</p>
        )}
      </section>
    </Layout>
  );
}

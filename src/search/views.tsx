import { h, Fragment, raw, type Raw } from '../web/jsx.ts';
import type { PageContext } from '../web/layout.tsx';
import { RATINGS, WARNINGS, CATEGORIES } from '../tags/fixed.ts';
import { SORTS, type SearchQuery } from './query.ts';
import type { FacetCount, Facets } from './facets.ts';
import type { SearchResult } from './service.ts';

const SORT_LABELS: Record<string, string> = { best: 'Best match', updated: 'Date updated', posted: 'Date posted', title: 'Title', author: 'Creator', words: 'Word count', chapters: 'Chapters' };

/** The query string of the current search with some parameters replaced. */
export function searchHref(base: string, params: Record<string, unknown>, change: Record<string, string | string[] | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (k in change || k === 'cursor' || k === 'page') continue;
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && x !== '') qs.append(k, String(x));
  }
  for (const [k, v] of Object.entries(change)) if (v !== null) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
  const s = qs.toString();
  return s ? `${base}?${s}` : base;
}

function FacetGroup({ title, name, items, base, params, limit }: { title: string; name: string; items: FacetCount[]; base: string; params: Record<string, unknown>; limit?: number }): Raw {
  if (items.length === 0) return raw('');
  const current = ([] as unknown[]).concat(params[name] ?? []).map(String);
  return (
    <details class="facet" open>
      <summary>{title}</summary>
      <ul>
        {items.map((f) => (
          <li>
            {current.includes(f.name) ? (
              <strong>{f.name} ({f.count.toLocaleString('en')})</strong>
            ) : (
              <>
                <a href={searchHref(base, params, { [name]: [...current, f.name] })}>{f.name}</a> ({f.count.toLocaleString('en')}){' '}
                <a class="exclude" href={searchHref(base, params, { exclude: [...([] as unknown[]).concat(params.exclude ?? []).map(String), f.name] })} title={`Leave out ${f.name}`}>
                  <span aria-hidden="true">−</span><span class="sr">Leave out {f.name}</span>
                </a>
              </>
            )}
          </li>
        ))}
      </ul>
      {limit !== undefined && items.length >= limit && limit < 100 ? <a class="more" href={searchHref(base, params, { facet_limit: String(Math.min(100, limit * 5)) })}>More {title.toLowerCase()}</a> : null}
    </details>
  );
}

export function FacetSidebar({ facets, base, params, limit }: { facets?: Facets; base: string; params: Record<string, unknown>; limit: number }): Raw {
  if (!facets) return raw('');
  return (
    <aside class="facets" aria-label="Narrow these results">
      <h2>Narrow results</h2>
      <FacetGroup title="Ratings" name="rating" items={facets.rating} base={base} params={params} />
      <FacetGroup title="Warnings" name="warning" items={facets.warning} base={base} params={params} />
      <FacetGroup title="Categories" name="category" items={facets.category} base={base} params={params} />
      <FacetGroup title="Fandoms" name="tag" items={facets.fandom} base={base} params={params} limit={limit} />
      <FacetGroup title="Relationships" name="tag" items={facets.relationship} base={base} params={params} limit={limit} />
      <FacetGroup title="Characters" name="tag" items={facets.character} base={base} params={params} limit={limit} />
      <FacetGroup title="Additional tags" name="tag" items={facets.freeform} base={base} params={params} limit={limit} />
      <FacetGroup title="Language" name="language" items={facets.language} base={base} params={params} />
    </aside>
  );
}

export function SearchForm({ page, query, base, params }: { page: PageContext; query: SearchQuery; base: string; params: Record<string, unknown> }): Raw {
  const vals = (k: string) => ([] as unknown[]).concat(params[k] ?? []).map(String);
  return (
    <form method="get" action={base} class="search-form" role="search">
      <label for="q">Search the stories</label>
      <input id="q" name="q" type="search" value={query.q} placeholder='words, "a phrase", drag*, -leave out, title:…' />
      <details class="more-filters">
        <summary>Filters</summary>
        <label for="f-tags">Include tags (comma-separated)</label>
        <input id="f-tags" name="tag" value={vals('tag').join(', ')} data-autocomplete="freeforms" autocomplete="off" />
        <label for="f-exclude">Leave out tags (comma-separated)</label>
        <input id="f-exclude" name="exclude" value={vals('exclude').join(', ')} data-autocomplete="freeforms" autocomplete="off" />
        <fieldset class="checks"><legend>Rating</legend>{RATINGS.map((r) => <label class="choice"><input type="checkbox" name="rating" value={r} checked={query.ratings.includes(r)} /> {r}</label>)}</fieldset>
        <fieldset class="checks"><legend>Warnings</legend>{WARNINGS.map((w) => <label class="choice"><input type="checkbox" name="warning" value={w} checked={query.warnings.includes(w)} /> {w}</label>)}</fieldset>
        <fieldset class="checks"><legend>Categories</legend>{CATEGORIES.map((c) => <label class="choice"><input type="checkbox" name="category" value={c} checked={query.categories.includes(c)} /> {c}</label>)}</fieldset>
        <label for="f-complete">Status</label>
        <select id="f-complete" name="complete">
          <option value="" selected={query.complete === undefined}>Complete or in progress</option>
          <option value="true" selected={query.complete === true}>Complete only</option>
          <option value="false" selected={query.complete === false}>In progress only</option>
        </select>
        <label for="f-wmin">Words from</label>
        <input id="f-wmin" name="words_min" inputmode="numeric" value={query.wordsMin === undefined ? '' : String(query.wordsMin)} />
        <label for="f-wmax">Words to</label>
        <input id="f-wmax" name="words_max" inputmode="numeric" value={query.wordsMax === undefined ? '' : String(query.wordsMax)} />
        {page.user ? <label class="choice"><input type="checkbox" name="ignore_blocklist" value="true" checked={query.ignoreBlocklist} /> Ignore my blocklist for this search</label> : null}
      </details>
      <label for="sort">Sort by</label>
      <select id="sort" name="sort">
        {SORTS.filter((s) => s !== 'best' || query.text).map((s) => <option value={s} selected={query.sort === s}>{SORT_LABELS[s]}</option>)}
      </select>
      <select name="order" aria-label="Order">
        <option value="desc" selected={query.order === 'desc'}>Descending</option>
        <option value="asc" selected={query.order === 'asc'}>Ascending</option>
      </select>
      <input type="hidden" name="facets" value="true" />
      <button type="submit">Search</button>
    </form>
  );
}

export function ResultNav({ result, base, params }: { result: SearchResult; base: string; params: Record<string, unknown> }): Raw {
  if (!result.nextCursor && result.page <= 1) return raw('');
  return (
    <nav class="pagination" aria-label="Pages">
      {result.page !== 1 ? <a href={searchHref(base, params, {})}>First page</a> : null}
      {result.page > 0 ? <span aria-current="page">Page {result.page} of {result.pages}</span> : null}
      {result.nextCursor ? <a rel="next" href={searchHref(base, params, { cursor: result.nextCursor })}>Next →</a> : null}
    </nav>
  );
}

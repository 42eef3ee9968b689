// The fixed, seeded query mix. Queries are made from what the archive holds
// (read in a fixed order), so the same archive always gets the same queries,
// and SQLite and PostgreSQL archives of the same size get identical ones.
// Most tags are picked the way readers pick them, from works they meet (so
// popular tags come up more often), the rest from the most used tags and
// uniformly from all tags used more than once. Every query asks for facets.
import type { Context } from '../../src/context.ts';
import type { TagKind } from '../../src/db/schema.ts';
import { htmlText } from '../../src/formats/wordcount.ts';
import { RATINGS, WARNINGS } from '../../src/tags/fixed.ts';
import { searchWorks } from '../../src/search/service.ts';
import { parseSearchQuery } from '../../src/search/query.ts';
import { type Rand, fromTable, intBelow, pick, seeded } from './random.ts';

export const CLASSES = ['single_tag', 'multi_tag', 'heavy_exclude', 'rating_warning_words', 'deep_page', 'text', 'text_filters'] as const;
export type ClassName = (typeof CLASSES)[number];
export const TEXT_CLASSES: ReadonlySet<ClassName> = new Set(['text', 'text_filters']);

export type Params = Record<string, string | string[]>;

export interface BenchQuery {
  cls: ClassName;
  params: Params;
  /** The first page can be compared with SQL's (numeric sort keys; SQL orders text differently). */
  comparablePage: boolean;
}

interface Tag {
  name: string;
  kind: TagKind;
  count: number;
}

interface SampleWork {
  id: number;
  tags: Tag[];
  text: string;
}

const FREE_KINDS: TagKind[] = ['fandom', 'relationship', 'character', 'freeform'];
const STOP = new Set('that with from this have were they them their there then than what when which would could should about into your said been upon more very some only will shall over such well upon even like just come came made also before after again where here these those being other himself herself itself while through'.split(' '));

function shuffle<T>(rand: Rand, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = intBelow(rand, i + 1);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

const tokens = (text: string) => text.toLowerCase().match(/[a-z]+/g) ?? [];

/** Reads the tags and a sample of visible works (their tags and first chapter's text), in a fixed order. */
async function sample(ctx: Context, works: number, want: number, rand: Rand): Promise<{ head: Tag[]; reused: Tag[]; sampled: SampleWork[] }> {
  const db = ctx.db;
  const tags = await db.selectFrom('tags').select(['name', 'kind', 'taggings_count']).where('kind', 'in', FREE_KINDS).where('taggings_count', '>', 0).orderBy('taggings_count', 'desc').orderBy('id').execute();
  const all = tags.map((t) => ({ name: t.name, kind: t.kind, count: t.taggings_count }));
  const ids = [...new Set(Array.from({ length: want * 2 }, () => 1 + intBelow(rand, works)))];
  const visible = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('works').select('id').where('id', 'in', ids.slice(i, i + 500)).where('status', '=', 'posted').where('hidden', '=', 0).where('restricted', '=', 0).execute();
    for (const r of rows) visible.add(r.id);
  }
  const chosen = ids.filter((id) => visible.has(id)).slice(0, want);
  const byWork = new Map<number, SampleWork>(chosen.map((id) => [id, { id, tags: [], text: '' }]));
  for (let i = 0; i < chosen.length; i += 500) {
    const part = chosen.slice(i, i + 500);
    const rows = await db.selectFrom('work_tags').innerJoin('tags', 'tags.id', 'work_tags.tag_id').select(['work_tags.work_id', 'tags.name', 'tags.kind', 'tags.taggings_count']).where('work_tags.work_id', 'in', part).orderBy('work_tags.work_id').orderBy('work_tags.position').execute();
    for (const r of rows) byWork.get(r.work_id)!.tags.push({ name: r.name, kind: r.kind, count: r.taggings_count });
    const chapters = await db.selectFrom('chapters').select(['work_id', 'body_html']).where('work_id', 'in', part).where('position', '=', 1).orderBy('work_id').execute();
    for (const c of chapters) byWork.get(c.work_id)!.text = htmlText(c.body_html);
    const titles = await db.selectFrom('works').select(['id', 'title']).where('id', 'in', part).orderBy('id').execute();
    for (const t of titles) byWork.get(t.id)!.text += `\n${t.title}`;
  }
  return { head: all.slice(0, 300), reused: all.filter((t) => t.count >= 2), sampled: chosen.map((id) => byWork.get(id)!) };
}

export async function makeQueries(ctx: Context, works: number, perClass: number, seed: number, progress: (msg: string) => void): Promise<BenchQuery[]> {
  const rand = seeded(seed);
  const { head, reused, sampled } = await sample(ctx, works, perClass * 6, rand);
  if (sampled.length === 0 || head.length === 0) throw new Error('the archive has no visible works or tags to query');
  const freeTags = (w: SampleWork) => w.tags.filter((t) => FREE_KINDS.includes(t.kind));
  const aWork = (r: Rand) => pick(r, sampled);
  const popularTag = (r: Rand): Tag => {
    for (;;) {
      const t = freeTags(aWork(r));
      if (t.length > 0) return pick(r, t);
    }
  };
  const anyTag = (r: Rand): Tag => fromTable(r, [['popular', 40], ['head', 30], ['uniform', 30]] as const) === 'popular' ? popularTag(r) : fromTable(r, [['head', 1], ['uniform', 1]] as const) === 'head' ? pick(r, head) : pick(r, reused.length > 0 ? reused : head);
  const sortOf = (r: Rand): { sort?: string; comparable: boolean } => {
    const s = fromTable(r, [['', 80], ['words', 8], ['posted', 6], ['title', 6]] as const);
    return { sort: s || undefined, comparable: s !== 'title' };
  };
  const withSort = (params: Params, sort: string | undefined): Params => (sort ? { ...params, sort } : params);
  const words = (w: SampleWork) => tokens(w.text).filter((x) => x.length >= 4 && !STOP.has(x));
  const textQuery = (r: Rand, w: SampleWork, maxWords: number): string => {
    const ws = words(w);
    if (ws.length === 0) return pick(r, ['dragon', 'tea', 'letter', 'storm']);
    const kind = fromTable(r, [['one', 35], ['two', maxWords >= 2 ? 20 : 0], ['three', maxWords >= 3 ? 10 : 0], ['phrase', 15], ['prefix', 10], ['name', 10]] as const);
    if (kind === 'one') return pick(r, ws);
    if (kind === 'two') return `${pick(r, ws)} ${pick(r, ws)}`;
    if (kind === 'three') return `${pick(r, ws)} ${pick(r, ws)} ${pick(r, ws)}`;
    if (kind === 'prefix') {
      const x = pick(r, ws);
      return `${x.slice(0, Math.min(x.length, 4 + intBelow(r, 3)))}*`;
    }
    if (kind === 'name') {
      const people = w.tags.filter((t) => t.kind === 'character').map((t) => t.name.split(' ')[0]!.toLowerCase()).filter((x) => /^[a-z]{3,}$/.test(x));
      return people.length > 0 ? `${pick(r, people)} ${pick(r, ws)}` : pick(r, ws);
    }
    // A phrase of 2–3 words as they stand in the text.
    const all = tokens(w.text);
    const starts = all.map((x, i) => (x.length >= 4 && i + 2 < all.length ? i : -1)).filter((i) => i >= 0);
    if (starts.length === 0) return pick(r, ws);
    const at = pick(r, starts);
    return `"${all.slice(at, at + 2 + intBelow(r, 2)).join(' ')}"`;
  };

  const make: Record<ClassName, (r: Rand) => BenchQuery> = {
    single_tag: (r) => {
      const { sort, comparable } = sortOf(r);
      return { cls: 'single_tag', params: withSort({ tag: anyTag(r).name, facets: 'true' }, sort), comparablePage: comparable };
    },
    multi_tag: (r) => {
      let picked: Tag[] = [];
      for (let tries = 0; picked.length < 2 && tries < 20; tries++) picked = shuffle(r, freeTags(aWork(r))).slice(0, 2 + intBelow(r, 3));
      if (picked.length < 2) picked = [pick(r, head), pick(r, head)];
      if (r() < 0.25) picked[picked.length - 1] = pick(r, head);
      const { sort, comparable } = sortOf(r);
      return { cls: 'multi_tag', params: withSort({ tag: [...new Set(picked.map((t) => t.name))], facets: 'true' }, sort), comparablePage: comparable };
    },
    heavy_exclude: (r) => {
      const n = 50 + intBelow(r, 451);
      const include = r() < 0.5 ? freeTags(aWork(r)).find((t) => t.kind === 'fandom') : undefined;
      const excluded = new Set<string>();
      while (excluded.size < n) {
        const t = fromTable(r, [['head', 20], ['popular', 50], ['uniform', 30]] as const);
        const tag = t === 'head' ? pick(r, head) : t === 'popular' ? popularTag(r) : pick(r, reused.length > 0 ? reused : head);
        if (tag.name !== include?.name && tag.kind !== 'fandom') excluded.add(tag.name);
      }
      const params: Params = { exclude: [...excluded], facets: 'true' };
      if (include) params.tag = include.name;
      return { cls: 'heavy_exclude', params, comparablePage: true };
    },
    rating_warning_words: (r) => {
      const ratings = [fromTable(r, RATINGS.map((x, i) => [x, [17, 31, 18, 25, 9][i]!] as const))];
      if (r() < 0.25) ratings.push(pick(r, RATINGS));
      const warning = fromTable(r, WARNINGS.map((x, i) => [x, [30, 10, 5, 50, 3, 2][i]!] as const));
      const lo = Math.round(10 ** (2 + r() * 3));
      const params: Params = { rating: [...new Set(ratings)], warning, facets: 'true' };
      const range = fromTable(r, [['both', 50], ['min', 25], ['max', 25]] as const);
      if (range !== 'max') params.words_min = String(lo);
      if (range !== 'min') params.words_max = String(range === 'both' ? lo * (2 + intBelow(r, 19)) : lo * 10);
      if (r() < 0.3) params.complete = 'true';
      const { sort, comparable } = sortOf(r);
      return { cls: 'rating_warning_words', params: withSort(params, sort), comparablePage: comparable };
    },
    deep_page: (r) => {
      // A big listing (a popular tag, or everything) read far in: page 50–500, or a cursor that far in.
      const tag = r() < 0.3 ? undefined : pick(r, head.filter((t) => t.count >= 50 * 20 * 1.5).slice(0, 100).concat(head.slice(0, 1)));
      const visible = tag ? tag.count * 0.85 : works * 0.85;
      const page = Math.max(2, Math.min(50 + intBelow(r, 451), Math.floor(visible / 20 / 1.2)));
      const params: Params = { page: String(page), facets: 'true' };
      if (tag) params.tag = tag.name;
      const sort = fromTable(r, [['', 80], ['words', 10], ['posted', 10]] as const);
      if (sort) params.sort = sort;
      return { cls: 'deep_page', params, comparablePage: true };
    },
    text: (r) => ({ cls: 'text', params: { q: textQuery(r, aWork(r), 3), facets: 'true' }, comparablePage: true }),
    text_filters: (r) => {
      const w = aWork(r);
      const params: Params = { q: textQuery(r, w, 2), facets: 'true' };
      const how = fromTable(r, [['fandom', 40], ['rating', 30], ['tag+rating', 30]] as const);
      const own = (kind: TagKind) => w.tags.find((t) => t.kind === kind);
      if (how !== 'rating') {
        const t = how === 'fandom' ? own('fandom') : pick(r, freeTags(w).length > 0 ? freeTags(w) : head);
        if (t) params.tag = t.name;
      }
      if (how !== 'fandom') params.rating = own('rating')?.name ?? 'General Audiences';
      if (r() < 0.2) params.words_min = '1000';
      return { cls: 'text_filters', params, comparablePage: true };
    },
  };

  const out: BenchQuery[] = [];
  for (const [k, cls] of CLASSES.entries()) {
    const r = seeded(seed * 31 + k + 1);
    for (let i = 0; i < perClass; i++) out.push(make[cls](r));
  }
  // Half the deep-page queries go by cursor: the cursor of the page before, found now, so the timed query starts that far in.
  let cursors = 0;
  for (const q of out.filter((x) => x.cls === 'deep_page')) {
    if (cursors++ % 2 === 1) continue;
    const page = Number(q.params.page);
    const before = await searchWorks(ctx, null, parseSearchQuery({ ...q.params, page: String(page - 1), facets: 'false' }));
    if (before.nextCursor) {
      delete q.params.page;
      q.params.cursor = before.nextCursor;
    }
  }
  progress(`${out.length} queries made from ${sampled.length} sampled works, ${head.length} top tags and ${reused.length} tags used more than once`);
  return out;
}

/** The mix in the order it runs: classes interleaved, seeded. */
export function runOrder(queries: BenchQuery[], seed: number): number[] {
  return shuffle(seeded(seed + 99), queries.map((_, i) => i));
}

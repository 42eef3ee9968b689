// Reads what the bitmap index needs about works from the database, in chunks.
import { sql, SqliteAdapter } from 'kysely';
import type { Db, TagRow } from '../db/schema.ts';
import type { BitmapIndex } from './bitmap-index.ts';
import type { TagMeta, WorkFacts } from './facts.ts';

const CHUNK = 2000;
const ms = (iso: string | null): number => (iso ? Date.parse(iso) : 0);

/**
 * Ids as a condition: a range when they are (nearly) contiguous, as a build's chunks
 * are, so each table is read as one index range rather than probed id by id; an IN list
 * otherwise. Callers drop rows outside the ids.
 */
function idsIn(ids: number[]): { lo: number; hi: number } | { list: number[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  return hi - lo < 2 * ids.length ? { lo, hi } : { list: ids };
}

/** The works in more than one fandom, for the whole archive in one query: a build reads this instead of every work's taggings. */
async function crossoverWorks(db: Db): Promise<number[]> {
  const canonical = sql<number>`coalesce(tags.merger_id, tags.id)`;
  const rows = await db
    .selectFrom('tags')
    .innerJoin('work_tags', 'work_tags.tag_id', 'tags.id')
    .select('work_tags.work_id')
    .where('tags.kind', '=', 'fandom')
    .groupBy('work_tags.work_id')
    .having(sql`count(distinct ${canonical})`, '>', 1)
    .execute();
  return rows.map((r) => r.work_id);
}

/**
 * Facts for these works; a work that is missing, a draft or hidden maps to null. With
 * `fandoms` false, every work counts as having one fandom (a build marks crossovers apart).
 */
export async function loadFacts(db: Db, ids: number[], fandoms = true): Promise<Map<number, WorkFacts | null>> {
  // One row of comma-separated tag ids per work: half the time of a row per filter, which dominated a build.
  const tagList = db.getExecutor().adapter instanceof SqliteAdapter ? sql<string>`group_concat(tag_id)` : sql<string>`string_agg(tag_id::text, ',')`;
  const out = new Map<number, WorkFacts | null>(ids.map((id) => [id, null]));
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const wanted = new Set(chunk);
    const range = idsIn(chunk);
    const by = <Q extends { where: (...args: any[]) => Q }>(q: Q, column: string): Q =>
      'list' in range ? q.where(column, 'in', range.list) : q.where(column, '>=', range.lo).where(column, '<=', range.hi);
    const works = (
      await by(
        db.selectFrom('works').select(['id', 'restricted', 'anonymous', 'complete', 'language', 'words', 'posted_chapters', 'expected_chapters', 'updated_at', 'published_at', 'title']),
        'id',
      ).where('status', '=', 'posted').where('hidden', '=', 0).execute()
    ).filter((w) => wanted.has(w.id));
    if (works.length === 0) continue;
    const live = new Set(works.map((w) => w.id));
    const [creators, filters, fandomTaggings] = await Promise.all([
      by(db.selectFrom('creatorships').innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id').select(['creatorships.work_id', 'creatorships.pseud_id', 'pseuds.user_id', 'pseuds.name']), 'creatorships.work_id').orderBy('creatorships.position').execute(),
      by(db.selectFrom('work_filters').select(['work_id', tagList.as('tags')]), 'work_id').groupBy('work_id').execute(),
      !fandoms
        ? []
        : // Written as a cross join so that SQLite reads the works' taggings first and looks each tag up by id:
          // joined, it walks every fandom tag (tags_kind) and probes the chunk's works for each, ~0.8 s a chunk at 100k works.
          by(db.selectFrom('work_tags').crossJoin('tags').whereRef('tags.id', '=', 'work_tags.tag_id').select(['work_tags.work_id', 'tags.id', 'tags.merger_id']), 'work_tags.work_id').where('tags.kind', '=', 'fandom').execute(),
    ]);
    const creatorsOf = new Map<number, typeof creators>();
    for (const c of creators) {
      if (!live.has(c.work_id)) continue;
      const list = creatorsOf.get(c.work_id);
      if (list) list.push(c);
      else creatorsOf.set(c.work_id, [c]);
    }
    for (const w of works) {
      const mine = creatorsOf.get(w.id) ?? [];
      out.set(w.id, {
        id: w.id,
        restricted: w.restricted === 1,
        anonymous: w.anonymous === 1,
        complete: w.complete === 1,
        language: w.language,
        words: w.words,
        chapters: w.posted_chapters,
        expected: w.expected_chapters,
        updatedAt: ms(w.updated_at),
        publishedAt: ms(w.published_at),
        title: w.title,
        author: w.anonymous ? 'anonymous' : (mine[0]?.name ?? ''),
        creators: [...new Set(mine.map((c) => c.user_id))],
        pseuds: mine.map((c) => c.pseud_id),
        filters: [],
        fandoms: fandoms ? 0 : 1,
      });
    }
    for (const f of filters) if (live.has(f.work_id)) out.get(f.work_id)!.filters = f.tags.split(',').map(Number);
    const fandomSets = new Map<number, Set<number>>();
    for (const f of fandomTaggings) {
      if (!live.has(f.work_id)) continue;
      const set = fandomSets.get(f.work_id) ?? new Set<number>();
      set.add(f.merger_id ?? f.id);
      fandomSets.set(f.work_id, set);
    }
    for (const [id, set] of fandomSets) {
      const facts = out.get(id);
      if (facts) facts.fandoms = set.size;
    }
  }
  return out;
}

const TAG_COLUMNS = ['id', 'name', 'kind', 'canonical', 'merger_id'] as const;

const tagMetaOf = (r: Pick<TagRow, (typeof TAG_COLUMNS)[number]>): { id: number } & TagMeta =>
  r.merger_id === null
    ? { id: r.id, name: r.name, kind: r.kind, canonical: r.canonical === 1, synonym: false }
    : { id: r.id, name: r.name, kind: r.kind, canonical: r.canonical === 1, synonym: true, merger: r.merger_id };

/** Loads names, kinds and wrangling marks of the given tags into the index (for facets and names). */
export async function loadTagMeta(db: Db, index: BitmapIndex, tagIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(tagIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('tags').select(TAG_COLUMNS).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const r of rows) index.setTagMeta(r.id, tagMetaOf(r));
  }
}

/** Applies the current database state of the works and tags of change-log rows (see SearchChangesTable) to the index. */
export async function applyChanges(db: Db, index: BitmapIndex, changed: number[]): Promise<void> {
  const facts = await loadFacts(db, changed.filter((id) => id > 0));
  const tagIds = new Set<number>(changed.filter((id) => id < 0).map((id) => -id));
  for (const f of facts.values()) for (const t of f?.filters ?? []) tagIds.add(t);
  // Kinds first: the index gives fixed-kind tags a bitmap even when one work uses them.
  await loadTagMeta(db, index, tagIds);
  for (const [id, f] of facts) index.put(id, f);
}

/**
 * What a build reads, in parts that can be read in any order and by several readers at once (see
 * ./build-worker.ts): the works a chunk of ids at a time, the tags some work filters under a range of
 * ids at a time, and the works in more than one fandom (one query over the whole archive).
 */
export type BuildJob = { works: [number, number] } | { tags: [number, number] } | { crossovers: true };

/** What a job read: facts of posted works (their crossover marks apart), tags' names and kinds, or crossover works. */
export type BuildChunk = { works: WorkFacts[] } | { tags: ({ id: number } & TagMeta)[] } | { crossovers: number[] };

const TAG_RANGE = 10 * CHUNK;

/**
 * The jobs of a build of the whole archive: the long crossover query first, so that it is not left
 * last. `works` and `tags`: how many ids a job reads (smaller in tests, for many jobs).
 */
export async function buildJobs(db: Db, { works: worksPerJob = CHUNK, tags: tagsPerJob = TAG_RANGE } = {}): Promise<BuildJob[]> {
  const [works, tags] = await Promise.all([
    db.selectFrom('works').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst(),
    db.selectFrom('tags').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst(),
  ]);
  const workJobs: BuildJob[] = [];
  const tagJobs: BuildJob[] = [];
  for (let from = 1, last = Number(works?.id ?? 0); from <= last; from += worksPerJob) workJobs.push({ works: [from, Math.min(last, from + worksPerJob - 1)] });
  for (let from = 1, last = Number(tags?.id ?? 0); from <= last; from += tagsPerJob) tagJobs.push({ tags: [from, Math.min(last, from + tagsPerJob - 1)] });
  // Tags spread among the works: the main thread names them while it would wait for works, rather than all at the end.
  const jobs: BuildJob[] = [{ crossovers: true }];
  for (let w = 0, t = 0; w < workJobs.length || t < tagJobs.length; ) {
    if (t < tagJobs.length && (w === workJobs.length || t * workJobs.length <= w * tagJobs.length)) jobs.push(tagJobs[t++]!);
    else jobs.push(workJobs[w++]!);
  }
  return jobs;
}

/** Reads one job. A work's facts say it has one fandom: the crossovers job marks the others. */
export async function readJob(db: Db, job: BuildJob): Promise<BuildChunk> {
  if ('crossovers' in job) return { crossovers: await crossoverWorks(db) };
  if ('works' in job) {
    const [from, to] = job.works;
    const ids = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const works: WorkFacts[] = [];
    for (const f of (await loadFacts(db, ids, false)).values()) if (f) works.push(f);
    return { works };
  }
  // Tags some work filters under, and synonyms, whose names a search may give: the index names no
  // others (tags no work has yet).
  const tags = await db
    .selectFrom('tags')
    .select(TAG_COLUMNS)
    .where('id', '>=', job.tags[0])
    .where('id', '<=', job.tags[1])
    .where((eb) => eb.or([eb('merger_id', 'is not', null), eb.exists(eb.selectFrom('work_filters').select('work_filters.tag_id').whereRef('work_filters.tag_id', '=', 'tags.id'))]))
    .orderBy('id')
    .execute();
  return { tags: tags.map(tagMetaOf) };
}

/** Reads the whole archive for a build, job by job, in this thread. */
export async function* readArchive(db: Db): AsyncGenerator<BuildChunk> {
  for (const job of await buildJobs(db)) yield await readJob(db, job);
}

/**
 * Builds the whole index from `chunks` (readArchive, here or in worker threads: see
 * ./build-worker.ts), in whatever order they come. Fixed-kind tags are known first, as the index
 * files them apart.
 */
export async function buildAll(db: Db, index: BitmapIndex, chunks: AsyncIterable<BuildChunk> = readArchive(db)): Promise<void> {
  const fixed = await db.selectFrom('tags').select('id').where('kind', 'in', ['rating', 'warning', 'category']).execute();
  await loadTagMeta(db, index, fixed.map((t) => t.id));
  index.startBuild();
  let n = 0;
  for await (const chunk of chunks) {
    if ('works' in chunk) {
      for (const f of chunk.works) index.put(f.id, f);
      if (++n % 10 === 0) index.flush();
    } else if ('tags' in chunk) {
      for (const t of chunk.tags) index.setTagMeta(t.id, t);
    } else {
      index.markCrossovers(chunk.crossovers);
    }
  }
  index.flush(true);
}

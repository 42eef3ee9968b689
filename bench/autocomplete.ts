// npm run bench:autocomplete -- [--tags 1000000] [--queries 2000] [--dialect sqlite|postgres] [--json] [--explain]
//
// Fills an archive with a million tags (the real names of the Pudding scrape
// when ../shared is there, then synthetic ones from their words): ~10%
// canonical, a quarter of the rest synonyms, most canonical characters,
// relationships and freeforms under a fandom (a few fandoms holding most).
// Then times autocomplete() for 1-4 character prefixes of the archive's own
// tag keys, with and without kind and fandom scoping, and prints p50/p99
// against the 50 ms target. --explain prints the plans of sample queries.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DialectName } from '../src/db/connect.ts';
import { sqlitePath } from '../src/db/connect.ts';
import type { Database, Db, TagKind } from '../src/db/schema.ts';
import { nowIso } from '../src/context.ts';
import { autocomplete } from '../src/tags/queries.ts';
import { tagKey } from '../src/tags/names.ts';
import { createBenchDatabase, openLoader } from './support/database.ts';
import { vacuumAnalyze, insertChunked, insertTags } from './support/bulk.ts';
import { readPudding } from './support/pudding.ts';
import { generateTagNames, random, wrangleNames } from './support/tag-names.ts';
import { seconds, summarize, table, timer, type Summary } from './support/stats.ts';

const { values: opts } = parseArgs({
  options: {
    tags: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '2000' },
    dialect: { type: 'string', default: 'sqlite' },
    json: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
  },
});
const dialect = opts.dialect as DialectName;
if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`--dialect must be sqlite or postgres, got "${opts.dialect}"`);
const tagCount = Number(opts.tags);
const queryCount = Number(opts.queries);
const TARGET_MS = 50;
const DATA_DIR = fileURLToPath(new URL('../../shared/data/ao3/pudding-works/', import.meta.url));
const progress = (msg: string) => process.stderr.write(`# ${msg}\n`);

interface Query {
  mode: 'prefix' | 'kind' | 'kind+fandom';
  prefix: string;
  kind?: TagKind;
  fandoms?: string[];
}

function makeQueries(keys: { key: string; kind: TagKind }[], fandoms: string[], rand: () => number): Query[] {
  const scoped: TagKind[] = ['character', 'relationship', 'freeform'];
  const popular = fandoms.slice(0, Math.max(1, Math.ceil(fandoms.length / 20)));
  return Array.from({ length: queryCount }, (_, i) => {
    const { key, kind } = keys[Math.floor(rand() * keys.length)]!;
    const prefix = [...key].slice(0, 1 + (i % 4)).join('');
    const r = rand();
    if (r < 0.3) return { mode: 'prefix', prefix };
    if (r < 0.65 || !scoped.includes(kind)) return { mode: 'kind', prefix, kind };
    const n = 1 + Math.floor(rand() * 2);
    return { mode: 'kind+fandom', prefix, kind, fandoms: Array.from({ length: n }, () => popular[Math.floor(rand() * popular.length)]!) };
  });
}

/** A second connection that logs the SQL autocomplete runs, to EXPLAIN it. */
function loggingDb(url: string, captured: CompiledQuery[]): Kysely<Database> {
  const log = (e: LogEvent) => void (e.level === 'query' && captured.push(e.query));
  if (dialect === 'sqlite') return new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(sqlitePath(url)) }), log });
  const pool = new pg.Pool({ connectionString: url, user: decodeURIComponent(new URL(url).username) || 'postgres', max: 1 });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
}

async function explain(url: string, queries: Query[]): Promise<string[]> {
  const out: string[] = [];
  const captured: CompiledQuery[] = [];
  const db = loggingDb(url, captured);
  try {
    for (const q of queries) {
      captured.length = 0;
      await autocomplete(db, q.prefix, { kind: q.kind, fandoms: q.fandoms });
      out.push(`\n== ${q.mode} "${q.prefix}"${q.kind ? ` kind=${q.kind}` : ''}${q.fandoms ? ` fandoms=${q.fandoms.join(' + ')}` : ''}`);
      for (const c of [...captured]) {
        out.push(`-- ${c.sql}`);
        const prefix = dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ';
        const res = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + c.sql, [...c.parameters]));
        for (const row of res.rows) out.push(`   ${dialect === 'sqlite' ? String(row.detail) : String(row['QUERY PLAN'])}`);
      }
    }
  } finally {
    await db.destroy();
  }
  return out;
}

async function main(): Promise<number> {
  const database = await createBenchDatabase(dialect, 'autocomplete');
  try {
    const db: Db = database.connection.db;
    const rand = random(7);
    const started = timer();
    const data = existsSync(DATA_DIR) ? readPudding(DATA_DIR) : null;
    if (!data) progress(`no ${DATA_DIR}: synthetic names only`);
    const names = generateTagNames(tagCount, data);
    const { tags, parents, fandoms } = wrangleNames(names, rand);
    const genMs = started();
    progress(`${names.length} names (${names.filter((n) => n.real).length} real) in ${seconds(genMs)} s`);

    let step = timer();
    const loader = openLoader(database);
    const loaded = await insertTags(loader.db, tags, nowIso());
    const parentRows = parents.map(([child, parent]) => ({ parent_id: loaded.ids.get(tagKey(parent))!, child_id: loaded.ids.get(tagKey(child))! }));
    await loader.db.transaction().execute((trx) => insertChunked(trx, 'tag_parents', parentRows));
    await loader.close();
    await vacuumAnalyze(db);
    const insertMs = step();
    const canonical = tags.filter((t) => t.canonical).length;
    const synonyms = tags.filter((t) => t.mergerKey !== undefined).length - loaded.orphanSynonyms;
    progress(`inserted ${loaded.inserted} tags (${canonical} canonical, ${synonyms} synonyms) and ${parentRows.length} fandom parents in ${seconds(insertMs)} s`);

    const queries = makeQueries(names.map((n) => ({ key: tagKey(n.name), kind: n.kind })), fandoms, rand);
    for (const q of queries.slice(0, 50)) await autocomplete(db, q.prefix, { kind: q.kind, fandoms: q.fandoms });
    const times = new Map<string, number[]>();
    const record = (group: string, ms: number) => {
      const list = times.get(group) ?? [];
      list.push(ms);
      times.set(group, list);
    };
    let empty = 0;
    const timed: { q: Query; ms: number }[] = [];
    for (const q of queries) {
      step = timer();
      const found = await autocomplete(db, q.prefix, { kind: q.kind, fandoms: q.fandoms });
      const ms = step();
      timed.push({ q, ms });
      if (found.length === 0) empty++;
      record('all', ms);
      record(q.mode, ms);
      record(`${[...q.prefix].length} char${[...q.prefix].length > 1 ? 's' : ''}`, ms);
    }
    const summaries: Record<string, Summary> = {};
    for (const [group, values] of times) summaries[group] = summarize(values);
    const all = summaries.all!;
    const result = { dialect, tags: loaded.inserted, canonical, synonyms, parents: parentRows.length, insertS: Number(seconds(insertMs)), queries: queries.length, empty, targetMs: TARGET_MS, summaries };
    if (opts.json) console.log(JSON.stringify(result));
    else {
      console.log(`\nautocomplete on ${dialect}: ${loaded.inserted} tags, ${queries.length} queries (${empty} with no suggestion); load ${seconds(insertMs)} s\n`);
      const order = ['all', 'prefix', 'kind', 'kind+fandom', '1 char', '2 chars', '3 chars', '4 chars'];
      console.log(table(['queries', 'n', 'p50 ms', 'p99 ms', 'max ms'], order.filter((g) => summaries[g]).map((g) => [g, summaries[g]!.n, summaries[g]!.p50, summaries[g]!.p99, summaries[g]!.max])));
      console.log(`\np99 ${all.p99} ms: ${all.p99 < TARGET_MS ? 'within' : 'OVER'} the ${TARGET_MS} ms target`);
    }
    if (opts.explain) {
      // One of each shape with a one-letter prefix (the widest ranges), then the three slowest queries of the run.
      const samples = (['prefix', 'kind', 'kind+fandom'] as const).map((mode) => queries.find((q) => q.mode === mode && q.prefix.length === 1)).filter((q): q is Query => q !== undefined);
      const slowest = [...timed].sort((a, b) => b.ms - a.ms).slice(0, 3).map((t) => t.q);
      for (const line of await explain(database.url, [...samples, ...slowest])) console.log(line);
    }
    return all.p99 < TARGET_MS ? 0 : 1;
  } finally {
    await database.drop();
  }
}

process.exitCode = await main();

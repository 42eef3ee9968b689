// npm run bench:search -- --works N [--dialect sqlite|postgres] [--bodies short|full] [--json]
//                          [--queries 1400] [--sql-queries 40] [--sql-budget 120] [--skip-sql] [--synthetic] [--regenerate]
//
// Search at archive scale (issue 4). Generates (or reuses, from .bench/) an
// archive of N works shaped like AO3 (./search/corpus.ts), builds the in-memory
// bitmap index as the server does at start, then times a fixed, seeded mix of
// queries through searchWorks (name resolution, visibility, the index, facets,
// the presented page and snippets), one class at a time in an interleaved order.
// For a sample of each class it answers the same query in plain SQL
// (./search/sql-baseline.ts) and checks that both give the same total, page and
// facet counts. Progress goes to stderr; --json prints one JSON object on stdout.
//
// --queries       total queries, split evenly over the classes (at least 1,000 are needed for stable p99s)
// --sql-queries   queries per class also answered in SQL; --sql-budget caps the seconds spent per class (after 3)
// --skip-sql      no SQL baseline (for profiling the index path: node --cpu-prof --import tsx bench/search.ts …)
// --only          run only these classes (comma-separated), e.g. --only heavy_exclude,deep_page
// --slowest N     print each class's N slowest queries with their phases (stderr)
// --synthetic     synthetic names and text even when ../shared is there
// --regenerate    rebuild the archive even if one is cached
//
// Facet counts are kept between searches with the same filters, as in the app (FACET_CACHE_SIZE,
// src/search/facet-cache.ts); what the warm-up kept is dropped before the timed run, and each
// class reports how many of its searches found their counts kept. FACET_CACHE_SIZE=0 counts every time.
//
// Run with node --expose-gc (or NODE_OPTIONS=--expose-gc) so rss_mb is measured after a full GC.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import type { Context } from '../src/context.ts';
import { connect, type DialectName } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { FailureLimiter } from '../src/accounts/rate-limit.ts';
import { LiveIndex } from '../src/search/refresh.ts';
import { parseSearchQuery } from '../src/search/query.ts';
import { searchWorks, type SearchResult } from '../src/search/service.ts';
import type { Facets } from '../src/search/facets.ts';
import { onPhase, PHASES, type Phase } from '../src/search/phases.ts';
import { warmRanker } from '../src/search/text-ranker.ts';
import { computeFilters } from '../src/tags/filters.ts';
import { findArchive, urlOf, type ArchiveKey, type Bodies, type Manifest } from './search/database.ts';
import { generate, SEED } from './search/generate.ts';
import { CLASSES, TEXT_CLASSES, makeQueries, runOrder, type BenchQuery, type ClassName } from './search/queries.ts';
import { sqlSearch, type SqlResult } from './search/sql-baseline.ts';
import { latencies, round1, table } from './search/stats.ts';

const { values: opts } = parseArgs({
  options: {
    works: { type: 'string', default: '100000' },
    dialect: { type: 'string', default: 'sqlite' },
    bodies: { type: 'string', default: 'short' },
    json: { type: 'boolean', default: false },
    queries: { type: 'string', default: '1400' },
    'sql-queries': { type: 'string', default: '40' },
    'sql-budget': { type: 'string', default: '120' },
    'skip-sql': { type: 'boolean', default: false },
    only: { type: 'string' },
    slowest: { type: 'string', default: '0' },
    synthetic: { type: 'boolean', default: false },
    regenerate: { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
  },
});
const dialect = opts.dialect as DialectName;
if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`--dialect must be sqlite or postgres, got "${opts.dialect}"`);
const bodies = opts.bodies as Bodies;
if (bodies !== 'short' && bodies !== 'full') throw new Error(`--bodies must be short or full, got "${opts.bodies}"`);
const works = Number(opts.works);
if (!Number.isInteger(works) || works < 100) throw new Error(`--works must be a whole number of at least 100, got "${opts.works}"`);
const totalQueries = Number(opts.queries);
const sqlPerClass = opts['skip-sql'] ? 0 : Number(opts['sql-queries']);
const sqlBudgetMs = Number(opts['sql-budget']) * 1000;
const key: ArchiveKey = { works, dialect, bodies, synthetic: opts.synthetic };
const only = opts.only === undefined ? null : new Set(opts.only.split(','));
for (const c of only ?? []) if (!(CLASSES as readonly string[]).includes(c)) throw new Error(`--only: no class "${c}"; the classes are ${CLASSES.join(', ')}`);

const progress = (msg: string) => process.stderr.write(`# ${msg}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
/**
 * Resident memory once garbage is gone. Native memory (roaring's bitmaps, typed arrays' stores) is
 * freed by finalizers after a GC, not within it: one build at a million works read 1,115 MB after
 * one GC, and 870 MB after four with a pause after each.
 */
const rssMb = async () => {
  for (let i = 0; i < 4 && gc; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Math.round(process.memoryUsage().rss / 1e6);
};
const loads = () => loadavg().map((x) => Math.round(x * 100) / 100);

/** Generates the archive in a child process, so this process's memory holds only the index it measures. */
function generateInChild(): void {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2).filter((a) => a !== '--json' && a !== '--regenerate'), '--generate-only', '--regenerate'];
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', 2, 2] });
  if (child.status !== 0) throw new Error(`generating the archive failed (exit ${child.status ?? child.signal})`);
}

interface Outcome {
  total: number;
  ids: number[];
  facets: Facets;
}

const outcome = (r: SearchResult | SqlResult): Outcome => ({ total: r.total, ids: r.works.map((w) => w.id), facets: r.facets! });

/** Differences between the index's answer and SQL's: total, first page (when comparable), facet counts. */
function differences(q: BenchQuery, index: Outcome, baseline: Outcome): string[] {
  const out: string[] = [];
  if (index.total !== baseline.total) out.push(`total ${index.total} (index) vs ${baseline.total} (SQL)`);
  if (q.comparablePage && index.ids.join() !== baseline.ids.join()) out.push(`page [${index.ids.join(',')}] (index) vs [${baseline.ids.join(',')}] (SQL)`);
  for (const kind of Object.keys(baseline.facets) as (keyof Facets)[]) {
    const a = index.facets[kind];
    const b = baseline.facets[kind];
    // Ties may be broken by different collations, so tag facets compare the counts; fixed sets compare names too.
    const show = (list: { name: string; count: number }[]) =>
      ['fandom', 'relationship', 'character', 'freeform'].includes(kind) ? list.map((x) => x.count).join(',') : list.map((x) => `${x.name}:${x.count}`).sort().join(',');
    if (show(a) !== show(b)) out.push(`facet ${kind}: ${show(a)} (index) vs ${show(b)} (SQL)`);
  }
  return out;
}

/** work_filters as written by the generator against what src/tags/filters.ts would compute, for a sample of works. */
async function checkFilters(ctx: Context, count: number): Promise<number> {
  const ids = Array.from({ length: 300 }, (_, i) => 1 + Math.floor((i * count) / 300));
  const want = await computeFilters(ctx.db, ids);
  const rows = await ctx.db.selectFrom('work_filters').select(['work_id', 'tag_id']).where('work_id', 'in', ids).execute();
  const have = new Map<number, Set<number>>(ids.map((id) => [id, new Set()]));
  for (const r of rows) have.get(r.work_id)!.add(r.tag_id);
  let bad = 0;
  for (const id of ids) {
    const a = [...want.get(id)!].sort().join();
    const b = [...have.get(id)!].sort().join();
    if (a !== b) bad++;
  }
  return bad;
}

async function main(): Promise<number> {
  const loadAtStart = loads();
  let manifest: Manifest | null = opts.regenerate && !opts['generate-only'] ? null : await findArchive(key);
  if (opts['generate-only']) {
    if (!manifest || opts.regenerate) {
      const m = await generate(key, progress);
      progress(`archive ready in ${m.generate_s} s: ${m.database}`);
    }
    return 0;
  }
  let generated = manifest === null;
  if (manifest) {
    // A cached archive follows the schema through the migrations; one they cannot bring up to date is made again.
    const c = connect(urlOf(manifest));
    try {
      await migrateToLatest(c.db);
      progress(`reusing ${manifest.database} (generated in ${manifest.generate_s} s on ${manifest.created_at})`);
    } catch (e) {
      progress(`the cached archive cannot be migrated (${String(e).slice(0, 200)}): generating it again`);
      manifest = null;
    } finally {
      await c.close();
    }
  }
  if (!manifest) {
    generated = true;
    progress(`generating an archive of ${works} works (${dialect}, ${bodies} bodies); load average ${loads().join(' ')}`);
    generateInChild();
    manifest = await findArchive(key);
    if (!manifest) throw new Error('the archive generator finished without writing its manifest');
  }

  const url = urlOf(manifest);
  // Opened as the app opens it: the memory map as configured (SQLITE_MMAP_MB, default on).
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', SQLITE_MMAP_MB: process.env.SQLITE_MMAP_MB, FACET_CACHE_SIZE: process.env.FACET_CACHE_SIZE });
  const connection = connect(url, { mmapMb: config.sqliteMmapMb });
  try {
    const live = new LiveIndex(connection.db, dialect === 'sqlite' ? url : undefined, config.facetCacheSize, connection.commits);
    const ctx: Context = { db: connection.db, dialect, textReader: connection.textReader, config, loginFailures: new FailureLimiter(config.loginLimit, 15 * 60 * 1000), search: live, close: async () => {} };
    const badFilters = await checkFilters(ctx, works);
    if (badFilters > 0) progress(`!!! MISMATCH: ${badFilters} of 300 sampled works have work_filters other than computeFilters gives`);

    const rssBefore = await rssMb();
    progress(`building the bitmap index (rss ${rssBefore} MB${gc ? '' : ', no --expose-gc: measured without a GC'}) …`);
    const built = await live.build();
    // As the server does before it listens.
    if (connection.textReader) await warmRanker(connection.textReader);
    const rss = await rssMb();
    progress(`index of ${built.works} works built in ${built.seconds.toFixed(2)} s; rss ${rss} MB (+${rss - rssBefore} MB)`);

    const perClass = Math.max(1, Math.ceil(totalQueries / CLASSES.length));
    const queries = (await makeQueries(ctx, works, perClass, SEED, progress)).filter((q) => !only || only.has(q.cls));
    const order = runOrder(queries, SEED);
    const indexInClass = new Map<number, number>();
    const seenInClass = new Map<ClassName, number>();
    queries.forEach((q, i) => {
      const n = seenInClass.get(q.cls) ?? 0;
      indexInClass.set(i, n);
      seenInClass.set(q.cls, n + 1);
    });

    // Warm-up: every 20th query once, untimed.
    for (const i of order.filter((_, k) => k % 20 === 0)) await searchWorks(ctx, null, parseSearchQuery(queries[i]!.params)).catch(() => {});
    live.facetCache.clear();

    const times = new Map<ClassName, number[]>(CLASSES.map((c) => [c, []]));
    const totals = new Map<ClassName, number[]>(CLASSES.map((c) => [c, []]));
    const errors = new Map<ClassName, number>();
    const keptFacets = new Map<ClassName, number>();
    const kept = new Map<number, Outcome>();
    // Time spent in each phase of a search (src/search/phases.ts), per class.
    const phaseTimes = new Map<ClassName, Map<Phase, number[]>>(CLASSES.map((c) => [c, new Map(PHASES.map((p) => [p, []]))]));
    let current: ClassName = CLASSES[0];
    let queryPhases: Partial<Record<Phase, number>> = {};
    const slow: { cls: ClassName; ms: number; params: unknown; phases: Partial<Record<Phase, number>> }[] = [];
    onPhase((phase, ms) => {
      phaseTimes.get(current)!.get(phase)!.push(ms);
      queryPhases[phase] = (queryPhases[phase] ?? 0) + ms;
    });
    const runStarted = performance.now();
    for (const [done, i] of order.entries()) {
      const q = queries[i]!;
      current = q.cls;
      queryPhases = {};
      const hitsBefore = live.facetCache.hits;
      const t0 = performance.now();
      try {
        const result = await searchWorks(ctx, null, parseSearchQuery(q.params));
        times.get(q.cls)!.push(performance.now() - t0);
        if (live.facetCache.hits > hitsBefore) keptFacets.set(q.cls, (keptFacets.get(q.cls) ?? 0) + 1);
        slow.push({ cls: q.cls, ms: performance.now() - t0, params: q.params, phases: queryPhases });
        totals.get(q.cls)!.push(result.total);
        if (indexInClass.get(i)! < sqlPerClass) kept.set(i, outcome(result));
      } catch (e) {
        errors.set(q.cls, (errors.get(q.cls) ?? 0) + 1);
        progress(`!!! ERROR in ${q.cls} ${JSON.stringify(q.params).slice(0, 200)}: ${String(e)}`);
      }
      if ((done + 1) % 200 === 0) progress(`${done + 1}/${order.length} queries through the index`);
    }
    onPhase(null);
    const slowest = Number(opts.slowest);
    for (const cls of CLASSES) {
      for (const q of slow.filter((x) => x.cls === cls).sort((a, b) => b.ms - a.ms).slice(0, slowest)) {
        const phases = Object.entries(q.phases).map(([p, ms]) => `${p} ${ms.toFixed(1)}`).join(', ');
        progress(`slow ${cls} ${q.ms.toFixed(1)} ms (${phases}): ${JSON.stringify(q.params).slice(0, 160)}`);
      }
    }
    progress(`index run: ${order.length} queries in ${((performance.now() - runStarted) / 1000).toFixed(1)} s`);
    const phases: Record<string, Record<string, { p50_ms: number; p99_ms: number }>> = {};
    for (const cls of CLASSES) {
      phases[cls] = {};
      for (const [phase, list] of phaseTimes.get(cls)!) {
        if (list.length === 0) continue;
        const l = latencies(list);
        phases[cls][phase] = { p50_ms: l.p50, p99_ms: l.p99 };
      }
    }

    const sqlTimes = new Map<ClassName, number[]>(CLASSES.map((c) => [c, []]));
    let mismatches = 0;
    for (const cls of CLASSES) {
      if (sqlPerClass === 0) break;
      const started = performance.now();
      const mine = queries.map((q, i) => ({ q, i })).filter(({ q, i }) => q.cls === cls && kept.has(i));
      for (const [n, { q, i }] of mine.entries()) {
        if (n >= 3 && performance.now() - started > sqlBudgetMs) {
          progress(`${cls}: SQL budget used up after ${n} queries`);
          break;
        }
        const t0 = performance.now();
        const result = await sqlSearch(ctx, parseSearchQuery(q.params));
        sqlTimes.get(cls)!.push(performance.now() - t0);
        const diff = differences(q, kept.get(i)!, outcome(result));
        if (diff.length > 0) {
          mismatches++;
          progress(`!!! MISMATCH in ${cls} ${JSON.stringify(q.params).slice(0, 300)}:\n#     ${diff.join('\n#     ').slice(0, 2000)}`);
        }
      }
      progress(`${cls}: ${sqlTimes.get(cls)!.length} queries answered in SQL in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    const classes: Record<string, Record<string, number | boolean | null>> = {};
    for (const cls of CLASSES) {
      const l = latencies(times.get(cls)!);
      const s = sqlTimes.get(cls)!.length > 0 ? latencies(sqlTimes.get(cls)!) : null;
      const sortedTotals = [...totals.get(cls)!].sort((a, b) => a - b);
      classes[cls] = {
        queries: times.get(cls)!.length,
        text: TEXT_CLASSES.has(cls),
        p50_ms: l.p50,
        p95_ms: l.p95,
        p99_ms: l.p99,
        sql_p50_ms: s?.p50 ?? null,
        sql_p99_ms: s?.p99 ?? null,
        sql_queries: sqlTimes.get(cls)!.length,
        median_total: sortedTotals[Math.floor(sortedTotals.length / 2)] ?? 0,
        kept_facets: keptFacets.get(cls) ?? 0,
        errors: errors.get(cls) ?? 0,
      };
    }
    const result = {
      works,
      dialect,
      build_index_s: Math.round(built.seconds * 100) / 100,
      rss_mb: rss,
      classes,
      bodies,
      index_works: built.works,
      rss_before_index_mb: rssBefore,
      facet_cache_size: config.facetCacheSize,
      gc: gc !== undefined,
      generated,
      generate_s: manifest.generate_s,
      tags: manifest.tags,
      taggings: manifest.taggings,
      median_tags: manifest.medianTags,
      mismatches: mismatches + badFilters,
      load_avg: { start: loadAtStart, end: loads() },
      phases,
    };
    if (opts.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
    } else {
      console.log(`\nsearch bench on ${dialect}, ${works} works (${bodies} bodies, ${manifest.tags} tags, median ${manifest.medianTags} tags a work); ` +
        `index built in ${result.build_index_s} s, rss ${rss} MB; archive ${generated ? 'generated' : 'cached'} (generation took ${manifest.generate_s} s); ` +
        `load average ${result.load_avg.start.join(' ')} → ${result.load_avg.end.join(' ')}\n`);
      console.log(table(
        ['class', 'queries', 'text', 'median total', 'kept facets', 'p50 ms', 'p95 ms', 'p99 ms', 'sql n', 'sql p50 ms', 'sql p99 ms', 'p50 speed-up'],
        CLASSES.map((c) => {
          const x = classes[c]!;
          const speedup = x.sql_p50_ms !== null ? `${round1(Number(x.sql_p50_ms) / Math.max(0.01, Number(x.p50_ms)))}×` : '-';
          return [c, Number(x.queries), x.text ? 'yes' : 'no', Number(x.median_total), Number(x.kept_facets), Number(x.p50_ms), Number(x.p95_ms), Number(x.p99_ms), Number(x.sql_queries), String(x.sql_p50_ms ?? '-'), String(x.sql_p99_ms ?? '-'), speedup];
        }),
      ));
      console.log('\nwhere the time goes, p50 / p99 ms per phase (src/search/phases.ts):\n');
      console.log(table(['class', ...PHASES], CLASSES.map((c) => [c, ...PHASES.map((p) => (phases[c]![p] ? `${phases[c]![p]!.p50_ms} / ${phases[c]![p]!.p99_ms}` : '-'))])));
      if (mismatches + badFilters > 0) console.log(`\n!!! ${mismatches + badFilters} MISMATCHES between the index and SQL (see stderr)`);
    }
    return mismatches + badFilters > 0 || [...errors.values()].some((n) => n > 0) ? 1 : 0;
  } finally {
    await connection.close();
  }
}

process.exitCode = await main();

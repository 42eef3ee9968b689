// npm run bench:wrangle -- [--dialect sqlite|postgres] [--json] [--limit N] [--clients 3] [--think 100] [--readers all|work]
//
// Builds an archive from the 65k real works of ../shared/data/ao3/pudding-works,
// starts a real server with its background filter worker, then makes two big
// wrangling changes through the wrangling service while clients keep reading:
//   (a) the most used freeform (10,000+ works) merged into a new canonical;
//   (b) a new meta fandom above the biggest fandom.
// For each it prints how long the wrangling call took, how long until the
// background job reported done, and the latency of the readers' requests
// before and during the recompute (--clients loops, one per kind of request,
// each pausing --think ms between requests; --readers work requests only the
// work page, which never touches the search index); then checks the listing
// by the canonical.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.ts';
import type { Context } from '../src/context.ts';
import { nowIso, openContext } from '../src/context.ts';
import { LiveIndex } from '../src/search/refresh.ts';
import type { DialectName } from '../src/db/connect.ts';
import { FailureLimiter } from '../src/accounts/rate-limit.ts';
import { signup } from '../src/accounts/service.ts';
import { buildServer } from '../src/web/server.ts';
import { addMeta, makeCanonical, mergeTags, type Actor, type Change } from '../src/tags/wrangling.ts';
import { createBenchDatabase, openLoader } from './support/database.ts';
import { readPudding } from './support/pudding.ts';
import { loadPuddingArchive } from './support/pudding-archive.ts';
import { startLoad, summarizeWindow, type Sample, type WindowSummary } from './support/http-load.ts';
import { seconds, table, timer } from './support/stats.ts';

const { values: opts } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    json: { type: 'boolean', default: false },
    limit: { type: 'string' },
    clients: { type: 'string', default: '3' },
    think: { type: 'string', default: '100' },
    readers: { type: 'string', default: 'all' },
  },
});
const dialect = opts.dialect as DialectName;
if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`--dialect must be sqlite or postgres, got "${opts.dialect}"`);
if (opts.readers !== 'all' && opts.readers !== 'work') throw new Error(`--readers must be all or work, got "${opts.readers}"`);
const limit = opts.limit === undefined ? Infinity : Number(opts.limit);
const DATA_DIR = fileURLToPath(new URL('../../shared/data/ao3/pudding-works/', import.meta.url));
// Progress goes to stderr so that --json leaves stdout to the one result object.
const progress = (msg: string) => process.stderr.write(`# ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const enc = encodeURIComponent;

interface Scenario {
  name: string;
  tag: string;
  target: string;
  affected: number;
  jobId: number | null;
  requestMs: number;
  recomputeS: number;
  jobRunS: number;
  baseline: WindowSummary;
  during: WindowSummary;
  after: WindowSummary;
  expected: number;
  listed: number;
  listedBySub: number;
  ok: boolean;
}

async function waitForJob(ctx: Context, jobId: number | null): Promise<{ doneAt: number; runningAt: number }> {
  if (jobId === null) return { doneAt: performance.now(), runningAt: performance.now() };
  let runningAt = NaN;
  for (;;) {
    const job = await ctx.db.selectFrom('filter_jobs').select(['status']).where('id', '=', jobId).executeTakeFirstOrThrow();
    if (job.status === 'running' && Number.isNaN(runningAt)) runningAt = performance.now();
    if (job.status === 'done') return { doneAt: performance.now(), runningAt: Number.isNaN(runningAt) ? performance.now() : runningAt };
    if (job.status === 'failed') throw new Error(`filter job ${jobId} failed`);
    await sleep(20);
  }
}

async function apiTotal(base: string, tag: string): Promise<number> {
  const res = await fetch(`${base}/api/v1/works?tag=${enc(tag)}`);
  if (res.status !== 200) throw new Error(`GET /api/v1/works?tag=${tag}: ${res.status}`);
  return ((await res.json()) as { total: number }).total;
}

/** Runs `change` while readers request an affected work, the listing that changes, and the API's work list. */
async function measure(
  ctx: Context,
  base: string,
  s: { name: string; tag: string; target: string; affectedIds: number[]; listing: string; change: () => Promise<Change[]>; expected: () => Promise<number> },
): Promise<Scenario> {
  const readers = startLoad(base, (client, turn) => {
    const pick = s.affectedIds[(turn * 7919 + client) % s.affectedIds.length]!;
    if (client % 3 === 0 || opts.readers === 'work') return { name: 'GET /works/ID', path: `/works/${pick}?view_adult=true` };
    if (client % 3 === 1) return { name: 'GET /tags/NAME/works', path: `/tags/${enc(s.listing)}/works` };
    return { name: 'GET /api/v1/works', path: `/api/v1/works?page=${1 + (turn % 5)}` };
  }, Number(opts.clients), Number(opts.think));
  const baselineFrom = performance.now();
  await sleep(5000);
  const t0 = performance.now();
  const changes = await s.change();
  const t1 = performance.now();
  const recompute = changes.find((c) => c.recompute)?.recompute;
  const jobId = recompute?.jobId ?? null;
  const { doneAt, runningAt } = await waitForJob(ctx, jobId);
  // Readers go on a while after: a listing that gained 10,000 works costs more to render whether or not a job runs.
  await sleep(5000);
  const afterTo = performance.now();
  const samples: Sample[] = await readers.stop();
  const expected = await s.expected();
  const listed = await apiTotal(base, s.target);
  const listedBySub = await apiTotal(base, s.tag);
  return {
    name: s.name,
    tag: s.tag,
    target: s.target,
    affected: recompute?.affected ?? 0,
    jobId,
    requestMs: Math.round((t1 - t0) * 10) / 10,
    recomputeS: Number(seconds(doneAt - t0)),
    jobRunS: Number(seconds(doneAt - runningAt)),
    baseline: summarizeWindow(samples, baselineFrom, t0),
    during: summarizeWindow(samples, t0, doneAt),
    after: summarizeWindow(samples, doneAt, afterTo),
    expected,
    listed,
    listedBySub,
    ok: listed === expected && listedBySub === expected,
  };
}

async function main(): Promise<number> {
  if (!existsSync(DATA_DIR)) {
    console.error(`# SKIPPED: bench:wrangle needs ${DATA_DIR} (the shared AO3 data, not part of a clone)`);
    return 0;
  }
  const database = await createBenchDatabase(dialect, 'wrangle');
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  let served: Context | undefined;
  try {
    const config = loadConfig({ DATABASE_URL: database.url, SCRYPT_COST: '1024', LOG_LEVEL: 'silent' });
    const db = database.connection.db;
    const setup: Context = { db, dialect, textReader: database.connection.textReader, config, loginFailures: new FailureLimiter(config.loginLimit, 15 * 60 * 1000), search: new LiveIndex(db), close: async () => {} };
    const writer = await signup(setup, { login: 'bench_writer', email: 'writer@example.org', password: 'correct horse battery' });
    const wrangler = await signup(setup, { login: 'bench_wrangler', email: 'wrangler@example.org', password: 'correct horse battery' }, 'wrangler');
    const actor: Actor = { viewer: { id: wrangler.id, role: wrangler.role }, name: wrangler.login };
    const pseud = await db.selectFrom('pseuds').select('id').where('user_id', '=', writer.id).executeTakeFirstOrThrow();

    const total = timer();
    const data = readPudding(DATA_DIR, limit);
    const parseMs = total();
    progress(`${dialect}: read ${data.rows} rows of ${data.files} files in ${seconds(parseMs)} s: ${data.works.length} works (${data.duplicateRows} rows repeat a work under another relationship), ${data.badDates} unparseable dates`);
    const loader = openLoader(database);
    const load = await loadPuddingArchive(loader.db, data, pseud.id, nowIso(), progress);
    await loader.close();
    const loadMs = total();
    progress(`loaded in ${seconds(loadMs)} s`);

    // Then serve it as `quire serve` does: open the context (which builds the search index), poll the change log, run the job worker.
    const opened = timer();
    const ctx = await openContext(config);
    const openMs = opened();
    progress(`opened (search index built) in ${seconds(openMs)} s`);
    ctx.search.startPolling(1000, (e) => progress(`search index refresh failed: ${String(e)}`));
    served = ctx;
    app = await buildServer(ctx, { backgroundJobs: true });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const big = await ctx.db.selectFrom('tags').select(['id', 'name', 'taggings_count']).where('kind', '=', 'freeform').where('merger_id', 'is', null).orderBy('taggings_count', 'desc').limit(1).executeTakeFirstOrThrow();
    if (big.taggings_count < 10_000 && limit === Infinity) throw new Error(`the most used freeform, ${big.name}, has only ${big.taggings_count} works`);
    const taggedWith = async (tagId: number) => (await ctx.db.selectFrom('work_tags').select('work_id').where('tag_id', '=', tagId).orderBy('work_id').execute()).map((r) => r.work_id);
    const canonicalName = `${big.name} (Bench Canonical)`;
    await makeCanonical(ctx, actor, [canonicalName], 'freeform');
    progress(`(a) merging "${big.name}" (${big.taggings_count} works) into the new canonical "${canonicalName}"`);
    const merge = await measure(ctx, base, {
      name: 'merge synonym',
      tag: big.name,
      target: canonicalName,
      affectedIds: await taggedWith(big.id),
      listing: canonicalName,
      change: () => mergeTags(ctx, actor, [big.name], canonicalName),
      expected: async () => (await taggedWith(big.id)).length,
    });

    const fandom = await ctx.db.selectFrom('tags').select(['id', 'name', 'taggings_count']).where('kind', '=', 'fandom').where('merger_id', 'is', null).orderBy('taggings_count', 'desc').limit(1).executeTakeFirstOrThrow();
    const metaName = `${fandom.name} (Bench Meta)`;
    await makeCanonical(ctx, actor, [fandom.name]);
    await makeCanonical(ctx, actor, [metaName], 'fandom');
    progress(`(b) adding the meta fandom "${metaName}" above "${fandom.name}" (${fandom.taggings_count} works)`);
    const filteredUnder = async (tagId: number) => (await ctx.db.selectFrom('work_filters').select('work_id').where('tag_id', '=', tagId).orderBy('work_id').execute()).map((r) => r.work_id);
    const meta = await measure(ctx, base, {
      name: 'add meta tag',
      tag: fandom.name,
      target: metaName,
      affectedIds: await filteredUnder(fandom.id),
      listing: metaName,
      change: () => addMeta(ctx, actor, fandom.name, metaName),
      expected: async () => (await filteredUnder(fandom.id)).length,
    });

    const scenarios = [merge, meta];
    const result = {
      dialect,
      works: load.works,
      tags: load.tags,
      taggings: load.taggings,
      kindClashes: load.kindClashes,
      load: { parseS: Number(seconds(parseMs)), tagsS: Number(seconds(load.ms.tags)), worksS: Number(seconds(load.ms.works)), filtersS: Number(seconds(load.ms.filters)), totalS: Number(seconds(loadMs)), openS: Number(seconds(openMs)) },
      filterInlineLimit: config.filterInlineLimit,
      readers: { clients: Number(opts.clients), thinkMs: Number(opts.think), requests: opts.readers },
      scenarios,
    };
    if (opts.json) {
      console.log(JSON.stringify(result));
    } else {
      console.log(`\nwrangle bench on ${dialect}: ${load.works} works, ${load.tags} tags, ${load.taggings} taggings; load ${seconds(loadMs)} s ` +
        `(parse ${seconds(parseMs)}, tags ${seconds(load.ms.tags)}, works ${seconds(load.ms.works)}, filters ${seconds(load.ms.filters)}); ` +
        `server start with search index ${seconds(openMs)} s\n`);
      console.log(table(
        ['change', 'works', 'call ms', 'done after s', 'job ran s', 'requests during', 'p50 ms', 'p99 ms', 'max ms', 'before p50/p99', 'after p50/p99', 'errors', 'listed/expected'],
        scenarios.map((s) => [
          s.name, s.affected, s.requestMs, s.recomputeS, s.jobRunS, s.during.all.n, s.during.all.p50, s.during.all.p99, s.during.all.max,
          `${s.baseline.all.p50}/${s.baseline.all.p99}`, `${s.after.all.p50}/${s.after.all.p99}`, s.during.errors, `${s.listed}/${s.expected}${s.ok ? '' : ' MISMATCH'}`,
        ]),
      ));
      for (const s of scenarios) {
        console.log(`\n${s.name}: request latency in ms before the change, while the job ran, and after it`);
        const cell = (x: WindowSummary, name: string) => {
          const t = x.byTarget[name];
          return t ? `${t.n} ${t.p50}/${t.p99}/${t.max}` : '-';
        };
        console.log(table(
          ['request', 'before: n p50/p99/max', 'during: n p50/p99/max', 'after: n p50/p99/max'],
          Object.keys(s.during.byTarget).sort().map((name) => [name, cell(s.baseline, name), cell(s.during, name), cell(s.after, name)]),
        ));
      }
    }
    return scenarios.every((s) => s.ok && s.during.errors === 0) ? 0 : 1;
  } finally {
    await app?.close();
    await served?.close();
    await database.drop();
  }
}

process.exitCode = await main();

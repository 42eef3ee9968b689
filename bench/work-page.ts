// `npm run bench`: how many reading pages a single `quire serve` answers per second.
//
// Seeds a throw-away SQLite archive (one writer, a few short works and a five-chapter work of
// about 5,000 words), starts the real server (`bin/quire.js serve`) on 127.0.0.1 and a free port,
// then loads a work page, the home page, the work's JSON and the full-work page in turn, each
// with 50 connections for 10 seconds: with `wrk` when it is installed, otherwise with a built-in
// fetch loop. Prints a table and stops by itself.
//
// BENCH_SECONDS and BENCH_CONNECTIONS change the load (defaults 10 and 50); BENCH_NO_WRK=1 uses
// the fetch loop even where wrk is installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, OPTIONS } from '../src/config.ts';
import { openContext, type Context } from '../src/context.ts';
import { signup } from '../src/accounts/service.ts';
import { createWork } from '../src/works/service.ts';
import { parseChapterFields, parseWorkFields } from '../src/works/input.ts';

const SECONDS = positiveInt(process.env.BENCH_SECONDS, 10);
const CONNECTIONS = positiveInt(process.env.BENCH_CONNECTIONS, 50);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) && n > 0 ? n : fallback;
}

// ---------------------------------------------------------------- seeding

const WORDS = (
  'the lighthouse keeper walked along the harbour wall at dusk counting boats and gulls while the ' +
  'tide came in slowly over grey stones and the lamp above turned its patient circle of light across ' +
  'the water where a small ferry waited for the last passengers of the evening with a basket of bread'
).split(' ');

/** Deterministic prose: `count` words in paragraphs of about 60 words, blank lines between them. */
function prose(count: number, seed: number): string {
  const paragraphs: string[] = [];
  let sentence: string[] = [];
  let paragraph: string[] = [];
  for (let i = 0; i < count; i++) {
    sentence.push(WORDS[(i * 7 + seed * 13) % WORDS.length]!);
    if (sentence.length === 12 || i === count - 1) {
      const text = sentence.join(' ');
      paragraph.push(text.charAt(0).toUpperCase() + text.slice(1) + '.');
      sentence = [];
    }
    if (paragraph.length === 5 || i === count - 1) {
      if (paragraph.length > 0) paragraphs.push(paragraph.join(' '));
      paragraph = [];
    }
  }
  return paragraphs.join('\n\n');
}

interface Seeded {
  bigWorkId: number;
  works: number;
  words: number;
}

async function seed(ctx: Context): Promise<Seeded> {
  const user = await signup(ctx, { login: 'benchwriter', email: 'bench@example.org', password: 'a long enough password' });
  const viewer = { id: user.id, role: user.role };
  const tags = { rating: 'General Audiences', warnings: 'No Archive Warnings Apply', fandoms: 'Original Work', characters: 'Mira, Tobin', freeforms: 'Fluff, Harbours, Slow Burn' };
  for (let i = 1; i <= 6; i++) {
    await createWork(ctx, viewer, parseWorkFields({ ...tags, title: `Harbour Sketch ${i}`, summary: 'A short scene by the water.', complete: 'on' }), [
      parseChapterFields({ format: 'text', body: prose(400, i) }),
    ]);
  }
  const chapters = Array.from({ length: 5 }, (_, i) => parseChapterFields({ title: `Night ${i + 1}`, format: 'text', body: prose(1000, 10 + i) }));
  const bigWorkId = await createWork(
    ctx,
    viewer,
    parseWorkFields({ ...tags, title: 'The Long Watch', summary: 'Five nights at the lighthouse, told slowly.', notes: 'Written for the benchmark.', complete: 'on' }),
    chapters,
  );
  const row = await ctx.db.selectFrom('works').select('words').where('id', '=', bigWorkId).executeTakeFirstOrThrow();
  return { bigWorkId, works: 7, words: row.words };
}

// ---------------------------------------------------------------- server

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

/** Starts `quire serve` and resolves with its base URL once it says it is serving. */
async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const option of Object.values(OPTIONS)) delete env[option.env];
  const port = await freePort();
  Object.assign(env, { DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const child = spawn(process.execPath, [join(ROOT, 'bin/quire.js'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`quire serve did not start within 60 s:\n${output}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      const match = /Quire is serving (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`quire serve exited (${code}) before serving:\n${output}`));
    });
  });
  return { child, base };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------- load

interface Result {
  rps: number;
  avgMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  /** Non-200 answers and connection errors. */
  errors: number;
  /** Requests wrk gave up on after its 2 s timeout. */
  timeouts: number;
}

const haveWrk = (): boolean => process.env.BENCH_NO_WRK !== '1' && spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;

/** "1.23ms", "456.78us", "2.01s" → milliseconds. */
function wrkMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!match) return NaN;
  const n = Number(match[1]);
  return { us: n / 1000, ms: n, s: n * 1000, m: n * 60_000 }[match[2] as 'us' | 'ms' | 's' | 'm'];
}

async function runWrk(url: string): Promise<Result> {
  const child = spawn('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`wrk failed (${code}):\n${out}`);
  const latency = /Latency\s+(\S+)\s+(\S+)\s+(\S+)/.exec(out);
  const percentile = (p: string) => wrkMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '');
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const [connectErrors, readErrors, writeErrors, timeouts] = (socketErrors?.slice(1) ?? ['0', '0', '0', '0']).map(Number);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    avgMs: wrkMs(latency?.[1] ?? ''),
    p50Ms: percentile('50'),
    p99Ms: percentile('99'),
    maxMs: wrkMs(latency?.[3] ?? ''),
    requests,
    errors: non2xx + connectErrors! + readErrors! + writeErrors!,
    timeouts: timeouts!,
  };
}

/** The fallback: CONNECTIONS loops, each fetching `url` back to back until time is up. */
async function runFetchLoop(url: string): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const response = await fetch(url);
        await response.arrayBuffer();
        if (response.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    rps: latencies.length / elapsed,
    avgMs: latencies.reduce((sum, x) => sum + x, 0) / latencies.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies.at(-1) ?? NaN,
    requests: latencies.length,
    errors,
    timeouts: 0,
  };
}

/** A few requests first, so the first measured ones do not pay for compiling and warming caches. */
async function warmUp(url: string, expect: RegExp): Promise<number> {
  let bytes = 0;
  for (let i = 0; i < 20; i++) {
    const response = await fetch(url);
    const body = await response.text();
    if (response.status !== 200 || !expect.test(body)) throw new Error(`${url} answered ${response.status}, not the expected page:\n${body.slice(0, 300)}`);
    bytes = Buffer.byteLength(body);
  }
  return bytes;
}

// ---------------------------------------------------------------- report

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '?');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-bench-'));
  const databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
  let child: ChildProcess | undefined;
  try {
    const ctx = await openContext(loadConfig({ DATABASE_URL: databaseUrl, SCRYPT_COST: '1024', LOG_LEVEL: 'silent' }));
    let seeded: Seeded;
    try {
      seeded = await seed(ctx);
    } finally {
      await ctx.close();
    }
    const server = await startServer(databaseUrl);
    child = server.child;
    const id = seeded.bigWorkId;
    const targets: { path: string; expect: RegExp }[] = [
      { path: `/works/${id}`, expect: /The Long Watch/ },
      { path: '/', expect: /Harbour Sketch/ },
      { path: `/api/v1/works/${id}`, expect: /"title":"The Long Watch"/ },
      { path: `/works/${id}?view_full_work=true`, expect: /Night 5/ },
    ];
    const wrk = haveWrk();
    console.log(`Quire work-page benchmark: ${seeded.works} works in a temporary SQLite archive; work ${id} has 5 chapters and ${seeded.words.toLocaleString('en')} words.`);
    console.log(`Server: bin/quire.js serve at ${server.base} (pid ${child.pid}); this machine: ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}.`);
    console.log(
      wrk
        ? `Load: wrk -t1 -c${CONNECTIONS} -d${SECONDS}s per URL.\n`
        : `Load: wrk is not installed, so a built-in fetch loop (${CONNECTIONS} concurrent requests for ${SECONDS} s per URL) stands in for it;\n` +
          '      it runs in this process and shares the CPU with the server, so figures are lower than wrk would show.\n',
    );
    const rows = [['URL', 'page KB', 'req/s', 'avg ms', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'timeouts']];
    for (const target of targets) {
      const url = `${server.base}${target.path}`;
      const bytes = await warmUp(url, target.expect);
      const r = wrk ? await runWrk(url) : await runFetchLoop(url);
      rows.push([target.path, fmt(bytes / 1024), fmt(r.rps), fmt(r.avgMs, 2), fmt(r.p50Ms, 2), fmt(r.p99Ms, 2), fmt(r.maxMs, 2), String(r.requests), String(r.errors), String(r.timeouts)]);
      console.log(`  ${target.path}: ${fmt(r.rps)} req/s`);
    }
    console.log(`\n${table(rows)}`);
    // Slow answers under load are figures; wrong answers mean the benchmark measured an error page.
    if (rows.slice(1).some((r) => r[8] !== '0')) {
      console.error('\nSome requests failed (see "errors"): these figures are not of working pages.');
      process.exitCode = 1;
    }
  } finally {
    if (child) await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

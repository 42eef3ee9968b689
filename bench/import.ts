// `npm run bench:import`: import throughput through the bulk path `quire import` uses.
//
// Writes 1,000 plain-text works of about 5,000 words each (2–5 chapters of generated prose, a
// header block naming a fandom, rating and tags) into a temporary folder, then imports the folder
// into a fresh SQLite database with planImport + importPlanned, each work its own transaction.
// Prints works/s and words/s (and works per CPU second, which a busy machine disturbs less), then
// removes everything. BENCH_WORKS and BENCH_WORDS change the sizes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { openContext } from '../src/context.ts';
import { signup } from '../src/accounts/service.ts';
import { importPlanned, planImport, tally } from '../src/imports/bulk.ts';

const WORKS = Math.max(1, Number(process.env.BENCH_WORKS) || 1_000);
const WORDS = Math.max(100, Number(process.env.BENCH_WORDS) || 5_000);

const WORD_LIST = (
  'morning river lantern quiet harbour letter window garden orchard road travelled slowly softly under over ' +
  'kettle bread ferry mill bridge candle wind rain field hill stone ' +
  'she he they we found kept carried wrote remembered waited opened folded mended watched and but then while'
).split(' ');
const FANDOMS = ['Original Work', 'Harbour Town', 'Lantern Valley', 'The Mill Stories', 'Orchard Tales'];

/** A small LCG: the same files on every run. */
function random(seed: number): () => number {
  let n = seed >>> 0;
  return () => (n = (Math.imul(n, 1664525) + 1013904223) >>> 0);
}

function chapterText(words: number, next: () => number): string {
  const paragraphs: string[] = [];
  for (let left = words; left > 0; ) {
    const sentences: string[] = [];
    for (let s = 2 + (next() % 5); s > 0 && left > 0; s--) {
      const length = Math.min(6 + (next() % 12), left);
      const sentence = Array.from({ length }, () => WORD_LIST[next() % WORD_LIST.length]!).join(' ');
      sentences.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
      left -= length;
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n\n');
}

function workFile(i: number): string {
  const next = random(i + 1);
  const chapters = 2 + (i % 4);
  const head = [`Title: Generated Story ${i + 1}`, `Fandom: ${FANDOMS[i % FANDOMS.length]}`, 'Rating: General', 'Warnings: No Archive Warnings Apply', `Tags: Benchmark, Batch ${i % 20}`, ''];
  const body = Array.from({ length: chapters }, (_, c) => `Chapter ${c + 1}\n\n${chapterText(Math.round(WORDS / chapters), next)}\n`);
  return [...head, ...body].join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-bench-import-'));
  try {
    const folder = join(dir, 'stories');
    mkdirSync(folder);
    let bytes = 0;
    for (let i = 0; i < WORKS; i++) {
      const text = workFile(i);
      bytes += Buffer.byteLength(text);
      writeFileSync(join(folder, `story-${String(i).padStart(5, '0')}.txt`), text);
    }
    const ctx = await openContext(loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, SCRYPT_COST: '1024', LOG_LEVEL: 'silent' }));
    try {
      const user = await signup(ctx, { login: 'benchimporter', email: 'bench@example.org', password: 'a long enough password' });
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const planned = await planImport([folder]);
      const results = await importPlanned(ctx, { id: user.id, role: user.role }, planned, { fandoms: [], warnings: [], tags: [] });
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      // CPU time as well as wall time: on a busy machine the wall figure mostly measures the neighbours.
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const counts = tally(results);
      if (counts.failed > 0) throw new Error(`${counts.failed} files failed, e.g. ${JSON.stringify(results.find((r) => r.status === 'failed'))}`);
      const words = await ctx.db.selectFrom('works').select((eb) => eb.fn.sum<number>('words').as('n')).executeTakeFirstOrThrow();
      const chapters = await ctx.db.selectFrom('chapters').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      console.log(`imported ${counts.imported} works (${Number(chapters.n)} chapters, ${Number(words.n).toLocaleString('en')} words, ${(bytes / 1024 / 1024).toFixed(1)} MB of text) into SQLite in ${seconds.toFixed(1)} s`);
      console.log(`${(counts.imported / seconds).toFixed(1)} works/s, ${Math.round(Number(words.n) / seconds).toLocaleString('en')} words/s (wall clock)`);
      console.log(`${cpuSeconds.toFixed(1)} s of CPU in this process: ${(counts.imported / cpuSeconds).toFixed(1)} works per CPU second`);
    } finally {
      await ctx.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

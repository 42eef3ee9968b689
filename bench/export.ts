// `node --import tsx bench/export.ts`: how long a long work takes to download.
//
// Seeds a throw-away SQLite archive with one 300,000-word work (60 chapters of 5,000 words of
// generated prose, posted as plain text like most imports), then times exportWork as a guest
// for each format: the first (cold) build, a few more builds with the cache emptied, and a
// cached download (PDF on A5 and on Letter). Also times one EPUB download through the HTTP
// route (in-process inject).
// Prints a table and removes the database. BENCH_RUNS changes the number of cold builds (5).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { openContext } from '../src/context.ts';
import { signup } from '../src/accounts/service.ts';
import { createWork } from '../src/works/service.ts';
import { parseChapterFields, parseWorkFields } from '../src/works/input.ts';
import { exportCache, exportWork } from '../src/exports/service.ts';
import { FORMATS } from '../src/exports/formats.ts';
import { buildServer } from '../src/web/server.ts';

const CHAPTERS = 60;
const WORDS_PER_CHAPTER = 5_000;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 5);

const VOCABULARY = (
  'the lighthouse keeper walked along the harbour wall at dusk counting boats and gulls while the tide came in ' +
  'slowly over grey stones and the lamp above turned its patient circle of light across the water where a small ' +
  'ferry waited for the last passengers of the evening with a basket of bread and a letter from the mainland'
).split(' ');

/** Deterministic prose: `count` words, sentences of 9–16 words, paragraphs of 3–7 sentences, a scene break now and then. */
function prose(count: number, seed: number): string {
  const paragraphs: string[] = [];
  let words = 0;
  let n = seed;
  const next = () => (n = (n * 1103515245 + 12345) % 2147483648);
  while (words < count) {
    const sentences: string[] = [];
    for (let s = 3 + (next() % 5); s > 0 && words < count; s--) {
      const length = Math.min(9 + (next() % 8), count - words);
      const sentence = Array.from({ length }, () => VOCABULARY[next() % VOCABULARY.length]!).join(' ');
      sentences.push(sentence[0]!.toUpperCase() + sentence.slice(1) + (next() % 6 === 0 ? '?' : '.'));
      words += length;
    }
    paragraphs.push(sentences.join(' '));
    if (next() % 25 === 0) paragraphs.push('* * *');
  }
  return paragraphs.join('\n\n');
}

const ms = (t: number) => `${t.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-bench-export-'));
  const config = { ...loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, SCRYPT_COST: '1024', LOG_LEVEL: 'silent' }) };
  const ctx = await openContext(config);
  try {
    const user = await signup(ctx, { login: 'benchwriter', email: 'bench@example.org', password: 'a long enough password' });
    const viewer = { id: user.id, role: user.role };
    const seedStart = performance.now();
    const chapters = Array.from({ length: CHAPTERS }, (_, i) => parseChapterFields({ title: `Night ${i + 1}`, format: 'text', body: prose(WORDS_PER_CHAPTER, i + 1) }));
    const id = await createWork(
      ctx,
      viewer,
      parseWorkFields({
        title: 'The Long Watch', rating: 'General Audiences', warnings: 'No Archive Warnings Apply', fandoms: 'Original Work',
        characters: 'Mira, Tobin', freeforms: 'Slow Burn, Harbours', summary: 'Sixty nights at the lighthouse.', complete: 'on',
      }),
      chapters,
    );
    const row = await ctx.db.selectFrom('works').select(['words', 'posted_chapters']).where('id', '=', id).executeTakeFirstOrThrow();
    console.log(`seeded work ${id}: ${row.posted_chapters} chapters, ${row.words.toLocaleString('en')} words (${ms(performance.now() - seedStart)})`);
    console.log(`node ${process.version}, ${RUNS} cold builds per format\n`);

    const cache = exportCache(ctx);
    console.log('format      size        first build  median cold  cached');
    // PDFs on both paper sizes (A5 is the default).
    const variants = [...FORMATS.map((format) => ({ format, paper: undefined })), { format: 'pdf' as const, paper: 'letter' as const }];
    for (const { format, paper } of variants) {
      const times: number[] = [];
      let size = 0;
      let pages = '';
      for (let run = 0; run < RUNS; run++) {
        cache.clear();
        const t = performance.now();
        const file = await exportWork(ctx, null, id, format, { paper });
        times.push(performance.now() - t);
        size = file.body.length;
        if (format === 'pdf') pages = `, ${file.body.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0} pages`;
      }
      const t = performance.now();
      await exportWork(ctx, null, id, format, { paper });
      const cached = performance.now() - t;
      const label = format === 'pdf' ? `pdf ${paper ?? 'a5'}` : format;
      console.log(`${label.padEnd(11)} ${`${(size / 1024).toFixed(0)} KiB`.padEnd(11)} ${ms(times[0]!).padEnd(12)} ${ms(median(times)).padEnd(12)} ${ms(cached)}${pages}`);
    }

    cache.clear();
    const app = await buildServer(ctx);
    const t = performance.now();
    const response = await app.inject({ method: 'GET', url: `/works/${id}/download/The%20Long%20Watch%20-%20benchwriter.epub` });
    const elapsed = performance.now() - t;
    console.log(`\nGET /works/${id}/download/….epub (cold, through the route): ${response.statusCode}, ${(response.rawPayload.length / 1024).toFixed(0)} KiB in ${ms(elapsed)}`);
    await app.close();
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

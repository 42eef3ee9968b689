// Helpers for the download tests: a ZIP reader, epubcheck, and tame synthetic stories.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import type { Context } from '../../src/context.ts';
import type { Viewer } from '../../src/authz/policy.ts';
import { createWork } from '../../src/works/service.ts';
import { parseChapterFields, parseWorkFields } from '../../src/works/input.ts';

// ------------------------------------------------------------------ ZIP

export interface ZipItem {
  name: string;
  method: number;
  /** Length of the local header's extra field. */
  localExtra: number;
  localOffset: number;
  data: Buffer;
}

/** Reads every entry through the central directory, in archive order. */
export function unzip(zip: Buffer): ZipItem[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const items: ZipItem[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const localName = zip.readUInt16LE(localOffset + 26);
    const localExtra = zip.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localName + localExtra;
    const raw = zip.subarray(start, start + compressed);
    items.push({ name, method, localExtra, localOffset, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    at += 46 + nameLength + extra + comment;
  }
  return items;
}

export const entryText = (items: ZipItem[], name: string): string => {
  const item = items.find((i) => i.name === name);
  if (!item) throw new Error(`no ${name} in the archive (has ${items.map((i) => i.name).join(', ')})`);
  return item.data.toString('utf8');
};

// ------------------------------------------------------------------ epubcheck

// Debian's epubcheck package puts it here; QUIRE_EPUBCHECK_JAR points elsewhere.
const JAR_PATHS = process.env.QUIRE_EPUBCHECK_JAR ? [process.env.QUIRE_EPUBCHECK_JAR] : ['/usr/share/java/epubcheck.jar'];
const requireEpubcheck = process.env.CI === 'true' || process.env.QUIRE_REQUIRE_EPUBCHECK === '1';

export interface EpubcheckResult {
  fatals: number;
  errors: number;
  warnings: number;
  /** The ERROR / WARNING / FATAL lines, for assertion messages. */
  problems: string[];
  output: string;
}

let announced = false;
/** The epubcheck jar, or null (after saying so once) where it is not installed; CI must have it. */
export function epubcheckJar(): string | null {
  const jar = JAR_PATHS.find((p) => existsSync(p));
  if (jar) return jar;
  if (requireEpubcheck) throw new Error(`epubcheck is required here but not installed (looked at ${JAR_PATHS.join(', ')}); apt-get install epubcheck`);
  if (!announced) console.log('# SKIPPED: epubcheck (not installed; apt-get install epubcheck)');
  announced = true;
  return null;
}

const BATCH_SOURCE = fileURLToPath(new URL('EpubcheckBatch.java', import.meta.url));

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile('java', args, { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}\n${stderr}` });
    });
  });
}

function summarize(path: string, output: string): EpubcheckResult {
  const summary = /Messages:\s*(\d+) fatals?\s*\/\s*(\d+) errors?\s*\/\s*(\d+) warnings?/.exec(output);
  if (!summary) throw new Error(`no summary line in epubcheck output for ${path}:\n${output}`);
  return {
    fatals: Number(summary[1]),
    errors: Number(summary[2]),
    warnings: Number(summary[3]),
    problems: output.split('\n').filter((l) => /^(FATAL|ERROR|WARNING)/.test(l)),
    output,
  };
}

/**
 * Runs epubcheck on every book, keyed by label; null when epubcheck is absent. One JVM checks
 * them all where Java can run a source file (a JDK); otherwise each book gets its own run.
 */
export async function epubcheckAll(books: { label: string; body: Buffer }[]): Promise<Map<string, EpubcheckResult> | null> {
  const jar = epubcheckJar();
  if (!jar) return null;
  const dir = mkdtempSync(join(tmpdir(), 'quire-epubcheck-'));
  const paths = books.map((b, i) => {
    const path = join(dir, `${i + 1}-${b.label.replace(/[^a-z0-9]+/gi, '-')}.epub`);
    writeFileSync(path, b.body);
    return path;
  });
  const results = new Map<string, EpubcheckResult>();
  try {
    const batch = await run(['-XX:TieredStopAtLevel=1', '-cp', jar, BATCH_SOURCE, ...paths]);
    const sections = batch.output.split(/^Checking: /m).slice(1);
    // Messages of one book name its path, whichever stream they were printed on.
    if (sections.length === paths.length && sections.every((s) => /Messages:/.test(s))) {
      paths.forEach((path, i) => {
        const own = batch.output.split('\n').filter((l) => l.includes(path) && /^(FATAL|ERROR|WARNING)/.test(l));
        const result = summarize(path, sections[i]!);
        results.set(books[i]!.label, { ...result, problems: own, output: sections[i]! + own.join('\n') });
      });
      return results;
    }
    for (const [i, path] of paths.entries()) {
      const single = await run(['-XX:TieredStopAtLevel=1', '-jar', jar, path]);
      results.set(books[i]!.label, summarize(path, single.output));
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ hostile HTML

/** Every payload of the shared XSS corpora (as test/formats/xss-corpus.test.ts reads them). */
export function xssPayloads(dir: string): string[] {
  const json = (file: string) =>
    (JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown[]).map((row) => (typeof row === 'string' ? row : (row as { payload: string }).payload));
  const sub = join(dir, 'payloadsallthethings');
  const lines = readdirSync(sub)
    .filter((name) => name.endsWith('.txt') && !/^(directory_traversal|xxe|billion_laughs|license)/i.test(name))
    .flatMap((name) => readFileSync(join(sub, name), 'utf8').split(/\r?\n/))
    .filter((line) => line.trim() !== '');
  return [
    ...json('dompurify-vectors.json'),
    ...json('dompurify-fuzz-seeds.json'),
    ...json('h5sc-vectors.json'),
    ...json('owasp-xss-filter-evasion-vectors.json'),
    ...lines,
  ];
}

// ------------------------------------------------------------------ stories

const WORDS = (
  'the keeper climbed the stairs of the old lighthouse with a lantern and a flask of tea while rain ' +
  'drummed on the glass and far below the harbour boats rocked gently against their ropes as gulls ' +
  'settled on the wall and a cat watched the lamp turn its slow bright circle over the water'
).split(' ');

/** Deterministic prose of `count` words in paragraphs separated by blank lines (text format). */
export function prose(count: number, seed = 1): string {
  const paragraphs: string[] = [];
  let sentence: string[] = [];
  let paragraph: string[] = [];
  for (let i = 0; i < count; i++) {
    sentence.push(WORDS[(i * 7 + seed * 13) % WORDS.length]!);
    if (sentence.length === 14 || i === count - 1) {
      const s = sentence.join(' ');
      paragraph.push(s[0]!.toUpperCase() + s.slice(1) + '.');
      sentence = [];
    }
    if (paragraph.length === 5 || i === count - 1) {
      if (paragraph.length > 0) paragraphs.push(paragraph.join(' '));
      paragraph = [];
    }
  }
  return paragraphs.join('\n\n');
}

export const CHINESE_STORY = [
  '雨下了一整夜。茶馆的老板在窗边点亮了一盏灯，把桌子擦得干干净净。',
  '小林推门进来，抖落伞上的水珠。「今天还有桂花茶吗？」她问。老板笑着点点头，从架子上取下一只青色的茶壶，又拿出两只小杯子，说雨停以后，河边的桥上会有很多灯笼，可以一起去看看。',
  '* * *',
  '天亮的时候，雨终于停了。街上的石板路闪着光，远处传来卖早点的声音。',
].join('\n\n');

export const ARABIC_STORY = [
  'كان البحر هادئًا في الصباح. جلست مريم على الرصيف تنتظر القارب الصغير.',
  'حمل الهواء رائحة الخبز من المخبز القريب. ابتسم الصياد العجوز وقال: «سيصل القارب قريبًا».',
  '* * *',
  'عند الظهر عاد القارب محمّلًا بالسمك، وضحك الأطفال على الشاطئ.',
].join('\n\n');

export interface ChapterInput {
  title?: string;
  body: string;
  format?: 'html' | 'markdown' | 'text';
  summary?: string;
  notes?: string;
  end_notes?: string;
  draft?: boolean;
}

/** Posts a work straight through the service, with as many chapters as given. */
export async function postWork(ctx: Context, viewer: Viewer, fields: Record<string, string | string[]>, chapters: ChapterInput[]): Promise<number> {
  const work = parseWorkFields({
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    fandoms: 'Original Work',
    language: 'en',
    ...fields,
  });
  return createWork(
    ctx,
    viewer,
    work,
    chapters.map((c) => parseChapterFields({ format: 'text', ...c, draft: c.draft ? 'on' : '' })),
  );
}

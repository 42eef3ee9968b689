// Reading PDFs in tests: pdftotext (poppler-utils) for the text as a reader would copy it, and a
// few raw looks at the file for page sizes, bookmarks, links and leaks in compressed streams.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

const requirePdftotext = process.env.CI === 'true' || process.env.QUIRE_REQUIRE_PDFTOTEXT === '1';
let available: Promise<boolean> | undefined;

/** Whether pdftotext runs here; says so once when it does not (CI must have it). */
export function pdftotextAvailable(): Promise<boolean> {
  available ??= new Promise((resolve, reject) => {
    execFile('pdftotext', ['-v'], (error) => {
      if (!error) return resolve(true);
      if (requirePdftotext) return reject(new Error('pdftotext is required here but not installed; apt-get install poppler-utils'));
      console.log('# SKIPPED: PDF text checks (pdftotext not installed; apt-get install poppler-utils)');
      resolve(false);
    });
  });
  return available;
}

/** The text of each page (pdftotext in reading order), or null where pdftotext is missing. */
export async function pdfPages(pdf: Buffer): Promise<string[] | null> {
  if (!(await pdftotextAvailable())) return null;
  const dir = mkdtempSync(join(tmpdir(), 'quire-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const text = await new Promise<string>((resolve, reject) => {
      execFile('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => (error ? reject(new Error(`pdftotext: ${stderr}`)) : resolve(stdout)));
    });
    const pages = text.split('\f');
    if (pages[pages.length - 1]!.trim() === '') pages.pop();
    return pages;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** [width, height] of every page, from the MediaBoxes. */
export function pageSizes(pdf: Buffer): number[][] {
  return [...pdf.toString('latin1').matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) => m[1]!.trim().split(/\s+/).slice(2).map(Number));
}

/** A PDF literal string's value: escapes undone, UTF-16BE (with its byte order mark) decoded. */
export function decodePdfString(raw: string): string {
  const bytes = raw.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
    /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e,
  );
  if (bytes.startsWith('\xfe\xff')) return Buffer.from(bytes.slice(2), 'latin1').swap16().toString('utf16le');
  return bytes;
}

const LITERAL = String.raw`\(((?:\\[^]|[^\\)])*)\)`;

/** Titles of the bookmarks (outline items), in file order. */
export function outlineTitles(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(new RegExp(String.raw`<<\s*/Dest [^>]*?/Parent \d+ 0 R\s*/Title ${LITERAL}`, 'g'))].map((m) => decodePdfString(m[1]!));
}

/** The document information entry `key` (Title, Author, …), written inline or as an object. */
export function infoEntry(pdf: Buffer, key: string): string | undefined {
  const text = pdf.toString('latin1');
  const info = /\/Info (\d+) 0 R/.exec(text);
  if (!info) return undefined;
  const object = (n: string) => new RegExp(String.raw`(?:^|\n)${n} 0 obj\s*([^]*?)\s*endobj`).exec(text)?.[1];
  const value = new RegExp(String.raw`/${key} (?:(\d+) 0 R|${LITERAL})`).exec(object(info[1]!) ?? '');
  if (!value) return undefined;
  const literal = value[1] ? new RegExp(String.raw`^${LITERAL}$`).exec(object(value[1]) ?? '')?.[1] : value[2];
  return literal === undefined ? undefined : decodePdfString(literal);
}

/** Every URI a link annotation points to. */
export function linkTargets(pdf: Buffer): string[] {
  return [...pdf.toString('latin1').matchAll(new RegExp(String.raw`/URI ${LITERAL}`, 'g'))].map((m) => decodePdfString(m[1]!));
}

/** The file with each deflated stream replaced by its inflated bytes, for searching. */
export function inflated(pdf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  const text = pdf.toString('latin1');
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    if (start < at) continue;
    const end = text.indexOf('endstream', start);
    parts.push(pdf.subarray(at, start));
    const data = pdf.subarray(start, end);
    try {
      parts.push(inflateSync(data));
    } catch {
      parts.push(data);
    }
    at = end;
  }
  parts.push(pdf.subarray(at));
  return Buffer.concat(parts);
}

/** True when `needle` is in the bytes as Latin-1/UTF-8 or as UTF-16BE (how PDF strings hold Unicode). */
export function containsName(bytes: Buffer, needle: string): boolean {
  return bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le').swap16());
}

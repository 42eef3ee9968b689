// What the search benchmark borrows from ../shared/data when it is there: the
// Pudding scrape of AO3 (tag names and how often they are used), AO3's 500
// largest fandoms with their work counts, AO3's language codes, and the
// public-domain novels used for chapter text. Each part is optional; the
// corpus generator falls back to synthetic names and text for what is missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsvObjects } from '../support/csv.ts';
import { readPudding, type PuddingData } from '../support/pudding.ts';
import { normalizeTagName } from '../../src/tags/names.ts';

export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export interface FandomCount {
  name: string;
  works: number;
}

export interface SharedData {
  pudding: PuddingData | null;
  fandoms: FandomCount[] | null;
  languages: string[] | null;
  /** Paragraphs of the Gutenberg novels, one array per novel. */
  novels: string[][] | null;
  /** What was found, for the report. */
  sources: string[];
}

const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function readFandom500(path: string): FandomCount[] {
  const out: FandomCount[] = [];
  for (const r of readCsvObjects(path)) {
    const name = normalizeTagName(r.name ?? '');
    const works = Number(r.cached_count);
    if (name !== '' && Number.isFinite(works) && works > 0) out.push({ name, works });
  }
  return out.sort((a, b) => b.works - a.works);
}

/** One novel's text: UTF-8 (with or without BOM) or, failing that, Latin-1; CRLF folded; Gutenberg header and licence cut off. */
export function novelParagraphs(raw: Buffer): string[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    text = raw.toString('latin1');
  }
  text = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const start = /^\*{3}\s*START OF[^\n]*$/m.exec(text);
  if (start) text = text.slice(start.index + start[0].length);
  const end = /^\*{3}\s*END OF[^\n]*$/m.exec(text);
  if (end) text = text.slice(0, end.index);
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    // Chapter headings, tables of contents and illustrations are not prose.
    .filter((p) => p.split(' ').length >= 8 && !/^\[?(illustration|chapter|contents)\b/i.test(p));
}

export function readShared(dir = SHARED_DATA, progress: (msg: string) => void = () => {}): SharedData {
  const sources: string[] = [];
  const puddingDir = join(dir, 'ao3/pudding-works');
  let pudding: PuddingData | null = null;
  if (existsSync(puddingDir)) {
    const t = performance.now();
    pudding = readPudding(puddingDir);
    sources.push(`pudding-works (${pudding.works.length} works)`);
    progress(`read the Pudding scrape: ${pudding.works.length} works in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const fandomFile = join(dir, 'ao3/fandom500.csv');
  const fandoms = existsSync(fandomFile) ? readFandom500(fandomFile) : null;
  if (fandoms) sources.push(`fandom500 (${fandoms.length} fandoms)`);
  const languageFile = join(dir, 'ao3/languages.csv');
  const languages = existsSync(languageFile)
    ? readCsvObjects(languageFile).map((r) => (r.language ?? '').trim()).filter((c) => LANGUAGE_CODE.test(c))
    : null;
  if (languages) sources.push(`languages (${languages.length})`);
  const textDir = join(dir, 'texts/gutenberg');
  let novels: string[][] | null = null;
  if (existsSync(textDir)) {
    novels = readdirSync(textDir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => novelParagraphs(readFileSync(join(textDir, f))))
      .filter((p) => p.length > 0);
    if (novels.length === 0) novels = null;
    else sources.push(`gutenberg (${novels.length} novels, ${novels.reduce((s, n) => s + n.length, 0)} paragraphs)`);
  }
  return { pudding, fandoms, languages, novels, sources };
}

export const NO_SHARED: SharedData = { pudding: null, fandoms: null, languages: null, novels: null, sources: [] };

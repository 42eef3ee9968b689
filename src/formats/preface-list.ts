// The definition list of a work's details at the top of a download ("Rating: Teen And Up
// Audiences", "Fandom: …", "Stats: … Chapters: 2/3"), as AO3's downloads and Quire's own write it.
import { DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { LANGUAGES } from '../works/languages.ts';
import type { ListField, WorkMeta } from './parsed-work.ts';
import { htmlText } from './wordcount.ts';

export interface PrefaceDetails {
  meta: Partial<WorkMeta>;
  series?: { name: string; position: number };
  /** From "Chapters: 2/3" (AO3's Stats, Quire's Chapters row); undefined when not given. */
  complete?: boolean;
}

const LIST_LABELS = new Map<string, ListField>([
  ['archive warning', 'warnings'], ['warning', 'warnings'], ['category', 'categories'], ['fandom', 'fandoms'],
  ['relationship', 'relationships'], ['character', 'characters'], ['additional tag', 'tags'], ['freeform', 'tags'],
]);

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** "Archive Warnings:" → "archive warning"; "Categories" → "category". */
function labelKey(label: string): string {
  const key = collapse(label).replace(/:$/, '').toLowerCase();
  return key === 'series' ? key : key.replace(/ies$/, 'y').replace(/s$/, '');
}

/** The names in a row: each link's text when the values are links (tags never hold commas on AO3), else comma-separated text. */
function names(dd: Element): string[] {
  const links = DomUtils.getElementsByTagName('a', dd);
  const values = links.length > 0 ? links.map((a) => DomUtils.textContent(a)) : DomUtils.textContent(dd).split(',');
  return values.map(collapse).filter(Boolean);
}

/** A language name as AO3 writes it ("English", "中文-普通话 國語") or a code, as a code. */
export function languageCode(value: string): string | undefined {
  const name = collapse(value);
  if (/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(name)) return name;
  const lower = name.toLowerCase();
  const head = lower.split(/[-\s]/)[0];
  return (LANGUAGES.find(([, n]) => n.toLowerCase() === lower) ?? LANGUAGES.find(([, n]) => n.toLowerCase() === head))?.[0];
}

function chaptersComplete(value: string): boolean | undefined {
  const match = /(\d+)\s*\/\s*(\d+|\?)/.exec(value);
  return match ? match[1] === match[2] : undefined;
}

/** Reads a details list; rows it does not know (Collections, Words, Published) are skipped. */
export function readPrefaceList(dl: Element): PrefaceDetails {
  const details: PrefaceDetails = { meta: {} };
  const meta = details.meta;
  let label = '';
  for (const child of dl.children) {
    if (!DomUtils.isTag(child)) continue;
    if (child.name === 'dt') label = labelKey(DomUtils.textContent(child));
    if (child.name !== 'dd') continue;
    const value = collapse(DomUtils.textContent(child));
    const list = LIST_LABELS.get(label);
    if (list) meta[list] = [...(meta[list] ?? []), ...names(child)];
    else if (label === 'rating') meta.rating = names(child)[0];
    else if (label === 'language') meta.language = languageCode(value);
    else if (label === 'series') {
      // "Part 2 of The Long Road, Part 1 of Side Stories": Quire keeps the first.
      const match = /^Part\s+(\d+)\s+of\s+(.+?)(?:,\s*Part\s+\d+\s+of\s.*)?$/i.exec(value);
      if (match) details.series = { name: match[2]!.trim(), position: Number(match[1]) };
    } else if (label === 'stat' || label === 'chapter') details.complete = chaptersComplete(value.replace(/^.*Chapters:/i, ''));
  }
  return details;
}

/** Plain text of a summary or note: one paragraph per block, a blank line between them. */
export function paragraphText(html: string): string {
  return htmlText(html.replace(/\s+/g, ' ')).split('\n').map(collapse).filter(Boolean).join('\n\n');
}

/** Whether a list looks like a work's details rather than a glossary in a story. */
export function isPrefaceList(dl: Element): boolean {
  const labels = DomUtils.getElementsByTagName('dt', dl.children, false).map((dt) => labelKey(DomUtils.textContent(dt)));
  return labels.includes('rating') && labels.some((l) => l === 'fandom' || l === 'archive warning');
}

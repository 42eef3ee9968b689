// A short, highlighted excerpt of where a work's text matched. Built only for
// works already on the result page (so only for works the viewer may read),
// from posted chapters only.
import { escapeHtml } from '../web/jsx.ts';
import type { TextQuery } from './text/index.ts';

const ACCENTS: Record<string, string> = { a: 'aàáâãäåā', c: 'cçćč', e: 'eèéêëēę', i: 'iìíîïī', n: 'nñń', o: 'oòóôõöøō', s: 'sśšß', u: 'uùúûüū', y: 'yýÿ', z: 'zźżž' };

/** Words a reader would recognise in the text: stems shortened a little so "running" also lights up "run". */
function termsOf(q: TextQuery): string[] {
  const words: string[] = [];
  for (const clause of q.must) {
    for (const t of clause.any) {
      if (t.field && t.field !== 'text') continue;
      if (t.type === 'word') words.push(t.value);
      else words.push(...t.words);
    }
  }
  return [...new Set(words.filter((w) => w.length > 0))].map((w) => (w.length > 5 ? w.slice(0, w.length - 2) : w));
}

function pattern(term: string): string {
  return [...term].map((ch) => (ACCENTS[ch] ? `[${ACCENTS[ch]}]` : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decodeEntity = (whole: string, name: string): string => {
  if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
  const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
};

/**
 * The text of sanitized chapter HTML for finding and showing a match: tags dropped by pattern
 * and entities decoded. A full HTML parse of every chapter of every work on a result page took
 * most of a text search's time with novel-length works; the excerpt is escaped again anyway.
 */
export function storyText(html: string): string {
  return html
    .replace(/<\/?(?:p|div|br|h[1-6]|li|blockquote|tr|hr|pre)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, decodeEntity);
}

/** Where the first of the query's words is in `text`: each hit runs on to the end of its word, so a shortened stem still marks whole words. */
function hitPattern(q: TextQuery): RegExp | null {
  const terms = termsOf(q);
  return terms.length === 0 ? null : new RegExp(`(?:${terms.map(pattern).join('|')})[\\p{L}\\p{N}]*`, 'iu');
}

const PREFIX = 16 * 1024;

/**
 * snippetHtml of a chapter's HTML, reading as little of it as gives the same excerpt: a chapter
 * of a novel-length work runs to 100 kB, and the first words matched are mostly near its start.
 */
export function chapterSnippet(html: string, q: TextQuery, width = 220): string | null {
  if (html.length > PREFIX * 2) {
    // Cut before a tag, so no half tag is left in the text; entities hold no "<".
    const cut = html.lastIndexOf('<', PREFIX);
    const text = storyText(html.slice(0, cut > 0 ? cut : PREFIX));
    const at = hitPattern(q)?.exec(text)?.index;
    // Far enough from the cut that the whole excerpt (and what follows it) is in the prefix.
    if (at !== undefined && at + width < text.length) return snippetHtml(text, q, width);
  }
  return snippetHtml(storyText(html), q, width);
}

/** Returns safe HTML: the excerpt is escaped and only <mark> is added. */
export function snippetHtml(text: string, q: TextQuery, width = 220): string | null {
  const re = hitPattern(q);
  if (!re) return null;
  const m = re.exec(text);
  if (!m) return null;
  const start = Math.max(0, m.index - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  const excerpt = text.slice(start, end).replace(/\s+/g, ' ');
  const global = new RegExp(re.source, 'giu');
  let html = '';
  let last = 0;
  for (const hit of excerpt.matchAll(global)) {
    html += escapeHtml(excerpt.slice(last, hit.index)) + '<mark>' + escapeHtml(hit[0]) + '</mark>';
    last = hit.index! + hit[0].length;
  }
  html += escapeHtml(excerpt.slice(last));
  return (start > 0 ? '… ' : '') + html + (end < text.length ? ' …' : '');
}

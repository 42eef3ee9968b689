// The heading text ("results for …") is written in the query syntax itself, so it reads
// naturally and, pasted back into the search box, gives the same search.
import type { Term, TextQuery } from './parse.ts';

const CJK_CHAR = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\uac00-\ud7a3]$/u;

function show(t: Term): string {
  const field = t.field ? `${t.field}:` : '';
  if (t.type === 'word') return `${field}${t.value}${t.prefix ? '*' : ''}`;
  // A run of CJK characters is a phrase already; quoting it would only add noise.
  if (t.words.every((w) => CJK_CHAR.test(w))) return field + t.words.join('');
  return `${field}"${t.words.join(' ')}"`;
}

export function describeTextQuery(q: TextQuery, maxLength = 200): string {
  const parts = q.must
    .filter((c) => c.any.length > 0)
    .map((c) => {
      const alternatives = c.any.map(show).join(' OR ');
      return c.any.length > 1 && q.must.length + q.not.length > 1 ? `(${alternatives})` : alternatives;
    });
  for (const t of q.not) parts.push(`-${show(t)}`);
  const text = parts.join(' ');
  if ([...text].length <= maxLength) return text;
  const cut = [...text].slice(0, Math.max(0, maxLength - 1)).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > 0 ? cut.slice(0, space) : cut}…`;
}

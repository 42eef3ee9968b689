// Text for generated works: a vocabulary whose word frequencies follow real
// prose (the Gutenberg novels' own counts, or a synthetic Zipf vocabulary),
// sentences made from it and from the work's character names, and "full"
// chapter bodies of a few thousand words: runs of consecutive novel paragraphs
// with generated paragraphs about the work's characters between them.
import { type Rand, WeightedSampler, intBelow, pick, zipf } from './random.ts';

export interface TextSource {
  words: string[];
  sampler: WeightedSampler;
  novels: string[][] | null;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'te', 'van', 'dor', 'el', 'sin', 'tha', 'mor', 'wen', 'ish', 'pel', 'or', 'quo', 'ber', 'lin', 'gar', 'fe', 'nu', 'sa', 'rim', 'to'];

export function textSource(novels: string[][] | null, rand: Rand): TextSource {
  if (novels) {
    const counts = new Map<string, number>();
    for (const novel of novels) {
      for (const p of novel) {
        for (const w of p.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
    const entries = [...counts].filter(([w, c]) => c >= 2 && w.length >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return { words: entries.map(([w]) => w), sampler: new WeightedSampler(entries.map(([, c]) => c)), novels };
  }
  // 20,000 made-up words, Zipf-distributed like the words of real prose.
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < 20_000) {
    const n = 1 + intBelow(rand, 4);
    const w = Array.from({ length: n }, () => pick(rand, SYLLABLES)).join('');
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return { words, sampler: zipf(words.length, 1.0), novels: null };
}

export const word = (src: TextSource, rand: Rand): string => src.words[src.sampler.draw(rand)]!;

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A sentence of 6–18 words; now and then it names one of `names`. */
export function sentence(src: TextSource, rand: Rand, names: readonly string[]): string {
  const n = 6 + intBelow(rand, 13);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(word(src, rand));
  if (names.length > 0 && rand() < 0.6) parts.splice(intBelow(rand, Math.min(3, parts.length)), 0, pick(rand, names));
  if (names.length > 1 && rand() < 0.3) parts.push('and', pick(rand, names));
  return capital(parts.join(' ')) + (rand() < 0.1 ? '?' : '.');
}

export function paragraph(src: TextSource, rand: Rand, names: readonly string[], sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(src, rand, names)).join(' ');
}

const wordsIn = (p: string) => p.split(' ').length;

/** Paragraphs adding up to `target` words (2,000–5,000 for "full" bodies). */
export function fullBody(src: TextSource, rand: Rand, names: readonly string[], target: number): string[] {
  const out: string[] = [];
  let words = 0;
  let novel: string[] | null = null;
  let at = 0;
  while (words < target) {
    let p: string;
    if (!src.novels || rand() < 0.25) {
      p = paragraph(src, rand, names, 2 + intBelow(rand, 4));
    } else {
      if (!novel || at >= novel.length || rand() < 0.03) {
        novel = pick(rand, src.novels);
        at = intBelow(rand, novel.length);
      }
      p = novel[at++]!;
      // A few novel paragraphs run for pages: keep the first 400 words.
      if (wordsIn(p) > 400) p = p.split(' ').slice(0, 400).join(' ');
    }
    out.push(p);
    words += wordsIn(p);
  }
  return out;
}

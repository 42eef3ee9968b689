// Realistic tag names in any number: the real names of the Pudding scrape
// (fandoms, relationships, their characters, freeforms) first, then synthetic
// ones built from the real names' words, all unique by tagKey. Seeded, so two
// runs generate the same archive.
import type { TagKind } from '../../src/db/schema.ts';
import { tagKey, TAG_NAME_MAX } from '../../src/tags/names.ts';
import type { PuddingData } from './pudding.ts';
import type { NewTag } from './bulk.ts';

export interface GeneratedTag {
  name: string;
  kind: TagKind;
  real: boolean;
}

/** mulberry32: a small seeded PRNG, good enough to pick words. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FALLBACK_WORDS = ('angst fluff hurt comfort slow burn found family alternate universe coffee shop college enemies lovers friends ' +
  'first kiss time travel soulmates canon divergence post war domestic smut humor drama mystery magic dragons pirates space ' +
  'royalty vampires werewolves hogwarts avengers winter summer autumn spring letters secret identity pining mutual').split(' ');
const FANDOM_SUFFIXES = [' (TV)', ' (Video Game)', ' (Anime)', ' (Movies)', ' (Comics)', ' (Band)', ' - Fandom', ' (Webcomic)', ''];
const AU_PREFIXES = ['Alternate Universe - ', 'Post-', 'Pre-', '', '', '', '', ''];

const title = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** Up to `count` tags: every real name once, then synthetic ones. */
export function generateTagNames(count: number, data: PuddingData | null, seed = 42): GeneratedTag[] {
  const out: GeneratedTag[] = [];
  const seen = new Set<string>();
  const add = (name: string, kind: TagKind, real: boolean): boolean => {
    const key = tagKey(name);
    if (out.length >= count || key === '' || [...name].length > TAG_NAME_MAX || name.includes(',') || seen.has(key)) return false;
    seen.add(key);
    out.push({ name, kind, real });
    return true;
  };
  const words = new Set<string>();
  const people = new Set<string>();
  if (data) {
    for (const w of data.works) {
      for (const t of w.tags) {
        if (t.kind === 'fandom' || t.kind === 'relationship' || t.kind === 'freeform') add(t.name, t.kind, true);
        if (t.kind === 'relationship') for (const p of t.name.split(/\/| & /)) if (add(p.trim(), 'character', true)) people.add(p.trim());
        for (const word of t.name.split(/[\s/&|()!.,:-]+/)) if (/^\p{L}{3,}$/u.test(word)) words.add(word.toLowerCase());
      }
    }
  }
  const vocab = words.size > 100 ? [...words] : FALLBACK_WORDS;
  const names = [...people].flatMap((p) => p.split(' ')).filter((w) => /^\p{Lu}\p{L}+$/u.test(w));
  const given = names.length > 50 ? names : vocab.map(title);
  const rand = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  // Some characters carry a disambiguation, as AO3's do ("Peter Parker (Spider-Man)").
  const character = () => `${pick(given)} ${title(pick(vocab))}${rand() < 0.3 ? ` (${title(pick(vocab))})` : ''}`;
  for (let misses = 0; out.length < count && misses < 1_000_000; ) {
    const r = rand();
    let made: boolean;
    if (r < 0.55) {
      const n = 1 + Math.floor(rand() * 4);
      const phrase = Array.from({ length: n }, () => pick(vocab)).join(' ');
      made = add(pick(AU_PREFIXES) + (rand() < 0.5 ? title(phrase) : phrase), 'freeform', false);
    } else if (r < 0.77) {
      made = add(character(), 'character', false);
    } else if (r < 0.95) {
      made = add(`${character()}${rand() < 0.7 ? '/' : ' & '}${character()}`, 'relationship', false);
    } else {
      made = add(`${title(pick(vocab))} ${title(pick(vocab))}${pick(FANDOM_SUFFIXES)}`, 'fandom', false);
    }
    misses = made ? 0 : misses + 1;
  }
  return out;
}

/** Wrangling for generated tags: which are canonical, which synonyms of what, and fandom parents. */
export function wrangleNames(names: GeneratedTag[], rand: () => number): { tags: NewTag[]; parents: [string, string][]; fandoms: string[] } {
  const tags: NewTag[] = [];
  const canonicals = new Map<TagKind, string[]>();
  for (const n of names) {
    // The scraped fandoms are canonical on AO3; other tags one in ten.
    const canonical = (n.real && n.kind === 'fandom') || rand() < 0.1;
    tags.push({ name: n.name, kind: n.kind, canonical });
    if (canonical) {
      const pool = canonicals.get(n.kind) ?? [];
      pool.push(n.name);
      canonicals.set(n.kind, pool);
    }
  }
  for (const t of tags) {
    const pool = canonicals.get(t.kind) ?? [];
    if (!t.canonical && pool.length > 0 && rand() < 0.25) t.mergerKey = tagKey(pool[Math.floor(rand() * pool.length)]!);
  }
  const fandoms = canonicals.get('fandom') ?? [];
  // A few fandoms hold most tags, as on AO3: index ~ n * r^3.
  const fandomFor = () => fandoms[Math.floor(fandoms.length * rand() ** 3)]!;
  const parents: [string, string][] = [];
  for (const t of tags) if (t.canonical && t.kind !== 'fandom' && fandoms.length > 0 && rand() < 0.7) parents.push([t.name, fandomFor()]);
  return { tags, parents, fandoms };
}

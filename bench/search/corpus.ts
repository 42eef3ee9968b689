// The shape of a generated archive, decided before anything is written: which
// tags exist and how often each is used, and per work its tags (in form order),
// creators, language, counts, flags and dates. Deterministic for (works, seed).
//
// Shape, following the Pudding scrape of AO3 when it is there:
// - ratings, warnings and categories in the scrape's proportions (a few tags on
//   a quarter or more of all works);
// - fandoms Zipf-distributed: AO3's 500 largest with their real work counts,
//   then a synthetic tail (weight ∝ 1/rank) growing with the archive;
// - per fandom a pool of characters (the scrape's relationship names split on
//   "/" and " & " first) drawn Zipf-wise; relationships are the scrape's own
//   (with the spellings works were tagged with as synonyms) or pairs of the
//   fandom's characters, so relationships and characters go with fandoms;
// - freeforms drawn from the scrape's own usage counts (Fluff on ~1 in 5 works
//   down to 177k names used once), plus brand-new names at a rate falling
//   slowly with the archive's size, so a long tail is used exactly once;
// - per work about a third as many freeforms as a scraped work (the scrape holds
//   AO3's most-kudosed, most heavily tagged works), for a median of ~12 tags.
import type { TagKind } from '../../src/db/schema.ts';
import { CATEGORIES, RATINGS, WARNINGS } from '../../src/tags/fixed.ts';
import { normalizeTagName, tagKey, TAG_NAME_MAX } from '../../src/tags/names.ts';
import type { SharedData } from './shared.ts';
import { type Rand, WeightedSampler, fromTable, intBelow, normal, pick, seedOf, seeded, zipf } from './random.ts';

/** Bump when the generated archive changes, so cached databases are rebuilt. */
export const GENERATOR_VERSION = 1;

export const FLAG_COMPLETE = 1;
export const FLAG_RESTRICTED = 2;
export const FLAG_ANONYMOUS = 4;
export const FLAG_HIDDEN = 8;
export const FLAG_DRAFT = 16;

const KIND_LABEL: Record<TagKind, string> = {
  rating: 'Rating', warning: 'Warning', category: 'Category', fandom: 'Fandom', relationship: 'Relationship', character: 'Character', freeform: 'Additional Tag', media: 'Media',
};

/** Every tag the archive will hold, by index; ids are assigned at load time (index + base). */
export class TagTable {
  readonly names: string[] = [];
  readonly kinds: TagKind[] = [];
  readonly canonical: number[] = [];
  /** Index of the canonical a synonym is merged into, or -1. */
  readonly merger: number[] = [];
  readonly counts: number[] = [];
  private readonly byKey = new Map<string, number>();

  constructor(private readonly reserved: ReadonlySet<string>) {}

  get size(): number {
    return this.names.length;
  }

  private clean(raw: string): string {
    // Tag names never hold commas (search splits tag lists on them).
    const name = normalizeTagName(raw.replace(/,/g, ' '));
    const chars = [...name];
    return chars.length > TAG_NAME_MAX ? chars.slice(0, TAG_NAME_MAX).join('').trim() : name;
  }

  private insert(name: string, kind: TagKind, canonical: boolean, merger: number): number {
    const i = this.names.length;
    this.names.push(name);
    this.kinds.push(kind);
    this.canonical.push(canonical && merger < 0 ? 1 : 0);
    this.merger.push(merger);
    this.counts.push(0);
    this.byKey.set(tagKey(name), i);
    return i;
  }

  private free(name: string): boolean {
    const key = tagKey(name);
    return key !== '' && !this.byKey.has(key) && !this.reserved.has(key);
  }

  /** The tag of this name and kind, created if new; a name another kind holds gets the kind added, as AO3 does. */
  get(raw: string, kind: TagKind, canonical: boolean, merger = -1): number {
    const name = this.clean(raw) || 'Untitled';
    const at = this.byKey.get(tagKey(name));
    if (at !== undefined && this.kinds[at] === kind) return at;
    if (at === undefined && !this.reserved.has(tagKey(name))) return this.insert(name, kind, canonical, merger);
    const qualified = this.clean(`${name} (${KIND_LABEL[kind]})`);
    const had = this.byKey.get(tagKey(qualified));
    if (had !== undefined && this.kinds[had] === kind) return had;
    return this.add(qualified, kind, canonical, merger);
  }

  /** A new tag, never an existing one: a taken name gets `qualifier` and then a number. */
  add(raw: string, kind: TagKind, canonical: boolean, merger = -1, qualifier = ''): number {
    const name = this.clean(raw) || 'Untitled';
    if (this.free(name)) return this.insert(name, kind, canonical, merger);
    const q = qualifier ? this.clean(`${name} (${qualifier})`) : name;
    if (q !== name && this.free(q)) return this.insert(q, kind, canonical, merger);
    for (let n = 2; ; n++) {
      const numbered = this.clean(`${q.slice(0, TAG_NAME_MAX - 8)} ${n}`);
      if (this.free(numbered)) return this.insert(numbered, kind, canonical, merger);
    }
  }
}

interface RealRelationship {
  canonical: number;
  synonyms: number[];
  characters: string[];
}

interface Fandom {
  name: string;
  weight: number;
  tag: number;
  pool: number;
  realCharacters: string[];
  characters: number[];
  realRelationships: RealRelationship[];
  relationshipSampler: WeightedSampler | null;
  pairs: Map<number, number>;
}

/** Grows a typed array of 32-bit ints as values are pushed. */
class IntList {
  data = new Int32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export interface Corpus {
  works: number;
  users: number;
  tags: TagTable;
  /** Tags of work i (0-based; its id is i + 1) are tagList[tagStart[i] .. tagStart[i+1]), in form order. */
  tagStart: Uint32Array;
  tagList: Int32Array;
  /** User index (0-based) of the first and second creator (-1: none). */
  author: Int32Array;
  coauthor: Int32Array;
  language: string[];
  languageOf: Uint8Array;
  words: Uint32Array;
  chapters: Uint16Array;
  /** Expected chapters, -1 for "?" */
  expected: Int16Array;
  flags: Uint8Array;
  published: Float64Array;
  updated: Float64Array;
  titles: string[];
  /** Names used to make up words when the shared data is missing. */
  givenNames: string[];
}

const FALLBACK_GIVEN = ['Ash', 'Bryn', 'Cass', 'Dara', 'Eli', 'Finn', 'Gwen', 'Hal', 'Iris', 'Jun', 'Kit', 'Lior', 'Mira', 'Nico', 'Oren', 'Pia', 'Quinn', 'Rhea', 'Sol', 'Tobin', 'Uma', 'Vale', 'Wren', 'Xan', 'Yara', 'Zev'];
const FALLBACK_WORDS = ('angst fluff hurt comfort slow burn found family alternate universe coffee shop college enemies lovers friends first kiss time travel ' +
  'soulmates canon divergence post war domestic smut humor drama mystery magic dragons pirates space royalty vampires werewolves winter summer ' +
  'autumn spring letters secret identity pining mutual whump healing grief reunion road trip heist ghosts mermaids knights witches').split(' ');
const AU_PREFIXES = ['Alternate Universe - ', 'Post-', 'Pre-', 'Implied ', 'Mentions of ', '', '', '', '', '', '', ''];
const FANDOM_SUFFIXES = [' (TV)', ' (Video Game)', ' (Anime)', ' (Movies)', ' (Comics)', ' (Band)', ' - Fandom', ' (Webcomic)', ' - Various Authors', ''];
// AO3's most used languages and roughly how many of its works use them; the rest of its codes share the remainder.
const LANGUAGES: [string, number][] = [
  ['en', 900], ['zh', 30], ['ru', 15], ['es', 12], ['fr', 8], ['de', 6], ['pt-BR', 5], ['ja', 4], ['it', 3], ['ko', 3], ['pl', 3], ['id', 2], ['vi', 2], ['tr', 1], ['nl', 1],
];
const title = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const shortFandom = (name: string) => name.split(/ \(| - | \| /)[0]!.trim();

export function planCorpus(works: number, seed: number, shared: SharedData, reservedKeys: ReadonlySet<string>, progress: (msg: string) => void = () => {}): Corpus {
  const rand = seeded(seed);
  const tags = new TagTable(reservedKeys);
  const pudding = shared.pudding;

  // Fixed tags, and how often works use them.
  const ratingIdx = RATINGS.map((r) => tags.get(r, 'rating', true));
  const warningIdx = WARNINGS.map((w) => tags.get(w, 'warning', true));
  const categoryIdx = CATEGORIES.map((c) => tags.get(c, 'category', true));
  const ratingCount = new Map<string, number>();
  const warningSets: number[][] = [];
  const categoryCount = new Map<string, number>();
  const freeformCounts = new Map<string, number>();
  const freeformsPerWork: number[] = [];
  const fandomCount = new Map<string, number>();
  // Per fandom: relationship (canonical key) → {tagged spellings → count}
  const relationshipsOf = new Map<string, Map<string, Map<string, number>>>();
  const words = new Set<string>();
  const titles: string[] = [];
  if (pudding) {
    for (const w of pudding.works) {
      titles.push(w.title);
      let fandom = '';
      let freeforms = 0;
      const warnings: number[] = [];
      for (const t of w.tags) {
        if (t.kind === 'rating') ratingCount.set(t.name, (ratingCount.get(t.name) ?? 0) + 1);
        else if (t.kind === 'warning') warnings.push(warningIdx[WARNINGS.indexOf(t.name as (typeof WARNINGS)[number])] ?? warningIdx[0]!);
        else if (t.kind === 'category') categoryCount.set(t.name, (categoryCount.get(t.name) ?? 0) + 1);
        else if (t.kind === 'fandom') {
          fandom = t.name;
          fandomCount.set(t.name, (fandomCount.get(t.name) ?? 0) + 1);
        } else if (t.kind === 'freeform') {
          freeforms++;
          freeformCounts.set(t.name, (freeformCounts.get(t.name) ?? 0) + 1);
          for (const word of t.name.split(/[\s/&|()!.,:-]+/)) if (/^\p{L}{3,}$/u.test(word)) words.add(word.toLowerCase());
        } else if (t.kind === 'relationship' && fandom) {
          const canonicalKey = pudding.relationshipSynonyms.get(t.name) ?? tagKey(t.name);
          const byRel = relationshipsOf.get(fandom) ?? new Map<string, Map<string, number>>();
          relationshipsOf.set(fandom, byRel);
          const spellings = byRel.get(canonicalKey) ?? new Map<string, number>();
          byRel.set(canonicalKey, spellings);
          spellings.set(t.name, (spellings.get(t.name) ?? 0) + 1);
        }
      }
      warningSets.push(warnings.length > 0 ? warnings : [warningIdx[0]!]);
      freeformsPerWork.push(freeforms);
    }
  }
  const ratingSampler = ratingCount.size > 0 ? RATINGS.map((r, i) => [ratingIdx[i]!, ratingCount.get(r) ?? 0] as const) : RATINGS.map((_, i) => [ratingIdx[i]!, [17, 31, 18, 25, 9][i]!] as const);
  const categoryTable = CATEGORIES.map((c, i) => [categoryIdx[i]!, categoryCount.get(c) ?? (c === 'Multi' || c === 'Other' ? 0 : 25)] as const);
  // The scrape has no Multi or Other: give them AO3-like small shares.
  const categorySampler = categoryTable.map(([i, n]) => [i, n === 0 ? Math.max(1, Math.round(categoryTable.reduce((s, [, x]) => s + x, 0) * 0.03)) : n] as const);
  const vocab = words.size > 100 ? [...words].sort() : FALLBACK_WORDS;

  // Character names: the people of the scrape's relationships, or made up.
  const people = new Set<string>();
  if (pudding) for (const name of pudding.canonicalRelationships.values()) for (const p of name.split(/\/| & /)) people.add(p.trim());
  const given = [...new Set([...people].map((p) => p.split(' ')[0]!).filter((w) => /^\p{Lu}\p{Ll}+$/u.test(w)))].sort();
  const surnames = [...new Set([...people].map((p) => p.split(' ').slice(1).join(' ')).filter((w) => /^\p{Lu}\p{Ll}+$/u.test(w)))].sort();
  const givenNames = given.length > 50 ? given : FALLBACK_GIVEN;
  const surnameList = surnames.length > 50 ? surnames : vocab.map(title);

  // Fandoms: AO3's largest with their real counts, the scrape's others, then a synthetic 1/rank tail.
  const fandoms: Fandom[] = [];
  const seenFandom = new Set<string>();
  const addFandom = (name: string, weight: number) => {
    const key = tagKey(name);
    if (seenFandom.has(key)) return;
    seenFandom.add(key);
    fandoms.push({ name, weight, tag: -1, pool: 0, realCharacters: [], characters: [], realRelationships: [], relationshipSampler: null, pairs: new Map() });
  };
  for (const f of shared.fandoms ?? []) addFandom(f.name, f.works);
  const smallest = fandoms.length > 0 ? fandoms[fandoms.length - 1]!.weight : 100_000;
  for (const [name, n] of [...fandomCount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) addFandom(name, Math.min(smallest, 1000 + n));
  const real = fandoms.length;
  const fandomTotal = Math.min(200_000, Math.max(real + 100, Math.round(works / 15)));
  const topWeight = fandoms.length > 0 ? fandoms[0]!.weight : 100_000;
  const tailStart = fandoms.length > 0 ? smallest * Math.max(real, 1) : topWeight;
  for (let r = real; r < fandomTotal; r++) {
    const name = `${title(pick(rand, vocab))} ${title(pick(rand, vocab))}${pick(rand, FANDOM_SUFFIXES)}`;
    fandoms.push({ name, weight: tailStart / (r + 1), tag: -1, pool: 0, realCharacters: [], characters: [], realRelationships: [], relationshipSampler: null, pairs: new Map() });
  }
  const maxWeight = Math.max(...fandoms.map((f) => f.weight));
  for (const f of fandoms) f.pool = 12 + Math.round(300 * Math.sqrt(f.weight / maxWeight));
  const fandomSampler = new WeightedSampler(fandoms.map((f) => f.weight));
  const fandomByKey = new Map(fandoms.map((f, i) => [tagKey(f.name), i]));
  // The scrape's relationships, their spellings, and their people, under their fandoms.
  for (const [fandomName, byRel] of relationshipsOf) {
    const f = fandoms[fandomByKey.get(tagKey(fandomName))!]!;
    const weights: number[] = [];
    const charCount = new Map<string, number>();
    for (const [canonicalKey, spellings] of [...byRel].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const canonicalName = pudding!.canonicalRelationships.get(canonicalKey) ?? [...spellings.keys()][0]!;
      const canonical = tags.get(canonicalName, 'relationship', true);
      const synonyms = [...spellings.keys()].filter((s) => tagKey(s) !== tagKey(canonicalName)).sort().map((s) => tags.get(s, 'relationship', false, canonical));
      const characters = canonicalName.split(/\/| & /).map((p) => p.trim()).filter((p) => p !== '');
      const n = [...spellings.values()].reduce((s, x) => s + x, 0);
      for (const c of characters) charCount.set(c, (charCount.get(c) ?? 0) + n);
      f.realRelationships.push({ canonical, synonyms, characters });
      weights.push(n);
    }
    f.relationshipSampler = new WeightedSampler(weights);
    f.realCharacters = [...charCount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
    f.pool = Math.max(f.pool, f.realCharacters.length + 10);
  }

  const fandomTag = (fi: number): number => {
    const f = fandoms[fi]!;
    if (f.tag < 0) f.tag = fi < real ? tags.get(f.name, 'fandom', true) : tags.add(f.name, 'fandom', true);
    return f.tag;
  };
  const characterName = (fi: number, rank: number): string => {
    const f = fandoms[fi]!;
    if (rank < f.realCharacters.length) return f.realCharacters[rank]!;
    const r = seeded(seedOf(fi + 7, rank));
    return r() < 0.3 ? pick(r, givenNames) : `${pick(r, givenNames)} ${pick(r, surnameList)}`;
  };
  const characterTag = (fi: number, rank: number): number => {
    const f = fandoms[fi]!;
    while (f.characters.length <= rank) f.characters.push(-1);
    if (f.characters[rank]! < 0) {
      const name = characterName(fi, rank);
      // A real person of the scrape is one tag across fandoms; made-up namesakes are told apart by fandom.
      f.characters[rank] = rank < f.realCharacters.length ? tags.get(name, 'character', true) : tags.add(name, 'character', true, -1, shortFandom(f.name));
    }
    return f.characters[rank]!;
  };

  // Freeforms: the scrape's names with their real usage counts, else a synthetic Zipf vocabulary.
  const headNames = pudding ? [...freeformCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)) : [];
  let headSampler: WeightedSampler;
  let headName: (i: number) => string;
  if (headNames.length > 0) {
    headSampler = new WeightedSampler(headNames.map(([, n]) => n));
    headName = (i) => headNames[i]![0];
  } else {
    headSampler = zipf(30_000, 1.07);
    headName = (i) => {
      const r = seeded(seedOf(3, i));
      const n = 1 + intBelow(r, 3);
      return pick(r, AU_PREFIXES) + title(Array.from({ length: n }, () => pick(r, vocab)).join(' '));
    };
  }
  const headTag = new Int32Array(headSampler.size).fill(-1);
  const newFreeform = (r: Rand): number => {
    const n = 2 + intBelow(r, 4);
    const phrase = Array.from({ length: n }, () => pick(r, vocab)).join(' ');
    return tags.add(pick(r, AU_PREFIXES) + (r() < 0.4 ? title(phrase) : phrase), 'freeform', false);
  };
  // New names per freeform slot: about the scrape's rate at its size, falling slowly as the archive grows.
  const newRate = Math.min(0.3, Math.max(0.08, 0.2 * (works / 62_000) ** -0.1));
  const freeformSlots = freeformsPerWork.length > 0 ? freeformsPerWork : null;

  const userCount = Math.max(20, Math.round(works / 5));
  const authorSampler = zipf(userCount, 0.6);
  const languageWeights: [string, number][] = [...LANGUAGES];
  for (const code of shared.languages ?? []) if (!languageWeights.some(([c]) => c === code)) languageWeights.push([code, 0.1]);
  const language = languageWeights.map(([c]) => c);
  const languageSampler = new WeightedSampler(languageWeights.map(([, w]) => w));

  const corpus: Corpus = {
    works,
    users: userCount,
    tags,
    tagStart: new Uint32Array(works + 1),
    tagList: new Int32Array(0),
    author: new Int32Array(works),
    coauthor: new Int32Array(works),
    language,
    languageOf: new Uint8Array(works),
    words: new Uint32Array(works),
    chapters: new Uint16Array(works),
    expected: new Int16Array(works),
    flags: new Uint8Array(works),
    published: new Float64Array(works),
    updated: new Float64Array(works),
    titles: new Array<string>(works),
    givenNames,
  };
  const list = new IntList();
  const START = Date.UTC(2009, 0, 1);
  const END = Date.UTC(2024, 9, 1);
  const mine = new Set<number>();
  const push = (t: number) => {
    if (mine.has(t)) return;
    mine.add(t);
    list.push(t);
  };

  for (let i = 0; i < works; i++) {
    const r = seeded(seedOf(1, i));
    mine.clear();
    corpus.tagStart[i] = list.length;
    push(fromTable(r, ratingSampler));
    for (const w of warningSets.length > 0 ? pick(r, warningSets) : [fromTable(r, [[warningIdx[3]!, 55], [warningIdx[0]!, 34], [warningIdx[1]!, 11], [warningIdx[2]!, 4]] as const)]) push(w);
    const categories = fromTable(r, [[0, 3], [1, 89], [2, 8]] as const);
    for (let k = 0; k < categories; k++) push(fromTable(r, categorySampler));
    const fandomCountHere = fromTable(r, [[1, 90], [2, 8], [3, 2]] as const);
    const mineFandoms: number[] = [];
    for (let k = 0; k < fandomCountHere; k++) {
      const fi = fandomSampler.draw(r);
      if (!mineFandoms.includes(fi)) mineFandoms.push(fi);
    }
    for (const fi of mineFandoms) push(fandomTag(fi));
    const chars: number[] = [];
    const relationships = fromTable(r, [[0, 22], [1, 50], [2, 17], [3, 7], [4, 4]] as const);
    for (let k = 0; k < relationships; k++) {
      const fi = k === 0 || r() < 0.7 ? mineFandoms[0]! : pick(r, mineFandoms);
      const f = fandoms[fi]!;
      if (f.relationshipSampler && r() < 0.55) {
        const rel = f.realRelationships[f.relationshipSampler.draw(r)]!;
        push(rel.synonyms.length > 0 && r() < 0.3 ? pick(r, rel.synonyms) : rel.canonical);
        for (const c of rel.characters) chars.push(tags.get(c, 'character', true));
        continue;
      }
      const z = zipf(f.pool, 1.1);
      const a = z.draw(r);
      let b = z.draw(r);
      if (b === a) b = (a + 1) % f.pool;
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const romantic = r() < 0.72;
      const key = (lo * 65536 + hi) * 2 + (romantic ? 1 : 0);
      let tag = f.pairs.get(key);
      if (tag === undefined) {
        tag = tags.get(`${characterName(fi, lo)}${romantic ? '/' : ' & '}${characterName(fi, hi)}`, 'relationship', true);
        f.pairs.set(key, tag);
      }
      push(tag);
      chars.push(characterTag(fi, lo), characterTag(fi, hi));
    }
    const extra = fromTable(r, [[0, 40], [1, 25], [2, 20], [3, 10], [5, 5]] as const);
    for (let k = 0; k < extra; k++) {
      const fi = r() < 0.8 ? mineFandoms[0]! : pick(r, mineFandoms);
      chars.push(characterTag(fi, zipf(fandoms[fi]!.pool, 1.1).draw(r)));
    }
    for (const c of chars) push(c);
    const slots = freeformSlots ? pick(r, freeformSlots) * 0.3 : Math.exp(Math.log(5) + 0.8 * normal(r));
    const freeforms = Math.min(120, Math.floor(slots) + (r() < slots % 1 ? 1 : 0));
    for (let k = 0; k < freeforms; k++) {
      if (r() < newRate) {
        push(newFreeform(r));
      } else {
        const h = headSampler.draw(r);
        if (headTag[h]! < 0) headTag[h] = tags.get(headName(h), 'freeform', false);
        push(headTag[h]!);
      }
    }
    for (let k = corpus.tagStart[i]!; k < list.length; k++) tags.counts[list.data[k]!]!++;

    corpus.author[i] = authorSampler.draw(r);
    corpus.coauthor[i] = r() < 0.04 ? authorSampler.draw(r) : -1;
    if (corpus.coauthor[i] === corpus.author[i]) corpus.coauthor[i] = -1;
    corpus.languageOf[i] = languageSampler.draw(r);
    corpus.words[i] = Math.round(Math.min(800_000, Math.max(20, Math.exp(Math.log(4000) + 1.2 * normal(r)))));
    const complete = r() < 0.62;
    const chapters = r() < 0.55 ? 1 : Math.min(60, 2 + Math.floor(-Math.log(1 - r()) * 5));
    corpus.chapters[i] = chapters;
    corpus.expected[i] = complete ? chapters : r() < 0.5 ? -1 : chapters + 1 + intBelow(r, 10);
    let flags = complete ? FLAG_COMPLETE : 0;
    if (r() < 0.07) flags |= FLAG_RESTRICTED;
    if (r() < 0.025) flags |= FLAG_ANONYMOUS;
    if (r() < 0.0005) flags |= FLAG_HIDDEN;
    if (r() < 0.01) flags |= FLAG_DRAFT;
    corpus.flags[i] = flags;
    // More works every year, as on AO3.
    const published = START + (END - START) * Math.sqrt(r());
    corpus.published[i] = Math.floor(published);
    corpus.updated[i] = chapters === 1 && complete ? corpus.published[i]! : Math.floor(published + Math.min(2 * 365 * 86_400_000, END - published) * r() ** 2);
    corpus.titles[i] = titles.length > 0 ? pick(r, titles) : title(Array.from({ length: 1 + intBelow(r, 4) }, () => pick(r, vocab)).join(' '));
    if ((i + 1) % 100_000 === 0) progress(`planned ${i + 1} works, ${tags.size} tags`);
  }
  corpus.tagStart[works] = list.length;
  corpus.tagList = list.data.subarray(0, list.length);
  return corpus;
}

/** Login of user index u (0-based); unique, at most 40 characters. */
export function loginOf(corpus: Corpus, u: number): string {
  const r = seeded(seedOf(4, u));
  return `${pick(r, corpus.givenNames).toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 20) || 'writer'}_${u + 1}`;
}

/** Tag indexes of work i. */
export const tagsOfWork = (corpus: Corpus, i: number): Int32Array => corpus.tagList.subarray(corpus.tagStart[i]!, corpus.tagStart[i + 1]!);

// The in-memory search index of one app process: a roaring bitmap of work ids
// per filter tag, language and creator, flag bitmaps, and per-work numbers in
// typed arrays. Built from the database at start; kept current from the
// search_changes log (see ./refresh.ts). Holds only posted, unhidden works.
import roaring from 'roaring';
import type { TagKind } from '../db/schema.ts';

export const { RoaringBitmap32 } = roaring;
export type Bitmap = InstanceType<typeof RoaringBitmap32>;

export interface WorkFacts {
  id: number;
  restricted: boolean;
  anonymous: boolean;
  complete: boolean;
  language: string;
  words: number;
  chapters: number;
  expected: number | null;
  updatedAt: number;
  publishedAt: number;
  title: string;
  author: string;
  creators: number[];
  pseuds: number[];
  filters: number[];
  fandoms: number;
}

export interface TagMeta {
  name: string;
  kind: TagKind;
  canonical: boolean;
}

function grow<T extends Float64Array | Uint32Array>(a: T, need: number, make: (n: number) => T): T {
  if (need < a.length) return a;
  const b = make(Math.max(need + 1, a.length * 2));
  b.set(a);
  return b;
}

export class BitmapIndex {
  readonly all: Bitmap = new RoaringBitmap32();
  readonly restricted: Bitmap = new RoaringBitmap32();
  readonly anonymous: Bitmap = new RoaringBitmap32();
  readonly complete: Bitmap = new RoaringBitmap32();
  readonly singleChapter: Bitmap = new RoaringBitmap32();
  readonly crossover: Bitmap = new RoaringBitmap32();
  readonly byTag = new Map<number, Bitmap>();
  readonly byLanguage = new Map<string, Bitmap>();
  readonly byCreator = new Map<number, Bitmap>();
  readonly byPseud = new Map<number, Bitmap>();
  readonly tagMeta = new Map<number, TagMeta>();
  words = new Uint32Array(1024);
  chapters = new Uint32Array(1024);
  updated = new Float64Array(1024);
  published = new Float64Array(1024);
  readonly title: string[] = [];
  readonly author: string[] = [];
  private readonly filtersOf = new Map<number, Uint32Array>();
  private readonly languageOf = new Map<number, string>();
  private readonly creatorsOf = new Map<number, number[]>();
  private readonly pseudsOf = new Map<number, number[]>();
  /** Tag ids of each kind ordered by how many works they hold; rebuilt lazily after changes. */
  private byKindCache: Map<TagKind, number[]> | null = null;

  private add(map: Map<number, Bitmap>, key: number, id: number): void;
  private add(map: Map<string, Bitmap>, key: string, id: number): void;
  private add(map: Map<any, Bitmap>, key: any, id: number): void {
    let b = map.get(key);
    if (!b) map.set(key, (b = new RoaringBitmap32()));
    b.add(id);
  }

  private removeFrom(map: Map<any, Bitmap>, key: any, id: number): void {
    const b = map.get(key);
    if (!b) return;
    b.remove(id);
    if (b.isEmpty) map.delete(key);
  }

  /** Adds or replaces a work; `null` facts remove it (deleted, draft or hidden). */
  put(id: number, facts: WorkFacts | null): void {
    this.remove(id);
    if (!facts) return;
    this.all.add(id);
    if (facts.restricted) this.restricted.add(id);
    if (facts.anonymous) this.anonymous.add(id);
    if (facts.complete) this.complete.add(id);
    if (facts.chapters === 1 && facts.complete) this.singleChapter.add(id);
    if (facts.fandoms > 1) this.crossover.add(id);
    const filters = Uint32Array.from(facts.filters);
    this.filtersOf.set(id, filters);
    for (const t of filters) this.add(this.byTag, t, id);
    this.languageOf.set(id, facts.language);
    this.add(this.byLanguage, facts.language, id);
    this.creatorsOf.set(id, facts.creators);
    for (const c of facts.creators) this.add(this.byCreator, c, id);
    this.pseudsOf.set(id, facts.pseuds);
    for (const p of facts.pseuds) this.add(this.byPseud, p, id);
    this.words = grow(this.words, id, (n) => new Uint32Array(n));
    this.chapters = grow(this.chapters, id, (n) => new Uint32Array(n));
    this.updated = grow(this.updated, id, (n) => new Float64Array(n));
    this.published = grow(this.published, id, (n) => new Float64Array(n));
    this.words[id] = facts.words;
    this.chapters[id] = facts.chapters;
    this.updated[id] = facts.updatedAt;
    this.published[id] = facts.publishedAt;
    this.title[id] = facts.title.toLowerCase();
    this.author[id] = facts.author.toLowerCase();
    this.byKindCache = null;
  }

  remove(id: number): void {
    if (!this.all.has(id)) return;
    for (const b of [this.all, this.restricted, this.anonymous, this.complete, this.singleChapter, this.crossover]) b.remove(id);
    for (const t of this.filtersOf.get(id) ?? []) this.removeFrom(this.byTag, t, id);
    this.filtersOf.delete(id);
    const lang = this.languageOf.get(id);
    if (lang !== undefined) this.removeFrom(this.byLanguage, lang, id);
    this.languageOf.delete(id);
    for (const c of this.creatorsOf.get(id) ?? []) this.removeFrom(this.byCreator, c, id);
    this.creatorsOf.delete(id);
    for (const p of this.pseudsOf.get(id) ?? []) this.removeFrom(this.byPseud, p, id);
    this.pseudsOf.delete(id);
    this.byKindCache = null;
  }

  setTagMeta(id: number, meta: TagMeta): void {
    this.tagMeta.set(id, meta);
    this.byKindCache = null;
  }

  tag(id: number): Bitmap {
    return this.byTag.get(id) ?? new RoaringBitmap32();
  }

  /** Tag ids of one kind that some work filters under, largest first. */
  tagsOfKind(kind: TagKind): number[] {
    if (!this.byKindCache) {
      const cache = new Map<TagKind, number[]>();
      for (const [id, bitmap] of this.byTag) {
        const meta = this.tagMeta.get(id);
        if (!meta || bitmap.isEmpty) continue;
        const list = cache.get(meta.kind) ?? [];
        list.push(id);
        cache.set(meta.kind, list);
      }
      for (const list of cache.values()) list.sort((a, b) => this.byTag.get(b)!.size - this.byTag.get(a)!.size || a - b);
      this.byKindCache = cache;
    }
    return this.byKindCache.get(kind) ?? [];
  }

  get size(): number {
    return this.all.size;
  }
}

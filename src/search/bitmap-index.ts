// The in-memory search index of one app process: a roaring bitmap of work ids
// per filter tag, language and creator, flag bitmaps, and per-work numbers in
// typed arrays. Built from the database at start; kept current from the
// search_changes log (see ./refresh.ts). Holds only posted, unhidden works.
//
// Sized for a million works and a few million tags: most tags (and most
// creators) of a big archive have a handful of works, so those keep their work
// ids in a shared pool (SmallSets) instead of a bitmap (a bitmap costs ~400
// bytes and ~5 µs to make) until they pass SMALL works; per-tag and per-work
// facts live in typed arrays indexed by id rather than in a Map entry and an
// object each.
import roaring from 'roaring';
import type { TagKind } from '../db/schema.ts';
import { grow, SmallSets } from './small-sets.ts';
import { SortOrders } from './sort-orders.ts';
import { WorkFilters } from './work-filters.ts';
import { makeTagOrders, type TagOrder } from './tag-order.ts';

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

const KINDS: TagKind[] = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform', 'media'];
/** A kind as a small number (1…8; 0: not known), as kindCodeOf gives it. */
export const kindCode = (kind: TagKind | undefined): number => (kind === undefined ? 0 : KINDS.indexOf(kind) + 1);

/** A set of kinds as a bit mask, for WorkFilters.count: their tags with a bitmap. */
export const kindMask = (kinds: readonly TagKind[]): number => kinds.reduce((mask, k) => mask | (1 << kindCode(k)), 0);

/** Rating, warning and category tags always get a bitmap, so their facets never look for tags of one work. */
const FIXED_KINDS: ReadonlySet<TagKind> = new Set(['rating', 'warning', 'category']);

/** Kinds left out of the facet lines: always counted by intersections (fixed), or never counted (media). */
const OFF_LINES = kindMask(['rating', 'warning', 'category', 'media']);

/** A tag, creator or pseud with at most this many works keeps a list in SmallSets rather than a bitmap. */
export const SMALL = 16;

/**
 * Re-sorting every tag by size costs tens of milliseconds at a million works; doing it after
 * every put made searches slow while a recompute job streamed changes in. Instead the order
 * is kept stale for this many puts, and readers widen each size by the slack to stay exact.
 */
const REORDER_AFTER = 2000;

export class BitmapIndex {
  readonly all: Bitmap = new RoaringBitmap32();
  readonly restricted: Bitmap = new RoaringBitmap32();
  readonly anonymous: Bitmap = new RoaringBitmap32();
  readonly complete: Bitmap = new RoaringBitmap32();
  readonly singleChapter: Bitmap = new RoaringBitmap32();
  readonly crossover: Bitmap = new RoaringBitmap32();
  /** Tags with more than SMALL works (and every fixed-kind tag) → their works; smaller ones are in `smallTags`. */
  readonly byTag = new Map<number, Bitmap>();
  readonly byLanguage = new Map<string, Bitmap>();
  /** Creators (users) and pseuds with more than SMALL works; smaller ones are in the SmallSets below. */
  private readonly byCreator = new Map<number, Bitmap>();
  private readonly byPseud = new Map<number, Bitmap>();
  private readonly smallTags = new SmallSets();
  private readonly smallCreators = new SmallSets();
  private readonly smallPseuds = new SmallSets();
  words = new Uint32Array(1024);
  chapters = new Uint32Array(1024);
  updated = new Float64Array(1024);
  published = new Float64Array(1024);
  readonly title: string[] = [];
  readonly author: string[] = [];
  /** All works in the order of each numeric sort key, for pages of large results. */
  readonly sortOrders = new SortOrders();

  // Per tag id.
  /** How many tags of each kind are in smallTags, by kind code (0: kind not known yet). */
  private readonly smallOfKind = new Int32Array(KINDS.length + 1);
  private readonly tagNames: (string | undefined)[] = [];
  /** Kind of each tag with metadata as its index in KINDS plus one (0: no metadata). */
  private kindCodes = new Uint8Array(1024);
  private canonical = new Uint8Array(1024);
  private topTagId = 0;

  private languageCodes = new Uint16Array(1024);
  private readonly languageNames: string[] = [''];
  private readonly languageIds = new Map<string, number>();
  /** The creator (user) and pseud of a work with one; works with several keep their lists in the maps. */
  private soleCreator = new Uint32Array(1024);
  private solePseud = new Uint32Array(1024);
  private readonly creatorLists = new Map<number, number[]>();
  private readonly pseudLists = new Map<number, number[]>();
  /** Each work's filter tags, by rank, for facet counts over a result's works (see ./work-filters.ts). */
  readonly filters = new WorkFilters(
    this.all,
    (tag) => this.byTag.has(tag),
    (tag) => this.kindCodes[tag] ?? 0,
    OFF_LINES,
    [...FIXED_KINDS].map(kindCode),
    (id) => this.languageCodes[id] ?? 0,
  );

  /**
   * Tag ids of each kind with a bitmap, largest first, as they were when the order was made;
   * see tagOrder(). Made again lazily after REORDER_AFTER puts or a change of a tag's kind.
   */
  private order: Map<TagKind, TagOrder> | null = null;
  /** Works put since the order was made: no tag has grown by more than this since. */
  private orderSlack = 0;
  /** While a build files works: ids to add to each bitmap, made in one call per bitmap by flush(). */
  private pending: Map<Bitmap, number[]> | null = null;

  /**
   * Files the works of a build faster: additions to bitmaps wait for flush() and are made
   * in one call per bitmap (a call into roaring costs more than adding the id). Only for
   * works new to the index, and nothing may read the index until the last flush().
   */
  startBuild(): void {
    this.pending = new Map();
    this.filters.startBuild();
  }

  /** Makes the additions collected since startBuild() or the last flush(); `done` ends the build. */
  flush(done = false): void {
    for (const [bitmap, ids] of this.pending ?? []) bitmap.addMany(ids);
    this.pending = done ? null : new Map();
    if (done) {
      this.filters.endBuild();
      this.sortOrders.clear();
    }
  }

  private addId(bitmap: Bitmap, id: number): void {
    if (!this.pending) {
      bitmap.add(id);
      return;
    }
    const ids = this.pending.get(bitmap);
    if (ids) ids.push(id);
    else this.pending.set(bitmap, [id]);
  }

  private add(map: Map<number, Bitmap>, key: number, id: number): void;
  private add(map: Map<string, Bitmap>, key: string, id: number): void;
  private add(map: Map<any, Bitmap>, key: any, id: number): void {
    let b = map.get(key);
    if (!b) map.set(key, (b = new RoaringBitmap32()));
    this.addId(b, id);
  }

  private removeFrom(map: Map<any, Bitmap>, key: any, id: number): void {
    const b = map.get(key);
    if (!b) return;
    b.remove(id);
    if (b.isEmpty) map.delete(key);
  }

  /** Adds a work to a key's set: its bitmap, its small set, or a bitmap made from the small set once that is full. */
  private addTo(big: Map<number, Bitmap>, small: SmallSets, key: number, id: number, bitmapAlways = false): 'small' | 'promoted' | 'big' {
    const b = big.get(key);
    if (b) {
      this.addId(b, id);
      return 'big';
    }
    if (small.sizeOf(key) < SMALL && !bitmapAlways) {
      small.add(key, id);
      return 'small';
    }
    const bitmap = new RoaringBitmap32(small.values(key));
    bitmap.add(id);
    small.clear(key);
    big.set(key, bitmap);
    return 'promoted';
  }

  private removeFromSets(big: Map<number, Bitmap>, small: SmallSets, key: number, id: number): void {
    if (!small.remove(key, id)) this.removeFrom(big, key, id);
  }

  private addTag(tag: number, id: number): void {
    const b = this.byTag.get(tag);
    if (b) {
      this.addId(b, id);
      return;
    }
    if (tag > this.topTagId) this.topTagId = tag;
    const wasSmall = this.smallTags.sizeOf(tag) > 0;
    const kind = this.kindOf(tag);
    const where = this.addTo(this.byTag, this.smallTags, tag, id, kind !== undefined && FIXED_KINDS.has(kind));
    if (where === 'small' && !wasSmall) this.smallOfKind[this.kindCodes[tag] ?? 0]!++;
    if (where === 'promoted' && wasSmall) this.smallOfKind[this.kindCodes[tag] ?? 0]!--;
    if (where === 'promoted' && !this.pending) this.filters.promoted(tag, this.byTag.get(tag)!);
    if (where !== 'small' && this.order) {
      const list = kind === undefined ? undefined : this.order.get(kind);
      if (list) list.added.push(tag);
      else this.order = null;
    }
  }

  private removeTag(tag: number, id: number): void {
    const wasSmall = this.smallTags.sizeOf(tag) > 0;
    const hadBitmap = this.byTag.has(tag);
    this.removeFromSets(this.byTag, this.smallTags, tag, id);
    if (wasSmall && this.smallTags.sizeOf(tag) === 0) this.smallOfKind[this.kindCodes[tag] ?? 0]!--;
    // A tag whose bitmap emptied could get one again and be listed twice in an order.
    if (hadBitmap && !this.byTag.has(tag)) this.order = null;
  }

  private growWorks(id: number): void {
    this.words = grow(this.words, id);
    this.chapters = grow(this.chapters, id);
    this.updated = grow(this.updated, id);
    this.published = grow(this.published, id);
    this.languageCodes = grow(this.languageCodes, id);
    this.soleCreator = grow(this.soleCreator, id);
    this.solePseud = grow(this.solePseud, id);
  }

  private languageId(name: string): number {
    let code = this.languageIds.get(name);
    if (code === undefined) {
      code = this.languageNames.push(name) - 1;
      this.languageIds.set(name, code);
    }
    return code;
  }

  /** Adds or replaces a work; `null` facts remove it (deleted, draft or hidden). */
  put(id: number, facts: WorkFacts | null): void {
    if (!this.pending) this.remove(id);
    if (!facts) return;
    this.addId(this.all, id);
    if (facts.restricted) this.addId(this.restricted, id);
    if (facts.anonymous) this.addId(this.anonymous, id);
    if (facts.complete) this.addId(this.complete, id);
    if (facts.chapters === 1 && facts.complete) this.addId(this.singleChapter, id);
    if (facts.fandoms > 1) this.addId(this.crossover, id);
    if (id >= this.words.length) this.growWorks(id);
    this.filters.set(id, facts.filters);
    for (const t of facts.filters) this.addTag(t, id);
    this.languageCodes[id] = this.languageId(facts.language);
    this.filters.setLine(id);
    this.add(this.byLanguage, facts.language, id);
    this.soleCreator[id] = facts.creators.length === 1 ? facts.creators[0]! : 0;
    this.solePseud[id] = facts.pseuds.length === 1 ? facts.pseuds[0]! : 0;
    if (facts.creators.length > 1) this.creatorLists.set(id, facts.creators);
    if (facts.pseuds.length > 1) this.pseudLists.set(id, facts.pseuds);
    for (const c of facts.creators) this.addTo(this.byCreator, this.smallCreators, c, id);
    for (const p of facts.pseuds) this.addTo(this.byPseud, this.smallPseuds, p, id);
    this.words[id] = facts.words;
    this.chapters[id] = facts.chapters;
    this.updated[id] = facts.updatedAt;
    this.published[id] = facts.publishedAt;
    this.title[id] = facts.title.toLowerCase();
    this.author[id] = facts.author.toLowerCase();
    if (!this.pending) this.sortOrders.changed(id, this.all.size);
    if (this.order && ++this.orderSlack > REORDER_AFTER) this.order = null;
  }

  remove(id: number): void {
    if (!this.all.has(id)) return;
    for (const b of [this.all, this.restricted, this.anonymous, this.complete, this.singleChapter, this.crossover]) b.remove(id);
    for (const t of this.filters.tagsOf(id)) this.removeTag(t, id);
    this.filters.clear(id);
    const lang = this.languageNames[this.languageCodes[id]!];
    if (lang) this.removeFrom(this.byLanguage, lang, id);
    this.languageCodes[id] = 0;
    const creators = this.creatorLists.get(id) ?? (this.soleCreator[id] ? [this.soleCreator[id]!] : []);
    for (const c of creators) this.removeFromSets(this.byCreator, this.smallCreators, c, id);
    const pseuds = this.pseudLists.get(id) ?? (this.solePseud[id] ? [this.solePseud[id]!] : []);
    for (const p of pseuds) this.removeFromSets(this.byPseud, this.smallPseuds, p, id);
    this.soleCreator[id] = 0;
    this.solePseud[id] = 0;
    this.creatorLists.delete(id);
    this.pseudLists.delete(id);
    // The order stays: tags only shrink here, and an emptied tag loses its bitmap, which readers skip.
  }

  setTagMeta(id: number, meta: TagMeta): void {
    this.kindCodes = grow(this.kindCodes, id);
    this.canonical = grow(this.canonical, id);
    while (this.tagNames.length <= id) this.tagNames.push(undefined);
    const small = this.smallTags.sizeOf(id) > 0;
    if (small) {
      this.smallOfKind[this.kindCodes[id]!]!--;
      this.smallOfKind[kindCode(meta.kind)]!++;
    }
    // A tag with a bitmap that changes kind (or gets one) moves between orders: make them again.
    if (this.kindCodes[id] !== kindCode(meta.kind) && this.byTag.has(id)) this.order = null;
    this.tagNames[id] = meta.name;
    this.kindCodes[id] = kindCode(meta.kind);
    this.filters.setKindCode(id, kindCode(meta.kind));
    this.canonical[id] = meta.canonical ? 1 : 0;
    if (small && FIXED_KINDS.has(meta.kind)) {
      this.byTag.set(id, new RoaringBitmap32(this.smallTags.values(id)));
      this.smallTags.clear(id);
      this.smallOfKind[kindCode(meta.kind)]!--;
      this.filters.promoted(id, this.byTag.get(id)!);
      this.order = null;
    }
  }

  hasTagMeta(id: number): boolean {
    return (this.kindCodes[id] ?? 0) !== 0;
  }

  /** Whether some work in the index filters under this tag. */
  holdsTag(id: number): boolean {
    return this.byTag.has(id) || this.smallTags.sizeOf(id) > 0;
  }

  tagMeta(id: number): TagMeta | undefined {
    const kind = this.kindOf(id);
    return kind === undefined ? undefined : { name: this.tagNames[id]!, kind, canonical: this.canonical[id] === 1 };
  }

  tagName(id: number): string | undefined {
    return this.tagNames[id];
  }

  kindOf(tagId: number): TagKind | undefined {
    return KINDS[(this.kindCodes[tagId] ?? 0) - 1];
  }

  kindCodeOf(tagId: number): number {
    return this.kindCodes[tagId] ?? 0;
  }

  private static unionOf(big: Map<number, Bitmap>, small: SmallSets, keys: number[]): Bitmap {
    const bitmaps: Bitmap[] = [];
    const works: number[] = [];
    for (const k of keys) {
      const b = big.get(k);
      if (b) bitmaps.push(b);
      else for (const w of small.values(k)) works.push(w);
    }
    if (works.length > 0) bitmaps.push(new RoaringBitmap32(works));
    return RoaringBitmap32.orMany(bitmaps);
  }

  tag(id: number): Bitmap {
    return this.byTag.get(id) ?? new RoaringBitmap32(this.smallTags.values(id));
  }

  /** Works with any of these tags. */
  union(tagIds: number[]): Bitmap {
    return BitmapIndex.unionOf(this.byTag, this.smallTags, tagIds);
  }

  /**
   * Takes the works with any of these tags out of `set`, a tag at a time: at 300 excluded tags
   * at a million works, ~3 ms against ~7 for taking out their union (made by roaring's orMany).
   */
  subtractTags(set: Bitmap, tagIds: number[]): void {
    const works: number[] = [];
    for (const t of tagIds) {
      const b = this.byTag.get(t);
      if (b) set.andNotInPlace(b);
      else for (const w of this.smallTags.values(t)) works.push(w);
    }
    if (works.length > 0) set.andNotInPlace(new RoaringBitmap32(works));
  }

  /** Works by any of these creators (users). */
  byCreators(userIds: number[]): Bitmap {
    return BitmapIndex.unionOf(this.byCreator, this.smallCreators, userIds);
  }

  /** Works under any of these pseuds. */
  byPseuds(pseudIds: number[]): Bitmap {
    return BitmapIndex.unionOf(this.byPseud, this.smallPseuds, pseudIds);
  }

  /** Whether some tags of this kind have SMALL works or fewer (they are not in tagsOfKind). */
  hasSmallTags(kind: TagKind): boolean {
    return this.smallOfKind[kindCode(kind)]! > 0;
  }

  /** The language of a code in FactCounts.languages ('' for none). */
  languageName(code: number): string {
    return this.languageNames[code] ?? '';
  }

  languageOfWork(id: number): string | undefined {
    return this.languageNames[this.languageCodes[id] ?? 0] || undefined;
  }

  /**
   * The tags of one kind with a bitmap (more than SMALL works, or a fixed kind), largest first
   * as of the last ordering, and `slack`: how many works any of them may have gained since.
   * A tag in the order may have lost its bitmap since (no works left).
   */
  tagOrder(kind: TagKind): { order: TagOrder; slack: number } {
    if (!this.order) {
      const order = makeTagOrders(KINDS, this.byTag, (tag) => this.kindOf(tag), this.topTagId, this.chunks);
      this.order = order;
      this.orderSlack = 0;
    }
    return { order: this.order.get(kind)!, slack: this.orderSlack };
  }

  get size(): number {
    return this.all.size;
  }

  /** How many ranges of 65,536 ids (roaring's chunks) the works' ids reach into. */
  get chunks(): number {
    return this.all.isEmpty ? 1 : (this.all.maximum() >>> 16) + 1;
  }
}

// The in-memory search index of one app process: a roaring bitmap of work ids
// per filter tag, language and creator, flag bitmaps, and per-work numbers in
// typed arrays. Built from the database at start; kept current from the
// search_changes log (see ./refresh.ts). Holds only posted, unhidden works.
//
// Sized for a million works and a few million tags: tags, creators and pseuds with
// a handful of works keep them in a shared pool (./works-by-key.ts); per-tag and
// per-work facts live in typed arrays indexed by id rather than in a Map entry and
// an object each.
import type { TagKind } from '../db/schema.ts';
import { idsOf } from './scratch.ts';
import { grow } from './small-sets.ts';
import { SortOrders } from './sort-orders.ts';
import { StringKeys } from './string-keys.ts';
import { KINDS, kindCode, kindMask, TagDirectory } from './tag-directory.ts';
import type { TagKeys } from './tag-keys.ts';
import { WordBuckets } from './word-buckets.ts';
import { WorkFilters } from './work-filters.ts';
import { WorkLanguages } from './work-languages.ts';
import { makeTagOrders, type TagOrder } from './tag-order.ts';
import { RoaringBitmap32, WorksByKey, WorksByKeys, type Bitmap } from './works-by-key.ts';
import type { TagMeta, WorkFacts } from './facts.ts';

export { RoaringBitmap32, SMALL, type Bitmap } from './works-by-key.ts';
export { kindCode, kindMask } from './tag-directory.ts';

/** Rating, warning and category tags always get a bitmap, so their facets never look for tags of one work. */
const FIXED_KINDS: ReadonlySet<TagKind> = new Set(['rating', 'warning', 'category']);

/** Kinds left out of the facet lines: always counted by intersections (fixed), or never counted (media). */
const OFF_LINES = kindMask(['rating', 'warning', 'category', 'media']);

/**
 * Re-sorting every tag by size costs tens of milliseconds at a million works; doing it after
 * every put made searches slow while a recompute job streamed changes in. Instead the order
 * is kept stale for this many puts, and readers widen each size by the slack to stay exact.
 */
const REORDER_AFTER = 2000;
/**
 * The tags' bitmaps are laid out again (see remakeTags) after this share of the works has been
 * put since they last were: each change copies its tags' bitmaps out of the layout, and at a
 * million works, 20,000 changed works took heavy_exclude's searches without an include from
 * facets 1.0–1.05 to 1.45–2.4 ms and exclusions 0.68–0.72 to 0.95–1.3 ms (in-process, two runs);
 * laying them out again took 0.8 s and brought them back to 1.2–1.3 and 0.75–0.84.
 */
const RELAYOUT_SHARE = 0.02;
/** subtractTags' costs (ns), measured at a million works: per work gone through, per work of a tag taken out. */
const BY_WORK_NS = 600;
const BY_TAG_WORK_NS = 1.5;
let subtractWay: 'cost' | 'works' | 'tags' = 'cost';
/** For tests and probes comparing subtractTags' two ways ('cost': the cheaper one). */
export const setSubtractWay = (way: typeof subtractWay): void => void (subtractWay = way);

/** Stamps are unique across indexes, so a rebuilt index never repeats an old one's. */
let lastStamp = 0;

export class BitmapIndex {
  /** Changes at every change to the index (see FacetCache). */
  stamp = ++lastStamp;
  readonly all: Bitmap = new RoaringBitmap32();
  readonly restricted: Bitmap = new RoaringBitmap32();
  readonly anonymous: Bitmap = new RoaringBitmap32();
  readonly complete: Bitmap = new RoaringBitmap32();
  readonly singleChapter: Bitmap = new RoaringBitmap32();
  readonly crossover: Bitmap = new RoaringBitmap32();
  /** During a build, tags' bitmaps are made at its end (see remakeTags). */
  private readonly tags = new WorksByKey((b, id) => b.add(id));
  /** Tags with more than SMALL works (and every fixed-kind tag) → their works; smaller ones are pooled in `tags`. */
  readonly byTag = this.tags.bitmaps;
  private readonly languages = new WorkLanguages((b, id) => this.addId(b, id));
  /** Language name → its works. */
  readonly byLanguage = this.languages.bitmaps;
  private readonly creators = new WorksByKeys((b, id) => this.addId(b, id));
  private readonly pseuds = new WorksByKeys((b, id) => this.addId(b, id));
  words = new Uint32Array(1024);
  /** Works by word count, for word-count filters on large results. */
  readonly wordBuckets = new WordBuckets();
  chapters = new Uint32Array(1024);
  updated = new Float64Array(1024);
  published = new Float64Array(1024);
  readonly title = new StringKeys();
  readonly author = new StringKeys(true);
  /** All works in the order of each numeric sort key, for pages of large results. */
  readonly sortOrders = new SortOrders();

  // Per tag id.
  /** How many tags of each kind are pooled in `tags`, by kind code (0: kind not known yet). */
  private readonly smallOfKind = new Int32Array(KINDS.length + 1);
  private readonly directory = new TagDirectory();
  private topTagId = 0;

  /** Each work's filter tags, by rank, for facet counts over a result's works (see ./work-filters.ts). */
  readonly filters = new WorkFilters(
    this.all,
    (tag) => this.byTag.has(tag),
    (tag) => this.directory.kindCode(tag),
    OFF_LINES,
    [...FIXED_KINDS].map(kindCode),
    (id) => this.languages.codeOfWork(id),
  );

  /**
   * Tag ids of each kind with a bitmap, largest first, as they were when the order was made;
   * see tagOrder(). Made again lazily after REORDER_AFTER puts or a change of a tag's kind.
   */
  private order: Map<TagKind, TagOrder> | null = null;
  /** Works put since the order was made: no tag has grown by more than this since. */
  private orderSlack = 0;
  /** Works put since the tags' bitmaps were last laid out. */
  private putsSinceLayout = 0;
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

  /**
   * During a build, marks works as in more than one fandom, whenever they are put; works the
   * build does not put (drafts, hidden) are left out at its end.
   */
  markCrossovers(ids: number[]): void {
    if (!this.pending) throw new Error('crossovers are marked apart only during a build');
    for (const id of ids) this.addId(this.crossover, id);
  }

  /** Makes the additions collected since startBuild() or the last flush(); `done` ends the build. */
  flush(done = false): void {
    this.stamp = ++lastStamp;
    for (const [bitmap, ids] of this.pending ?? []) bitmap.addMany(ids);
    this.pending = done ? null : new Map();
    if (done) {
      this.crossover.andInPlace(this.all);
      this.fileTags();
      this.filters.endBuild();
      this.remakeTags();
      this.wordBuckets.makeCuts();
      this.sortOrders.clear();
    }
  }

  /**
   * Lays the tags' bitmaps out again once enough works have changed since (RELAYOUT_SHARE, at least
   * 1,000); true if it did. Called between searches (LiveIndex's poll), as it holds the thread a
   * while: ~0.8 s at a million works.
   */
  layOutIfChanged(): boolean {
    if (this.pending || this.putsSinceLayout < Math.max(1000, this.all.size * RELAYOUT_SHARE)) return false;
    this.remakeTags();
    return true;
  }

  /**
   * Makes every tag's bitmap from the works' filters at the end of a build (and again, see
   * layOutIfChanged), one after another, most works first (see WorksByKey.layOut); then the
   * languages'. Added to during the build in turns with thousands of others, as the other
   * bitmaps are, each bitmap's containers (roaring's pieces of 65,536 ids) ended up far apart, each
   * reached by a miss. In-process at a million works, heavy_exclude's searches without an include:
   * facets 2.5–3.8 → 1.2–1.5 ms, taking out their excluded tags 1.4–2.1 → 0.75–0.85. Cloned after
   * the build instead, as fast, the process kept 50–75 MB more: the old bitmaps' space, in holes.
   */
  private remakeTags(): void {
    this.putsSinceLayout = 0;
    const { tags, offsets, works } = this.filters.worksByTag();
    this.tags.layOut(tags, offsets, works);
    this.languages.layOut();
  }

  /**
   * A build's end: the tags past SMALL works, and those of a fixed kind, get a bitmap (empty until
   * remakeTags() fills it); the others stay pooled and are counted by kind.
   */
  private fileTags(): void {
    const { filters, directory } = this;
    const uses = filters.uses;
    const fixed = kindMask([...FIXED_KINDS]);
    for (let r = 0; r < uses.length; r++) {
      if (uses[r] === 0) continue;
      const tag = filters.tagOfRank(r);
      if (tag > this.topTagId) this.topTagId = tag;
      const code = directory.kindCode(tag);
      if (this.tags.fileCounted(tag, uses[r]!, ((fixed >> code) & 1) === 1) === 'small') this.smallOfKind[code]!++;
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

  private addTag(tag: number, id: number): void {
    if (this.byTag.has(tag)) {
      this.tags.add(tag, id);
      return;
    }
    if (tag > this.topTagId) this.topTagId = tag;
    const wasSmall = this.tags.pooled(tag) > 0;
    const kind = this.kindOf(tag);
    const where = this.tags.add(tag, id, kind !== undefined && FIXED_KINDS.has(kind));
    if (where === 'small' && !wasSmall) this.smallOfKind[this.directory.kindCode(tag)]!++;
    if (where === 'promoted' && wasSmall) this.smallOfKind[this.directory.kindCode(tag)]!--;
    if (where === 'promoted') this.filters.promoted(tag, this.byTag.get(tag)!);
    if (where !== 'small' && this.order) {
      const list = kind === undefined ? undefined : this.order.get(kind);
      if (list) list.added.push(tag);
      else this.order = null;
    }
  }

  private removeTag(tag: number, id: number): void {
    const wasSmall = this.tags.pooled(tag) > 0;
    const hadBitmap = this.byTag.has(tag);
    this.tags.remove(tag, id);
    if (wasSmall && this.tags.pooled(tag) === 0) this.smallOfKind[this.directory.kindCode(tag)]!--;
    // A tag whose bitmap emptied could get one again and be listed twice in an order.
    if (hadBitmap && !this.byTag.has(tag)) this.order = null;
  }

  private growWorks(id: number): void {
    this.words = grow(this.words, id);
    this.chapters = grow(this.chapters, id);
    this.updated = grow(this.updated, id);
    this.published = grow(this.published, id);
  }

  /** Adds or replaces a work; `null` facts remove it (deleted, draft or hidden). */
  put(id: number, facts: WorkFacts | null): void {
    this.stamp = ++lastStamp;
    if (!this.pending) {
      this.remove(id);
      this.putsSinceLayout++;
    }
    if (!facts) return;
    this.addId(this.all, id);
    if (facts.restricted) this.addId(this.restricted, id);
    if (facts.anonymous) this.addId(this.anonymous, id);
    if (facts.complete) this.addId(this.complete, id);
    if (facts.chapters === 1 && facts.complete) this.addId(this.singleChapter, id);
    if (facts.fandoms > 1) this.addId(this.crossover, id);
    if (id >= this.words.length) this.growWorks(id);
    this.filters.set(id, facts.filters);
    // A build counts each tag's works and files the tags at its end (see fileTags): addTag() cost
    // ~0.5 µs a tagging (two map lookups, a call into roaring).
    if (this.pending) for (const t of facts.filters) this.tags.addCounted(t, id, this.filters.usesOf(t));
    else for (const t of facts.filters) this.addTag(t, id);
    this.languages.set(id, facts.language);
    this.filters.setLine(id);
    this.creators.put(id, facts.creators);
    this.pseuds.put(id, facts.pseuds);
    this.words[id] = facts.words;
    this.addId(this.wordBuckets.bucket(facts.words), id);
    this.wordBuckets.added(id, facts.words);
    this.chapters[id] = facts.chapters;
    this.updated[id] = facts.updatedAt;
    this.published[id] = facts.publishedAt;
    this.title.set(id, facts.title);
    this.author.set(id, facts.author);
    if (!this.pending) this.sortOrders.changed(id, this.all.size);
    if (this.order && ++this.orderSlack > REORDER_AFTER) this.order = null;
  }

  remove(id: number): void {
    if (!this.all.has(id)) return;
    this.stamp = ++lastStamp;
    for (const b of [this.all, this.restricted, this.anonymous, this.complete, this.singleChapter, this.crossover]) b.remove(id);
    for (const t of this.filters.tagsOf(id)) this.removeTag(t, id);
    this.filters.clear(id);
    this.wordBuckets.remove(id, this.words[id]!);
    this.languages.remove(id);
    this.creators.removeWork(id);
    this.pseuds.removeWork(id);
    // The order stays: tags only shrink here, and an emptied tag loses its bitmap, which readers skip.
  }

  setTagMeta(id: number, meta: TagMeta): void {
    this.stamp = ++lastStamp;
    // During a build, pooled tags are counted by kind, and fixed ones given a bitmap, at its end (see fileTags).
    const small = !this.pending && this.tags.pooled(id) > 0;
    if (small) {
      this.smallOfKind[this.directory.kindCode(id)]!--;
      this.smallOfKind[kindCode(meta.kind)]!++;
    }
    // A tag with a bitmap that changes kind (or gets one) moves between orders: make them again.
    if (this.directory.kindCode(id) !== kindCode(meta.kind) && this.byTag.has(id)) this.order = null;
    this.directory.set(id, meta);
    this.filters.setKindCode(id, kindCode(meta.kind));
    if (small && FIXED_KINDS.has(meta.kind)) {
      const bitmap = this.tags.promote(id);
      this.smallOfKind[kindCode(meta.kind)]!--;
      this.filters.promoted(id, bitmap);
      this.order = null;
    }
  }

  hasTagMeta(id: number): boolean {
    return this.directory.kindCode(id) !== 0;
  }

  /** Whether some work in the index filters under this tag. */
  holdsTag(id: number): boolean {
    return this.byTag.has(id) || this.tags.pooled(id) > 0;
  }

  /**
   * A tag's name and kind for pages (see KnownTags), only while some work here filters under it:
   * its kind is then reloaded with that work's changes (see noteTagChanged).
   */
  knownTag(id: number): TagMeta | undefined {
    return this.holdsTag(id) ? this.tagMeta(id) : undefined;
  }

  /**
   * The ids names with these keys (tags/names.ts tagKey) stand for in a search, each when a tag of
   * that name is held here and is no synonym: a held tag is its own canonical then. Undefined
   * when no held tag has the key (a synonym, a tag of no work yet) or two do: the table answers
   * those. A merge logs a work of the merged tag (tags/wrangling.ts), so its synonym mark is
   * here before its works' filters move. The first call makes the table of keys (~0.7 s at 2.3
   * million tags), or makeTagKeys() after a build.
   */
  heldTagIds(keys: readonly string[]): (number | undefined)[] {
    return this.makeTagKeys().findAll(keys, (id) => !this.directory.isSynonym(id) && this.holdsTag(id));
  }

  makeTagKeys(): TagKeys {
    return this.directory.byKey();
  }

  tagMeta(id: number): TagMeta | undefined {
    return this.directory.meta(id);
  }

  tagName(id: number): string | undefined {
    return this.directory.name(id);
  }

  kindOf(tagId: number): TagKind | undefined {
    return this.directory.kindOf(tagId);
  }

  kindCodeOf(tagId: number): number {
    return this.directory.kindCode(tagId);
  }

  tag(id: number): Bitmap {
    return this.tags.works(id);
  }

  /** Works with any of these tags. */
  union(tagIds: number[]): Bitmap {
    return this.tags.union(tagIds);
  }

  /**
   * Takes the works with any of these tags out of `set`, the cheaper of two ways. Taking out each
   * tag's set costs in proportion to the tag's works (~1–3 ns each at a million works: roaring
   * merges sorted arrays; a chunk held as bits costs at most a chunk's worth), however few works
   * `set` holds: a fandom's 100 works less 300 popular tags took ~1.5 ms. Going through the works
   * of `set`, each one's filters checked against the tags, costs ~0.4–1.5 µs a work (its filters
   * are reads at random) and took ~0.05 ms there.
   */
  subtractTags(set: Bitmap, tagIds: number[]): void {
    const byWorks = subtractWay === 'cost' ? set.size * BY_WORK_NS < this.tags.sizes(tagIds, 65536) * BY_TAG_WORK_NS : subtractWay === 'works';
    if (byWorks) set.andNotInPlace(this.filters.withAny(idsOf(set), tagIds));
    else this.tags.subtractFrom(set, tagIds);
  }

  /** Works by any of these creators (users). */
  byCreators(userIds: number[]): Bitmap {
    return this.creators.union(userIds);
  }

  /** Works under any of these pseuds. */
  byPseuds(pseudIds: number[]): Bitmap {
    return this.pseuds.union(pseudIds);
  }

  /** Whether some tags of this kind have SMALL works or fewer (they are not in tagsOfKind). */
  hasSmallTags(kind: TagKind): boolean {
    return this.smallOfKind[kindCode(kind)]! > 0;
  }

  /** The language of a code in FactCounts.languages ('' for none). */
  languageName(code: number): string {
    return this.languages.name(code);
  }

  languageOfWork(id: number): string | undefined {
    return this.languages.ofWork(id);
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

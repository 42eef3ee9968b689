// The in-memory search index of one app process: a roaring bitmap of work ids
// per filter tag, language and creator, flag bitmaps, and per-work numbers in
// typed arrays. Built from the database at start; kept current from the
// search_changes log (see ./refresh.ts). Holds only posted, unhidden works.
// The tags' works, names, kinds and orders are ./tag-sets.ts; each work's tags, ./work-filters.ts.
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
import { kindCode, kindMask } from './tag-directory.ts';
import type { TagKeys } from './tag-keys.ts';
import { FIXED_KINDS, TagSets } from './tag-sets.ts';
import { WordBuckets } from './word-buckets.ts';
import { WorkFilters } from './work-filters.ts';
import { WorkLanguages } from './work-languages.ts';
import type { TagOrder } from './tag-order.ts';
import { RoaringBitmap32, WorksByKeys, type Bitmap } from './works-by-key.ts';
import type { TagMeta, WorkFacts } from './facts.ts';

export { RoaringBitmap32, SMALL, type Bitmap } from './works-by-key.ts';
export { kindCode, kindMask } from './tag-directory.ts';

/** Kinds left out of the facet lines: always counted by intersections (fixed), or never counted (media). */
const OFF_LINES = kindMask(['rating', 'warning', 'category', 'media']);

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
  private readonly tags = new TagSets();
  /** Tags with more than SMALL works (and every fixed-kind tag) → their works; smaller ones are pooled. */
  readonly byTag = this.tags.byTag;
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

  /** Each work's filter tags, by rank, for facet counts over a result's works (see ./work-filters.ts). */
  readonly filters = new WorkFilters(
    this.all,
    (tag) => this.byTag.has(tag),
    (tag) => this.tags.kindCodeOf(tag),
    OFF_LINES,
    FIXED_KINDS.map(kindCode),
    (id) => this.languages.codeOfWork(id),
  );

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
      this.tags.fileCounted(this.filters.uses, (rank) => this.filters.tagOfRank(rank));
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

  private addId(bitmap: Bitmap, id: number): void {
    if (!this.pending) {
      bitmap.add(id);
      return;
    }
    const ids = this.pending.get(bitmap);
    if (ids) ids.push(id);
    else this.pending.set(bitmap, [id]);
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
    this.tags.workPut();
  }

  private addTag(tag: number, id: number): void {
    const bitmap = this.tags.add(tag, id);
    if (bitmap) this.filters.promoted(tag, bitmap);
  }

  remove(id: number): void {
    if (!this.all.has(id)) return;
    this.stamp = ++lastStamp;
    for (const b of [this.all, this.restricted, this.anonymous, this.complete, this.singleChapter, this.crossover]) b.remove(id);
    for (const t of this.filters.tagsOf(id)) this.tags.remove(t, id);
    this.filters.clear(id);
    this.wordBuckets.remove(id, this.words[id]!);
    this.languages.remove(id);
    this.creators.removeWork(id);
    this.pseuds.removeWork(id);
    // The order stays: tags only shrink here, and an emptied tag loses its bitmap, which readers skip.
  }

  setTagMeta(id: number, meta: TagMeta): void {
    this.stamp = ++lastStamp;
    const bitmap = this.tags.setMeta(id, meta, this.pending !== null);
    this.filters.setKindCode(id, kindCode(meta.kind));
    if (bitmap) this.filters.promoted(id, bitmap);
  }

  hasTagMeta(id: number): boolean {
    return this.tags.hasMeta(id);
  }

  /** Whether some work in the index filters under this tag. */
  holdsTag(id: number): boolean {
    return this.tags.holds(id);
  }

  /**
   * A tag's name and kind for pages (see KnownTags), while some work here filters under it or it
   * is a synonym: a wrangler's change to either is logged for the tag (search/sync.ts noteTagChanged).
   */
  knownTag(id: number): TagMeta | undefined {
    return this.holdsTag(id) || this.tags.mergerOf(id) > 0 ? this.tagMeta(id) : undefined;
  }

  /**
   * The ids names with these keys (tags/names.ts tagKey) stand for in a search: a tag held here
   * that is no synonym is its own canonical; a synonym known here stands for its canonical (a
   * build reads every synonym, and a merge or unmerge logs the tag, tags/wrangling.ts, so its mark
   * and canonical are current after a catch-up, before its works' filters move). Undefined when
   * no such tag has the key (a tag of no work yet) or two do: the table answers those. The first
   * call makes the table of keys (~0.7 s at 2.3 million tags), or makeTagKeys() after a build.
   */
  heldTagIds(keys: readonly string[]): (number | undefined)[] {
    return this.tags.heldIds(keys);
  }

  makeTagKeys(): TagKeys {
    return this.tags.makeKeys();
  }

  tagMeta(id: number): TagMeta | undefined {
    return this.tags.meta(id);
  }

  tagName(id: number): string | undefined {
    return this.tags.name(id);
  }

  kindOf(tagId: number): TagKind | undefined {
    return this.tags.kindOf(tagId);
  }

  kindCodeOf(tagId: number): number {
    return this.tags.kindCodeOf(tagId);
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

  /** Whether some tags of this kind have SMALL works or fewer (they are not in tagOrder). */
  hasSmallTags(kind: TagKind): boolean {
    return this.tags.hasSmall(kind);
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
    return this.tags.order(kind, this.chunks);
  }

  get size(): number {
    return this.all.size;
  }

  /** How many ranges of 65,536 ids (roaring's chunks) the works' ids reach into. */
  get chunks(): number {
    return this.all.isEmpty ? 1 : (this.all.maximum() >>> 16) + 1;
  }
}

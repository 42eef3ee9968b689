// The tags of the bitmap index: each one's works (a bitmap past SMALL works or of a fixed kind,
// the shared pool otherwise), its name and kind, how many pooled tags each kind has, and the
// tags with a bitmap of each kind by size for facets. The works' side of a tag — each work's
// filters, by rank — is ./work-filters.ts; BitmapIndex keeps the two in step.
import type { TagKind } from '../db/schema.ts';
import type { TagMeta } from './facts.ts';
import { KINDS, kindCode, kindMask, TagDirectory } from './tag-directory.ts';
import type { TagKeys } from './tag-keys.ts';
import { makeTagOrders, type TagOrder } from './tag-order.ts';
import { WorksByKey, type Bitmap } from './works-by-key.ts';

/** Rating, warning and category tags always get a bitmap, so their facets never look for tags of one work. */
export const FIXED_KINDS: readonly TagKind[] = ['rating', 'warning', 'category'];
const FIXED = kindMask(FIXED_KINDS);
const isFixed = (code: number): boolean => ((FIXED >> code) & 1) === 1;

/**
 * Re-sorting every tag by size costs tens of milliseconds at a million works; doing it after
 * every put made searches slow while a recompute job streamed changes in. Instead the order
 * is kept stale for this many puts, and readers widen each size by the slack to stay exact.
 */
const REORDER_AFTER = 2000;

export class TagSets {
  /** During a build, tags' bitmaps are made at its end (see BitmapIndex.remakeTags). */
  private readonly sets = new WorksByKey((b, id) => b.add(id));
  /** Tags with more than SMALL works (and every fixed-kind tag) → their works; smaller ones are pooled. */
  readonly byTag = this.sets.bitmaps;
  /** How many tags of each kind are pooled, by kind code (0: kind not known yet). */
  private readonly smallOfKind = new Int32Array(KINDS.length + 1);
  private readonly directory = new TagDirectory();
  private topTagId = 0;
  /**
   * Tag ids of each kind with a bitmap, largest first, as they were when the order was made;
   * see order(). Made again lazily after REORDER_AFTER puts or a change of a tag's kind.
   */
  private orders: Map<TagKind, TagOrder> | null = null;
  /** Works put since the order was made: no tag has grown by more than this since. */
  private orderSlack = 0;

  /** Files a work under a tag, outside a build; the tag's bitmap when it got one just now. */
  add(tag: number, id: number): Bitmap | undefined {
    if (this.byTag.has(tag)) {
      this.sets.add(tag, id);
      return undefined;
    }
    if (tag > this.topTagId) this.topTagId = tag;
    const code = this.directory.kindCode(tag);
    const wasSmall = this.sets.pooled(tag) > 0;
    const where = this.sets.add(tag, id, isFixed(code));
    if (where === 'small') {
      if (!wasSmall) this.smallOfKind[code]!++;
      return undefined;
    }
    if (wasSmall) this.smallOfKind[code]!--;
    const list = this.orders?.get(KINDS[code - 1]!);
    if (list) list.added.push(tag);
    else this.orders = null;
    return this.byTag.get(tag)!;
  }

  remove(tag: number, id: number): void {
    const wasSmall = this.sets.pooled(tag) > 0;
    const hadBitmap = this.byTag.has(tag);
    this.sets.remove(tag, id);
    if (wasSmall && this.sets.pooled(tag) === 0) this.smallOfKind[this.directory.kindCode(tag)]!--;
    // A tag whose bitmap emptied could get one again and be listed twice in an order.
    if (hadBitmap && !this.byTag.has(tag)) this.orders = null;
  }

  /** During a build: a work of a tag that has `uses` works so far, this one counted (see fileCounted). */
  addCounted(tag: number, id: number, uses: number): void {
    this.sets.addCounted(tag, id, uses);
  }

  /**
   * A build's end: the tags past SMALL works, and those of a fixed kind, get a bitmap (empty until
   * layOut() fills it); the others stay pooled and are counted by kind. `uses[r]`: how many works
   * the tag of rank r has.
   */
  fileCounted(uses: Uint32Array, tagOfRank: (rank: number) => number): void {
    for (let r = 0; r < uses.length; r++) {
      if (uses[r] === 0) continue;
      const tag = tagOfRank(r);
      if (tag > this.topTagId) this.topTagId = tag;
      const code = this.directory.kindCode(tag);
      if (this.sets.fileCounted(tag, uses[r]!, isFixed(code)) === 'small') this.smallOfKind[code]!++;
    }
  }

  /** Fills the tags' bitmaps from all their works (see WorksByKey.layOut). */
  layOut(tags: Uint32Array, offsets: Uint32Array, works: Uint32Array): void {
    this.sets.layOut(tags, offsets, works);
  }

  /**
   * A tag's name and kind; a pooled tag that turns out to be of a fixed kind gets a bitmap, returned.
   * During a build (`building`) pooled tags are counted by kind, and fixed ones given a bitmap, at
   * its end (see fileCounted).
   */
  setMeta(id: number, meta: TagMeta, building: boolean): Bitmap | undefined {
    const code = kindCode(meta.kind);
    const small = !building && this.sets.pooled(id) > 0;
    if (small) {
      this.smallOfKind[this.directory.kindCode(id)]!--;
      this.smallOfKind[code]!++;
    }
    // A tag with a bitmap that changes kind (or gets one) moves between orders: make them again.
    if (this.directory.kindCode(id) !== code && this.byTag.has(id)) this.orders = null;
    this.directory.set(id, meta);
    if (!small || !isFixed(code)) return undefined;
    this.smallOfKind[code]!--;
    this.orders = null;
    return this.sets.promote(id);
  }

  /** A work was put: the orders grow staler by one work (see REORDER_AFTER). */
  workPut(): void {
    if (this.orders && ++this.orderSlack > REORDER_AFTER) this.orders = null;
  }

  hasMeta(id: number): boolean {
    return this.directory.kindCode(id) !== 0;
  }

  /** Whether some work in the index filters under this tag. */
  holds(id: number): boolean {
    return this.byTag.has(id) || this.sets.pooled(id) > 0;
  }

  /** The ids names with these keys stand for (see BitmapIndex.heldTagIds). */
  heldIds(keys: readonly string[]): (number | undefined)[] {
    const { directory } = this;
    const found = this.makeKeys().findAll(keys, (id) => (directory.isSynonym(id) ? this.mergerOf(id) > 0 : this.holds(id)));
    return found.map((id) => (id !== undefined && directory.isSynonym(id) ? this.mergerOf(id) : id));
  }

  /** A synonym's canonical tag, when known here (0 otherwise). */
  mergerOf(id: number): number {
    return this.directory.mergerOf(id);
  }

  makeKeys(): TagKeys {
    return this.directory.byKey();
  }

  meta(id: number): TagMeta | undefined {
    return this.directory.meta(id);
  }

  name(id: number): string | undefined {
    return this.directory.name(id);
  }

  kindOf(id: number): TagKind | undefined {
    return this.directory.kindOf(id);
  }

  kindCodeOf(id: number): number {
    return this.directory.kindCode(id);
  }

  /** The tag's works (a new bitmap for a pooled tag). */
  works(id: number): Bitmap {
    return this.sets.works(id);
  }

  /** Works with any of these tags. */
  union(tagIds: number[]): Bitmap {
    return this.sets.union(tagIds);
  }

  /** How many works the tags have, each counted up to `cap`. */
  sizes(tagIds: number[], cap: number): number {
    return this.sets.sizes(tagIds, cap);
  }

  /** Takes the works of any of these tags out of `set`, a tag at a time. */
  subtractFrom(set: Bitmap, tagIds: number[]): void {
    this.sets.subtractFrom(set, tagIds);
  }

  /** Whether some tags of this kind have SMALL works or fewer (they are not in its order). */
  hasSmall(kind: TagKind): boolean {
    return this.smallOfKind[kindCode(kind)]! > 0;
  }

  /**
   * The tags of one kind with a bitmap, largest first as of the last ordering, and `slack`: how
   * many works any of them may have gained since. A tag in the order may have lost its bitmap
   * since (no works left). `chunks`: how many ranges of 65,536 ids the works reach into.
   */
  order(kind: TagKind, chunks: number): { order: TagOrder; slack: number } {
    if (!this.orders) {
      this.orders = makeTagOrders(KINDS, this.byTag, (tag) => this.kindOf(tag), this.topTagId, chunks);
      this.orderSlack = 0;
    }
    return { order: this.orders.get(kind)!, slack: this.orderSlack };
  }
}

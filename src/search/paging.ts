// The page of a search: results sorted by (key, id) either way, so that equal keys page
// stably and a cursor (key and id of the page's last work) goes on without gaps. A numeric
// sort of a large result walks the index's order of all works by that key (sort-orders.ts);
// a small result is sorted directly; best match reads the text match's ranking.
import { InvalidInput } from '../errors.ts';
import type { Bitmap, BitmapIndex } from './bitmap-index.ts';
import type { Plan } from './execute.ts';
import type { Cursor, Sort } from './query.ts';
import { idsOf, markMembers, unmarkMembers } from './scratch.ts';
import { sortStart } from './string-keys.ts';
import type { NumericKeys, SortOrder } from './sort-orders.ts';

interface Page {
  ids: number[];
  nextCursor: Cursor | null;
}

/** Whether (v, a) comes before (w, b) in this order: by key, then by id. */
const beforeIn = (order: 'asc' | 'desc') =>
  order === 'asc'
    ? (v: number, a: number, w: number, b: number): boolean => v < w || (v === w && a < b)
    : (v: number, a: number, w: number, b: number): boolean => v > w || (v === w && a > b);

/** The cursor's key for a numeric sort (NaN without a cursor); a clear 400 when it is not a number. */
function numericCursorKey(plan: Plan): number {
  if (!plan.cursor) return NaN;
  const key = Number(plan.cursor.key);
  if (Number.isNaN(key)) throw new InvalidInput('The cursor is not valid; start again from the first page', 'cursor');
  return key;
}

/** The per-work array a numeric sort reads its keys from, or undefined for the other sorts. */
function numericKeys(index: BitmapIndex, sort: Sort): NumericKeys | undefined {
  switch (sort) {
    case 'updated':
      return index.updated;
    case 'posted':
      return index.published;
    case 'words':
      return index.words;
    case 'chapters':
      return index.chapters;
    default:
      return undefined;
  }
}

/**
 * pageOf for a numeric sort key read straight from a typed array: one tight loop in which
 * almost every work is turned away by one comparison with the current worst kept work (the
 * general path below calls two closures per work, ~20 ms at half a million works).
 */
function pageByNumber(keys: Float64Array | Uint32Array, ids: Uint32Array, plan: Plan): Page {
  const before = beforeIn(plan.order);
  const c = plan.cursor;
  const cursorKey = numericCursorKey(plan);
  const skip = c ? 0 : (plan.page - 1) * plan.pageSize;
  const want = skip + plan.pageSize + 1;
  const byOrder = (a: number, b: number): number => (before(keys[a]!, a, keys[b]!, b) ? -1 : 1);
  const top = new Uint32Array(want * 4);
  let n = 0;
  let full = false;
  let worstKey = 0;
  let worstId = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const v = keys[id]!;
    if (c && !before(cursorKey, c.id, v, id)) continue;
    if (full && !before(v, id, worstKey, worstId)) continue;
    top[n++] = id;
    if (n === top.length) {
      top.sort(byOrder);
      n = want;
      worstId = top[want - 1]!;
      worstKey = keys[worstId]!;
      full = true;
    }
  }
  const kept = Array.from(top.subarray(0, n)).sort(byOrder).slice(0, want);
  const page = kept.slice(skip, skip + plan.pageSize);
  const last = page[page.length - 1];
  return { ids: page, nextCursor: kept.length > skip + plan.pageSize && last !== undefined ? { key: keys[last]!, id: last } : null };
}

export interface RankedPage {
  ids: number[];
  /** Where the page's last work stands in the ranking, when another page follows. */
  lastAt: number | null;
  /** The ranking ran out before the page (and one work more) was found. */
  ranOut: boolean;
}

/**
 * A page in best-match order: `ranked` (best first) read in the plan's order from `start`
 * (past a cursor), keeping the works of `set`. A byte per work marks the set: a native
 * set.has() per ranked work costs more than marking it.
 */
export function pageByRank(ranked: Uint32Array, start: number, set: Bitmap, plan: Plan): RankedPage {
  const marked = markMembers(set);
  const member = marked.member;
  const n = ranked.length;
  const desc = plan.order === 'desc';
  let skip = plan.cursor ? 0 : (plan.page - 1) * plan.pageSize;
  const page: number[] = [];
  let lastAt = -1;
  let more = false;
  for (let i = start; i < n; i++) {
    const at = desc ? i : n - 1 - i;
    const id = ranked[at]!;
    if (member[id] !== 1) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    if (page.length === plan.pageSize) {
      more = true;
      break;
    }
    page.push(id);
    lastAt = at;
  }
  unmarkMembers(marked);
  return { ids: page, lastAt: more && lastAt >= 0 ? lastAt : null, ranOut: !more };
}

/**
 * pageOf for a numeric sort by walking the index's order of every work by that key (see
 * sort-orders.ts), keeping the works of `set`, with the works changed since the order was made
 * merged in by their current keys.
 */
function pageByOrder(index: BitmapIndex, keys: NumericKeys, set: Bitmap, plan: Plan, order: SortOrder): Page {
  const asc = plan.order === 'asc';
  const before = beforeIn(plan.order);
  const c = plan.cursor;
  const ck = numericCursorKey(plan);
  const skip = c ? 0 : (plan.page - 1) * plan.pageSize;
  const want = skip + plan.pageSize + 1;
  const orders = index.sortOrders;
  const changed = orders.dirty.filter((id) => set.has(id) && (!c || before(ck, c.id, keys[id]!, id)));
  changed.sort((a, b) => (before(keys[a]!, a, keys[b]!, b) ? -1 : 1));

  // The entries [from, to) of the order (ascending by the keys it was made with) can be on the
  // page: within a range filter on the sort key, and past the cursor. Found by bisection.
  const n = order.ids.length;
  const firstAbove = (k: number, id: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = order.keys[mid]!;
      if (m < k || (m === k && order.ids[mid]! <= id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const [min, max] = rangeOf(plan);
  let from = min === undefined ? 0 : firstAbove(min, -1);
  let to = max === undefined ? n : firstAbove(max, 0xffffffff);
  if (c) {
    if (asc) from = Math.max(from, firstAbove(ck, c.id));
    else to = Math.min(to, firstAbove(ck, c.id - 1));
  }
  // Membership by a native call per entry read while few are read; then (or at once, when many
  // are expected: a sort key the filters go with, a small set) a byte per work of the set.
  const expected = (want * n) / Math.max(1, set.size);
  let marked = expected > set.size / 16 ? markMembers(set) : undefined;
  const out: number[] = [];
  let next = 0;
  let read = 0;
  for (let t = asc ? from : to - 1; asc ? t < to : t >= from; asc ? t++ : t--) {
    const id = order.ids[t]!;
    if (marked ? marked.member[id] !== 1 : !set.has(id)) {
      if (!marked && ++read > 4 * expected + 1000) marked = markMembers(set);
      continue;
    }
    if (orders.isDirty(id)) continue;
    const v = keys[id]!;
    while (next < changed.length && out.length < want && before(keys[changed[next]!]!, changed[next]!, v, id)) out.push(changed[next++]!);
    if (out.length >= want) break;
    out.push(id);
  }
  while (next < changed.length && out.length < want) out.push(changed[next++]!);
  if (marked) unmarkMembers(marked);
  const page = out.slice(skip, skip + plan.pageSize);
  const last = page[page.length - 1];
  return { ids: page, nextCursor: out.length > skip + plan.pageSize && last !== undefined ? { key: keys[last]!, id: last } : null };
}

/** The plan's range on its own sort key, if any. */
function rangeOf(plan: Plan): [number | undefined, number | undefined] {
  switch (plan.sort) {
    case 'words':
      return [plan.wordsMin, plan.wordsMax];
    case 'updated':
      return [plan.updatedFrom, plan.updatedTo];
    case 'posted':
      return [plan.postedFrom, plan.postedTo];
    default:
      return [undefined, undefined];
  }
}

/** What reading one entry of a sort order costs in a walk (ns), and one comparison in a sort by the comparator, measured together. */
const WALK_NS = 30;
const COMPARE_NS = 85;

/** Sorts by (key, id), ascending or descending, so equal keys page stably. */
export function pageOf(index: BitmapIndex, set: Bitmap, plan: Plan): Page {
  if (plan.sort === 'best') throw new Error('best-match pages come from the ranking of the text match (best-match.ts)');
  const numeric = numericKeys(index, plan.sort);
  if (numeric) {
    // Walking the order reads about want × works / |set| entries; a scan of the set reads all of
    // it and sorts buffers of 4 × want ids by a comparator, which dominates deep pages. But a page
    // deep in a small set (want near |set|) makes the walk read nearly every work, while the scan
    // sorts the set once: that case weighs the two (page 400 of 8,000 works of a million: walk
    // ~30 ms, scan ~9; 30,000 works: walk ~12, scan ~38).
    const want = (plan.cursor ? 0 : (plan.page - 1) * plan.pageSize) + plan.pageSize + 1;
    const reads = (want * index.all.size) / Math.max(1, set.size);
    const sortsOnce = set.size <= 4 * want;
    const walk = sortsOnce ? reads * WALK_NS <= set.size * Math.log2(set.size) * COMPARE_NS : reads <= 4 * set.size || want > 1000;
    if (set.size > 0 && walk) {
      const order = index.sortOrders.orderOf(plan.sort, numeric, () => idsOf(index.all));
      return pageByOrder(index, numeric, set, plan, order);
    }
    return pageByNumber(numeric, idsOf(set), plan);
  }
  return pageByString(index, set, plan);
}

/**
 * pageOf for title and author: one pass keeping the best `want` past the cursor in a buffer,
 * sorted and cut back whenever it fills. Each work is first compared by the number its string
 * starts with (see ./string-keys.ts), read from a typed array; the strings, scattered over the
 * heap, are read only on a tie: at a million works, 25,000 works by title took ~10 ms with every
 * comparison of strings and ~1.6 ms so (a probe). Nothing the size of the result is allocated:
 * copies of the ids and keys (~10 MB a query) set off full collections of the index's heap.
 */
function pageByString(index: BitmapIndex, set: Bitmap, plan: Plan): Page {
  const { strings, starts } = plan.sort === 'title' ? index.title : index.author;
  const dir = plan.order === 'asc' ? 1 : -1;
  const key = (id: number) => strings[id] ?? '';
  const cmpStrings = (a: string, ai: number, b: string, bi: number) => (a < b ? -dir : a > b ? dir : (ai - bi) * dir);
  const byOrder = (a: number, b: number) => {
    const d = (starts[a]! - starts[b]!) * dir;
    return d !== 0 ? d : cmpStrings(key(a), a, key(b), b);
  };
  const c = plan.cursor;
  if (c && typeof c.key !== 'string') throw new InvalidInput('The cursor is not valid; start again from the first page', 'cursor');
  const cursorStart = c ? sortStart(c.key as string) : 0;
  const skip = c ? 0 : (plan.page - 1) * plan.pageSize;
  const want = skip + plan.pageSize + 1;
  const ids = idsOf(set);
  let top: number[] = [];
  let worst = -1;
  let worstStart = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const start = starts[id]!;
    if (c) {
      const d = (start - cursorStart) * dir;
      if (d < 0 || (d === 0 && cmpStrings(key(id), id, c.key as string, c.id) <= 0)) continue;
    }
    if (worst >= 0) {
      const d = (start - worstStart) * dir;
      if (d > 0 || (d === 0 && byOrder(id, worst) >= 0)) continue;
    }
    top.push(id);
    if (top.length >= want * 4) {
      top.sort(byOrder);
      top.length = want;
      worst = top[want - 1]!;
      worstStart = starts[worst]!;
    }
  }
  top.sort(byOrder);
  top = top.slice(0, want);
  const page = top.slice(skip, skip + plan.pageSize);
  const more = top.length > skip + plan.pageSize;
  const last = page[page.length - 1];
  return { ids: page, nextCursor: more && last !== undefined ? { key: key(last), id: last } : null };
}

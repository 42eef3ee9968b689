// Buffers reused by every search, so that a query at a million works allocates nothing the
// size of its result: copies of ids (~4 MB a query) set off full collections of the index's heap.
import type { Bitmap } from './bitmap-index.ts';

let idBuffer = new Uint32Array(1 << 16);
/** The ids of a bitmap, in a buffer reused by every call: valid until the next call. */
export function idsOf(set: Bitmap): Uint32Array {
  if (idBuffer.length < set.size) idBuffer = new Uint32Array(Math.max(set.size, idBuffer.length * 2));
  return set.toUint32Array(idBuffer);
}

let memberBuffer = new Uint8Array(1 << 16);

/** A byte per work, 1 for the works of a set: cheaper to test in a loop than a native set.has() each. */
export interface Members {
  member: Uint8Array;
  /** The marked ids (idsOf's buffer), for unmarkMembers. */
  ids: Uint32Array;
}

export function markMembers(set: Bitmap): Members {
  const ids = idsOf(set);
  const max = ids.length > 0 ? ids[ids.length - 1]! : 0;
  if (memberBuffer.length <= max) memberBuffer = new Uint8Array(Math.max(max + 1, memberBuffer.length * 2));
  for (let i = 0; i < ids.length; i++) memberBuffer[ids[i]!] = 1;
  return { member: memberBuffer, ids };
}

/** Clears the marks, so the buffer is all zeros for the next search. */
export function unmarkMembers({ member, ids }: Members): void {
  for (let i = 0; i < ids.length; i++) member[ids[i]!] = 0;
}

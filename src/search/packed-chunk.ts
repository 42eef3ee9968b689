// A build's chunks as a few typed arrays and strings, for the trip from a reading worker to the
// main thread: copying 2,000 works' facts as objects cost the main thread ~10 ms a chunk to
// take in (~5 s at a million works), and 20,000 tags ~35 ms; as typed arrays, whose memory
// moves with the message, and strings, it is a small part of that.
import type { TagKind } from '../db/schema.ts';
import type { BuildChunk } from './load.ts';
import type { WorkFacts } from './facts.ts';
import { KINDS, kindCode } from './tag-directory.ts';

interface PackedWorks {
  ids: Uint32Array;
  /** Bit 0 restricted, 1 anonymous, 2 complete. */
  flags: Uint8Array;
  /** words, chapters, expected chapters + 1 (0: not given), fandoms, by work. */
  numbers: Uint32Array;
  dates: Float64Array;
  /**
   * Each work's title, author and language, one after another: strings of their own, since a
   * piece of one long string keeps all of it in memory while the index keeps the piece.
   */
  text: string[];
  /** Each work's creators, pseuds and filters, one list after another, and each list's length. */
  lists: Uint32Array;
  listLengths: Uint32Array;
}

interface PackedTags {
  ids: Uint32Array;
  /** kindCode << 2 | canonical << 1 | synonym. */
  marks: Uint8Array;
  /** A synonym's canonical tag (0: none given). */
  mergers: Uint32Array;
  /** All names in one string, and each one's length: the index copies a name's bytes into its own store and keeps no piece. */
  names: string;
  lengths: Uint32Array;
}

export type PackedChunk = { works: PackedWorks } | { tags: PackedTags } | { crossovers: Uint32Array };

/** A chunk packed, and the buffers to move with it (postMessage's transfer list). */
export function packChunk(chunk: BuildChunk): { packed: PackedChunk; transfer: ArrayBuffer[] } {
  if ('crossovers' in chunk) {
    const ids = Uint32Array.from(chunk.crossovers);
    return { packed: { crossovers: ids }, transfer: [ids.buffer as ArrayBuffer] };
  }
  if ('tags' in chunk) {
    const n = chunk.tags.length;
    const tags: PackedTags = { ids: new Uint32Array(n), marks: new Uint8Array(n), mergers: new Uint32Array(n), names: '', lengths: new Uint32Array(n) };
    const names: string[] = [];
    chunk.tags.forEach((t, i) => {
      tags.ids[i] = t.id;
      tags.marks[i] = (kindCode(t.kind) << 2) | (t.canonical ? 2 : 0) | (t.synonym ? 1 : 0);
      tags.mergers[i] = t.merger ?? 0;
      tags.lengths[i] = t.name.length;
      names.push(t.name);
    });
    tags.names = names.join('');
    return { packed: { tags }, transfer: [tags.ids, tags.marks, tags.mergers, tags.lengths].map((a) => a.buffer as ArrayBuffer) };
  }
  const n = chunk.works.length;
  const listsLength = chunk.works.reduce((sum, w) => sum + w.creators.length + w.pseuds.length + w.filters.length, 0);
  const works: PackedWorks = {
    ids: new Uint32Array(n),
    flags: new Uint8Array(n),
    numbers: new Uint32Array(n * 4),
    dates: new Float64Array(n * 2),
    text: [],
    lists: new Uint32Array(listsLength),
    listLengths: new Uint32Array(n * 3),
  };
  let at = 0;
  chunk.works.forEach((w, i) => {
    works.ids[i] = w.id;
    works.flags[i] = (w.restricted ? 1 : 0) | (w.anonymous ? 2 : 0) | (w.complete ? 4 : 0);
    works.numbers.set([w.words, w.chapters, w.expected === null ? 0 : w.expected + 1, w.fandoms], i * 4);
    works.dates[i * 2] = w.updatedAt;
    works.dates[i * 2 + 1] = w.publishedAt;
    works.text.push(w.title, w.author, w.language);
    [w.creators, w.pseuds, w.filters].forEach((list, k) => {
      works.lists.set(list, at);
      at += list.length;
      works.listLengths[i * 3 + k] = list.length;
    });
  });
  const transfer = [works.ids, works.flags, works.numbers, works.dates, works.lists, works.listLengths].map((a) => a.buffer as ArrayBuffer);
  return { packed: { works }, transfer };
}

export function unpackChunk(packed: PackedChunk): BuildChunk {
  if ('crossovers' in packed) return { crossovers: Array.from(packed.crossovers) };
  if ('tags' in packed) {
    const { ids, marks, mergers, names, lengths } = packed.tags;
    const tags: BuildChunk & { tags: unknown } = { tags: [] };
    for (let i = 0, at = 0; i < ids.length; at += lengths[i++]!) {
      const m = marks[i]!;
      const tag = { id: ids[i]!, name: names.slice(at, at + lengths[i]!), kind: KINDS[(m >> 2) - 1] as TagKind, canonical: (m & 2) !== 0, synonym: (m & 1) !== 0 };
      tags.tags.push(mergers[i] ? { ...tag, merger: mergers[i]! } : tag);
    }
    return tags;
  }
  const { ids, flags, numbers, dates, text, lists, listLengths } = packed.works;
  const works: WorkFacts[] = [];
  let l = 0;
  const list = (i: number) => {
    const out = new Array<number>(listLengths[i]!);
    for (let k = 0; k < out.length; k++) out[k] = lists[l++]!;
    return out;
  };
  for (let i = 0; i < ids.length; i++) {
    const expected = numbers[i * 4 + 2]!;
    works.push({
      id: ids[i]!,
      restricted: (flags[i]! & 1) !== 0,
      anonymous: (flags[i]! & 2) !== 0,
      complete: (flags[i]! & 4) !== 0,
      words: numbers[i * 4]!,
      chapters: numbers[i * 4 + 1]!,
      expected: expected === 0 ? null : expected - 1,
      fandoms: numbers[i * 4 + 3]!,
      updatedAt: dates[i * 2]!,
      publishedAt: dates[i * 2 + 1]!,
      title: text[i * 3]!,
      author: text[i * 3 + 1]!,
      language: text[i * 3 + 2]!,
      creators: list(i * 3),
      pseuds: list(i * 3 + 1),
      filters: list(i * 3 + 2),
    });
  }
  return { works };
}

// The names, kinds and wrangling marks of the tags the bitmap index holds, by tag id, and the
// table that finds a tag by the key of its name (./tag-keys.ts).
import type { TagKind } from '../db/schema.ts';
import type { TagMeta } from './facts.ts';
import { PackedStrings } from './packed-strings.ts';
import { grow } from './small-sets.ts';
import { TagKeys } from './tag-keys.ts';

export const KINDS: readonly TagKind[] = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform', 'media'];
/** A kind as a small number (1…8; 0: not known), as kindCodeOf gives it. */
export const kindCode = (kind: TagKind | undefined): number => (kind === undefined ? 0 : KINDS.indexOf(kind) + 1);

/** A set of kinds as a bit mask, for WorkFilters.count: their tags with a bitmap. */
export const kindMask = (kinds: readonly TagKind[]): number => kinds.reduce((mask, k) => mask | (1 << kindCode(k)), 0);

function* ids(n: number): Generator<number> {
  for (let id = 0; id < n; id++) yield id;
}

export class TagDirectory {
  private readonly names = new PackedStrings();
  /** Each tag's kindCode (0: no metadata). */
  private codes = new Uint8Array(1024);
  /** 1: canonical, 2: a synonym, 0: neither (unwrangled). */
  private wrangled = new Uint8Array(1024);
  /** A synonym's canonical tag (0: not known). */
  private mergers = new Uint32Array(1024);
  /** Tags by the keys of their names, made by the first lookup (see byKey). */
  private keys: TagKeys | null = null;

  set(id: number, meta: TagMeta): void {
    this.codes = grow(this.codes, id);
    this.wrangled = grow(this.wrangled, id);
    this.mergers = grow(this.mergers, id);
    const named = this.names.has(id);
    this.names.set(id, meta.name);
    if (!named) this.keys?.add(id);
    this.codes[id] = kindCode(meta.kind);
    this.wrangled[id] = meta.synonym ? 2 : meta.canonical ? 1 : 0;
    this.mergers[id] = meta.synonym ? (meta.merger ?? 0) : 0;
  }

  name(id: number): string | undefined {
    return this.names.get(id);
  }

  kindCode(id: number): number {
    return this.codes[id] ?? 0;
  }

  kindOf(id: number): TagKind | undefined {
    return KINDS[this.kindCode(id) - 1];
  }

  isSynonym(id: number): boolean {
    return this.wrangled[id] === 2;
  }

  /** A synonym's canonical tag, when known (0 otherwise). */
  mergerOf(id: number): number {
    return this.mergers[id] ?? 0;
  }

  meta(id: number): TagMeta | undefined {
    const kind = this.kindOf(id);
    return kind === undefined ? undefined : { name: this.names.get(id)!, kind, canonical: this.wrangled[id] === 1, synonym: this.isSynonym(id) };
  }

  /** The table of name keys, made by the first call (~0.7 s at 2.3 million tags) and kept up by set(). */
  byKey(): TagKeys {
    this.keys ??= new TagKeys((id) => this.names.get(id), ids(this.names.size), this.names.size);
    return this.keys;
  }
}

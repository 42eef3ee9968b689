// Each work's language for the bitmap index: a code per work, which the facet lines keep
// among a work's facts (./line-facts.ts), and the works of each language as a bitmap.
import { grow } from './small-sets.ts';
import { RoaringBitmap32, type Bitmap } from './works-by-key.ts';

export class WorkLanguages {
  /** Language name → its works. */
  readonly bitmaps = new Map<string, Bitmap>();
  /** By work id: its language's code (0: none). */
  private codes = new Uint16Array(1024);
  /** By code ('' for 0). */
  private readonly names: string[] = [''];
  private readonly codeByName = new Map<string, number>();

  /** `addId` adds a work to a language's bitmap (at once, or later during a build). */
  constructor(private readonly addId: (bitmap: Bitmap, id: number) => void) {}

  /** Files a work under its language; the work must not be filed already. */
  set(id: number, name: string): void {
    this.codes = grow(this.codes, id);
    this.codes[id] = this.codeOf(name);
    let b = this.bitmaps.get(name);
    if (!b) this.bitmaps.set(name, (b = new RoaringBitmap32()));
    this.addId(b, id);
  }

  remove(id: number): void {
    const name = this.names[this.codes[id] ?? 0];
    if (!name) return;
    this.codes[id] = 0;
    const b = this.bitmaps.get(name);
    if (!b) return;
    b.remove(id);
    if (b.isEmpty) this.bitmaps.delete(name);
  }

  codeOfWork(id: number): number {
    return this.codes[id] ?? 0;
  }

  /** The language of a code ('' for none). */
  name(code: number): string {
    return this.names[code] ?? '';
  }

  ofWork(id: number): string | undefined {
    return this.names[this.codeOfWork(id)] || undefined;
  }

  /** Makes each language's bitmap again at its size, next to the others (see BitmapIndex.remakeTags). */
  layOut(): void {
    for (const [name, b] of this.bitmaps) {
      this.bitmaps.set(name, b.clone());
      b.clear();
    }
  }

  private codeOf(name: string): number {
    let code = this.codeByName.get(name);
    if (code === undefined) {
      code = this.names.push(name) - 1;
      this.codeByName.set(name, code);
    }
    return code;
  }
}

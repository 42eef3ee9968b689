// Fonts for PDF downloads. The 14 standard PDF fonts only cover Latin-1 (WinAnsi), so we embed
// TrueType fonts found on the machine: DejaVu Serif for the text, DejaVu Sans for the scripts
// Serif lacks (Arabic, Hebrew), DejaVu Sans Mono for code, and a CJK font when one is installed.
// Each character goes to the first font that has a glyph for it. Without DejaVu, Times is used
// and characters outside WinAnsi are printed as "?".
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type PDFDocument from 'pdfkit';

type Doc = InstanceType<typeof PDFDocument>;

export interface FontStyle {
  bold: boolean;
  italic: boolean;
  mono: boolean;
}

/** A run of text and the registered font name to draw it with. */
export interface FontPiece {
  font: string;
  text: string;
}

interface FontFile {
  path: string;
  /** The PostScript name inside a font collection (.ttc). */
  member?: string;
}

const VARIANTS = ['regular', 'bold', 'italic', 'boldItalic'] as const;
type Variant = (typeof VARIANTS)[number];
type Family = Record<Variant, FontFile>;

// Where Debian/Ubuntu, Fedora, Arch and Homebrew-style installs put DejaVu.
const DEJAVU_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/dejavu-serif-fonts',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/share/fonts/dejavu-sans-mono-fonts',
  '/usr/share/fonts/TTF',
  '/usr/local/share/fonts',
];

const DEJAVU: Record<'serif' | 'sans' | 'mono', Record<Variant, string>> = {
  serif: { regular: 'DejaVuSerif', bold: 'DejaVuSerif-Bold', italic: 'DejaVuSerif-Italic', boldItalic: 'DejaVuSerif-BoldItalic' },
  sans: { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold', italic: 'DejaVuSans-Oblique', boldItalic: 'DejaVuSans-BoldOblique' },
  mono: { regular: 'DejaVuSansMono', bold: 'DejaVuSansMono-Bold', italic: 'DejaVuSansMono-Oblique', boldItalic: 'DejaVuSansMono-BoldOblique' },
};

// Noto CJK (fonts-noto-cjk) first, in the variant for the work's language, then smaller fonts.
const NOTO_CJK = ['/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'];
const OTHER_CJK: FontFile[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', member: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
];

function notoRegion(language: string): string {
  if (/^ja\b/i.test(language)) return 'jp';
  if (/^ko\b/i.test(language)) return 'kr';
  if (/^zh-(hant|tw|hk|mo)\b/i.test(language)) return 'tc';
  return 'sc';
}

function dejavu(kind: keyof typeof DEJAVU): Family | null {
  for (const dir of DEJAVU_DIRS) {
    const files = VARIANTS.map((v) => join(dir, `${DEJAVU[kind][v]}.ttf`));
    if (files.every((f) => existsSync(f))) return Object.fromEntries(VARIANTS.map((v, i) => [v, { path: files[i]! }])) as Family;
  }
  return null;
}

/** The CJK font for a work in `language`, or null when none is installed. */
export function cjkFont(language: string): FontFile | null {
  const noto = NOTO_CJK.find((p) => existsSync(p));
  if (noto) {
    const kind = noto.includes('Serif') ? 'Serif' : 'Sans';
    return { path: noto, member: `Noto${kind}CJK${notoRegion(language)}-Regular` };
  }
  return OTHER_CJK.find((f) => existsSync(f.path)) ?? null;
}

interface Installed {
  serif: Family | null;
  sans: Family | null;
  mono: Family | null;
}
let installed: Installed | undefined;
const installedFonts = (): Installed => (installed ??= { serif: dejavu('serif'), sans: dejavu('sans'), mono: dejavu('mono') });

// Font files are read once per process; each document parses and subsets its own copy.
const fileCache = new Map<string, Buffer>();
const fileBytes = (path: string): Buffer => {
  let bytes = fileCache.get(path);
  if (!bytes) fileCache.set(path, (bytes = readFileSync(path)));
  return bytes;
};

// Which code points a font has, learnt from the first document that opened it. pdfkit keeps the
// parsed (fontkit) font on its font object; it is the only way to ask without a second parser.
interface GlyphSource {
  hasGlyphForCodePoint(codePoint: number): boolean;
}
const coverage = new Map<string, { source: GlyphSource | null; known: Map<number, boolean> }>();

function glyphSource(doc: Doc): GlyphSource | null {
  const font = (doc as unknown as { _font?: { font?: Partial<GlyphSource> } })._font?.font;
  return typeof font?.hasGlyphForCodePoint === 'function' ? (font as GlyphSource) : null;
}

const STANDARD: Record<Variant, string> = { regular: 'Times-Roman', bold: 'Times-Bold', italic: 'Times-Italic', boldItalic: 'Times-BoldItalic' };
const STANDARD_MONO: Record<Variant, string> = { regular: 'Courier', bold: 'Courier-Bold', italic: 'Courier-Oblique', boldItalic: 'Courier-BoldOblique' };

// WinAnsi: printable Latin-1 and the Windows-1252 additions (the only characters Times can show).
const NOT_WIN_ANSI = /[^\n\u0020-\u007e\u00a0-\u00ff\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]/gu;
// Text DejaVu Serif surely covers: it is most of every story, and skips the per-character lookup.
const PLAIN = /^[\n\u0020-\u007e\u00a0-\u017f\u2010-\u2027\u2030-\u203a]*$/;
// Spaces and combining marks stay in the font of the character before them.
const NEUTRAL = /^[\s\p{M}\u200b-\u200d\u2060\ufeff]$/u;
// Punctuation and digits stay in that font too when it has them: a sentence of Arabic with its
// full stop is then one run, which fontkit lays out right to left as a whole.
const LETTER = /^\p{L}$/u;

const variantOf = (style: FontStyle): Variant => (style.bold ? (style.italic ? 'boldItalic' : 'bold') : style.italic ? 'italic' : 'regular');

export class PdfFonts {
  /** True when TrueType fonts are embedded; false when only the standard fonts (WinAnsi) are used. */
  readonly embedded: boolean;
  private readonly cjk: FontFile | null;
  private readonly fonts: Installed;

  /** `standard: true` forces the standard fonts (used to test the fallback). */
  constructor(
    private readonly doc: Doc,
    language: string,
    options: { standard?: boolean } = {},
  ) {
    this.fonts = options.standard ? { serif: null, sans: null, mono: null } : installedFonts();
    this.embedded = this.fonts.serif !== null;
    this.cjk = this.embedded ? cjkFont(language) : null;
    for (const kind of ['serif', 'sans', 'mono'] as const) {
      const family = this.fonts[kind];
      if (family) for (const v of VARIANTS) doc.registerFont(`${kind}-${v}`, fileBytes(family[v].path));
    }
    if (this.cjk) doc.registerFont('cjk', fileBytes(this.cjk.path), this.cjk.member);
  }

  /** The font for text that needs no fallback (headings, labels, page numbers). */
  primary(style: FontStyle = { bold: false, italic: false, mono: false }): string {
    const v = variantOf(style);
    if (!this.embedded) return style.mono ? STANDARD_MONO[v] : STANDARD[v];
    return style.mono && this.fonts.mono ? `mono-${v}` : `serif-${v}`;
  }

  /** Splits text into runs, each drawn with a font that has its characters. */
  pieces(text: string, style: FontStyle): FontPiece[] {
    const first = this.primary(style);
    if (!this.embedded) return [{ font: first, text: text.replace(NOT_WIN_ANSI, '?') }];
    if (!style.mono && PLAIN.test(text)) return [{ font: first, text }];
    const v = variantOf(style);
    const chain = [first, ...(style.mono ? [`serif-${v}`] : []), ...(this.fonts.sans ? [`sans-${v}`] : []), ...(this.cjk ? ['cjk'] : [])];
    const out: FontPiece[] = [];
    for (const ch of text) {
      const last = out[out.length - 1];
      const codePoint = ch.codePointAt(0)!;
      const keep = last && (NEUTRAL.test(ch) || (!LETTER.test(ch) && this.has(last.font, codePoint)));
      const font = keep ? last.font : (chain.find((f) => this.has(f, codePoint)) ?? first);
      if (last && last.font === font) last.text += ch;
      else out.push({ font, text: ch });
    }
    return out;
  }

  private has(font: string, codePoint: number): boolean {
    if (codePoint === 0x0a) return true;
    const key = font === 'cjk' ? `${this.cjk!.path}#${this.cjk!.member ?? ''}` : font;
    let entry = coverage.get(key);
    if (!entry) {
      const current = this.doc as unknown as { _font: unknown };
      const saved = current._font;
      let source: GlyphSource | null = null;
      try {
        this.doc.font(font);
        source = glyphSource(this.doc);
      } catch {
        // A collection without the member we expected: treat the font as absent.
        source = { hasGlyphForCodePoint: () => false };
      }
      current._font = saved;
      coverage.set(key, (entry = { source, known: new Map() }));
    }
    let known = entry.known.get(codePoint);
    if (known === undefined) entry.known.set(codePoint, (known = entry.source?.hasGlyphForCodePoint(codePoint) ?? true));
    return known;
  }
}

// Inline text for PDF downloads: a story's phrasing content becomes styled runs, and runs are
// drawn as one wrapped paragraph through pdfkit's `continued` text, switching fonts per run.
import type PDFDocument from 'pdfkit';
import type { FontPiece, PdfFonts } from './pdf-fonts.ts';
import { isElement, type Element, type Node } from './tree.ts';

type Doc = InstanceType<typeof PDFDocument>;

export interface RunStyle {
  bold: boolean;
  italic: boolean;
  mono: boolean;
  underline: boolean;
  strike: boolean;
  link: string | null;
}

export interface Run {
  text: string;
  style: RunStyle;
}

export const PLAIN_STYLE: RunStyle = { bold: false, italic: false, mono: false, underline: false, strike: false, link: null };

const ITALIC = new Set(['em', 'i', 'cite', 'dfn', 'var']);
const BOLD = new Set(['strong', 'b']);
const UNDERLINE = new Set(['u', 'ins']);
const STRIKE = new Set(['s', 'del']);
const MONO = new Set(['code', 'kbd', 'samp']);

function styleOf(e: Element, parent: RunStyle): RunStyle {
  const classes = new Set((e.attrs.class ?? '').split(/\s+/));
  const has = (names: Set<string>) => names.has(e.name) || [...names].some((n) => classes.has(n));
  const href = e.name === 'a' ? e.attrs.href : undefined;
  return {
    bold: parent.bold || has(BOLD),
    // Images are links labelled "[Image: alt]"; italics set them apart from the story's words.
    italic: parent.italic || has(ITALIC) || classes.has('image-link'),
    mono: parent.mono || has(MONO) || classes.has('tt'),
    underline: parent.underline || has(UNDERLINE),
    strike: parent.strike || has(STRIKE),
    // Links inside the document (#anchors) have nowhere to go in the PDF: their text stays.
    link: href && !href.startsWith('#') ? href : parent.link,
  };
}

/** Phrasing content → runs; `<br>` becomes "\n". Whitespace is collapsed unless `pre`. */
export function inlineRuns(nodes: Node[], style: RunStyle = PLAIN_STYLE, pre = false): Run[] {
  const out: Run[] = [];
  const visit = (list: Node[], s: RunStyle) => {
    for (const n of list) {
      if (!isElement(n)) out.push({ text: pre ? n : n.replace(/[ \t\n\r\f]+/g, ' '), style: s });
      else if (n.name === 'br') out.push({ text: '\n', style: s });
      else if (n.name === 'wbr' || n.name === 'rp') continue;
      else if (n.name === 'q') {
        out.push({ text: '\u201c', style: s });
        visit(n.children, styleOf(n, s));
        out.push({ text: '\u201d', style: s });
      } else if (n.name === 'rt') {
        out.push({ text: '(', style: s });
        visit(n.children, styleOf(n, s));
        out.push({ text: ')', style: s });
      } else visit(n.children, styleOf(n, s));
    }
  };
  visit(nodes, style);
  return pre ? out : tidy(out);
}

const sameStyle = (a: RunStyle, b: RunStyle): boolean =>
  a.bold === b.bold && a.italic === b.italic && a.mono === b.mono && a.underline === b.underline && a.strike === b.strike && a.link === b.link;

/** Merges runs of one style, drops doubled spaces and the spaces at both ends and around breaks. */
function tidy(runs: Run[]): Run[] {
  const merged: Run[] = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    let text = r.text;
    const before = last?.text ?? '';
    if (before === '' || before.endsWith(' ') || before.endsWith('\n')) text = text.replace(/^ +/, '');
    if (text === '') continue;
    if (text.startsWith('\n') && last) last.text = last.text.replace(/ +$/, '');
    if (last && sameStyle(last.style, r.style)) last.text += text;
    else merged.push({ text, style: r.style });
  }
  for (const r of merged) r.text = r.text.replace(/ *\n */g, '\n');
  const last = merged[merged.length - 1];
  if (last) last.text = last.text.replace(/[ \n]+$/, '');
  return merged.filter((r) => r.text !== '');
}

export const runsText = (runs: Run[]): string => runs.map((r) => r.text).join('');

export interface ParagraphBox {
  x: number;
  width: number;
  size: number;
  lineGap: number;
  align?: 'left' | 'center' | 'right';
  color?: string;
  /** A named destination in the document the whole paragraph links to. */
  goTo?: string;
}

const LINK_COLOR = '#1d4f91';

type Piece = FontPiece & { style: RunStyle };

/**
 * Centred or right-aligned text in more than one font: pdfkit aligns each `continued` part on
 * its own, so such a line is measured and placed here. It must fit on one line; when it does
 * not, it is set flush left instead.
 */
function placeLine(doc: Doc, pieces: Piece[], box: ParagraphBox): boolean {
  if (pieces.some((p) => p.text.includes('\n'))) return false;
  const widths = pieces.map((p) => doc.font(p.font).fontSize(box.size).widthOfString(p.text));
  const total = widths.reduce((a, b) => a + b, 0);
  if (total > box.width) return false;
  const height = Math.max(...pieces.map((p) => doc.font(p.font).fontSize(box.size).currentLineHeight(true))) + box.lineGap;
  if (doc.y + height > doc.page.maxY()) doc.addPage();
  const y = doc.y;
  let x = box.x + (box.align === 'center' ? (box.width - total) / 2 : box.width - total);
  pieces.forEach((p, i) => {
    doc.font(p.font).fontSize(box.size).fillColor(p.style.link ? LINK_COLOR : (box.color ?? 'black'));
    doc.text(p.text, x, y, { lineBreak: false, link: p.style.link, underline: p.style.underline, strike: p.style.strike, goTo: box.goTo });
    x += widths[i]!;
  });
  doc.x = box.x;
  doc.y = y + height;
  return true;
}

/** Draws runs as one paragraph starting at the current y; leaves y below its last line. */
export function writeRuns(doc: Doc, fonts: PdfFonts, runs: Run[], box: ParagraphBox): void {
  const pieces: Piece[] = runs.flatMap((r) => fonts.pieces(r.text, r.style).map((p) => ({ ...p, style: r.style })));
  const visible = pieces.filter((p) => p.text !== '');
  if (visible.length === 0) return;
  let align = box.align ?? 'left';
  if (align !== 'left' && visible.length > 1) {
    if (placeLine(doc, visible, box)) {
      doc.fillColor('black');
      return;
    }
    align = 'left';
  }
  doc.x = box.x;
  visible.forEach((p, i) => {
    doc.font(p.font).fontSize(box.size).fillColor(p.style.link ? LINK_COLOR : (box.color ?? 'black'));
    // Options of a continued call carry over unless set again, so every one is set every time.
    doc.text(p.text, {
      width: box.width,
      align,
      lineGap: box.lineGap,
      continued: i < visible.length - 1,
      link: p.style.link,
      underline: p.style.underline,
      strike: p.style.strike,
      goTo: box.goTo,
    });
  });
  doc.fillColor('black');
}

// Lays a (normalized) story tree out on PDF pages: paragraphs, headings, block quotes, lists,
// descriptions, preformatted text, tables as rows of cells, and scene breaks. pdfkit wraps the
// lines and turns pages; this module decides spacing, indentation and what stays together.
import type PDFDocument from 'pdfkit';
import { isFlow } from './normalize.ts';
import type { PdfFonts } from './pdf-fonts.ts';
import type { PdfLayout } from './pdf-layout.ts';
import { inlineRuns, PLAIN_STYLE, runsText, writeRuns, type Run, type RunStyle } from './pdf-text.ts';
import { isElement, type Element, type Node } from './tree.ts';

type Doc = InstanceType<typeof PDFDocument>;
type Align = 'left' | 'center' | 'right';

/** Where blocks go: the left edge and width of the current column, and its alignment. */
export interface Frame {
  x: number;
  width: number;
  align: Align;
  size: number;
  style: RunStyle;
}

// A paragraph of marks only ("* * *", "~~~", "o0o") is a scene break: it is centred.
const SCENE_BREAK = /^(?:[*~#=+•·.\-_<>]\s*){1,15}$|^\s*(?:o0o|oOo|xXx)\s*$/;

const alignOf = (e: Element, inherited: Align): Align => {
  const cls = ` ${e.attrs.class ?? ''} `;
  if (/ (center|align-center) /.test(cls)) return 'center';
  if (/ align-right /.test(cls)) return 'right';
  if (/ align-left /.test(cls)) return 'left';
  return inherited;
};

export class BlockWriter {
  private pendingGap = 0;

  constructor(
    readonly doc: Doc,
    readonly fonts: PdfFonts,
    readonly layout: PdfLayout,
  ) {}

  /** The body column, full width. */
  frame(overrides: Partial<Frame> = {}): Frame {
    const { margins } = this.layout;
    return { x: margins.left, width: this.doc.page.width - margins.left - margins.right, align: 'left', size: this.layout.body, style: PLAIN_STYLE, ...overrides };
  }

  lineHeight(size: number): number {
    return size * 1.17 + this.layout.lineGap;
  }

  /** Adds the space owed by the block above, unless a new page has just begun. */
  private applyGap(): void {
    if (this.pendingGap > 0 && this.doc.y > this.doc.page.margins.top + 0.5) this.doc.y += this.pendingGap;
    this.pendingGap = 0;
  }

  gap(points: number): void {
    this.pendingGap = Math.max(this.pendingGap, points);
  }

  /** Starts a new page unless `height` points still fit on this one. */
  keep(height: number): void {
    if (this.doc.y + height > this.doc.page.maxY()) this.doc.addPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.pendingGap = 0;
  }

  paragraph(runs: Run[], frame: Frame, after = this.layout.paragraphGap): void {
    if (runs.length === 0) return;
    this.applyGap();
    const align = SCENE_BREAK.test(runsText(runs)) ? 'center' : frame.align;
    writeRuns(this.doc, this.fonts, runs, { x: frame.x, width: frame.width, size: frame.size, lineGap: this.layout.lineGap, align });
    this.gap(after);
  }

  /** A heading that is never left alone at the foot of a page. */
  heading(runs: Run[], frame: Frame, size: number, align: Align = frame.align): void {
    if (runs.length === 0) return;
    this.applyGap();
    this.keep(this.lineHeight(size) + 3 * this.lineHeight(this.layout.body));
    const bold = runs.map((r) => ({ ...r, style: { ...r.style, bold: true } }));
    writeRuns(this.doc, this.fonts, bold, { x: frame.x, width: frame.width, size, lineGap: this.layout.lineGap, align });
    this.gap(this.layout.paragraphGap);
  }

  sceneBreak(frame: Frame): void {
    this.applyGap();
    this.gap(this.layout.paragraphGap);
    this.paragraph([{ text: '*   *   *', style: PLAIN_STYLE }], { ...frame, align: 'center' });
  }

  /** A sequence of nodes: runs of inline content become paragraphs, elements their blocks. */
  blocks(nodes: Node[], frame: Frame): void {
    let inline: Node[] = [];
    const flush = () => {
      if (inline.length > 0) this.paragraph(inlineRuns(inline, frame.style), frame);
      inline = [];
    };
    for (const n of nodes) {
      if (isElement(n) && isFlow(n)) {
        flush();
        this.block(n, frame);
      } else inline.push(n);
    }
    flush();
  }

  private indented(frame: Frame, by: number, right = 0): Frame {
    return { ...frame, x: frame.x + by, width: Math.max(frame.width - by - right, 40) };
  }

  private block(e: Element, frame: Frame): void {
    const { layout } = this;
    switch (e.name) {
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const scale = e.name <= 'h2' ? 1.25 : e.name === 'h3' ? 1.1 : 1;
        return this.heading(inlineRuns(e.children, frame.style), frame, frame.size * scale, alignOf(e, frame.align));
      }
      case 'hr':
        return this.sceneBreak(frame);
      case 'pre': {
        const runs = inlineRuns(e.children, { ...frame.style, mono: true }, true);
        if (runs[0]) runs[0] = { ...runs[0], text: runs[0].text.replace(/^\n/, '') };
        const last = runs[runs.length - 1];
        if (last) last.text = last.text.replace(/\s+$/, '');
        return this.paragraph(runs, { ...frame, size: frame.size * 0.9 });
      }
      case 'blockquote':
        this.blocks(e.children, this.indented(frame, layout.indent, layout.indent / 2));
        return this.gap(layout.paragraphGap);
      case 'ul':
      case 'ol':
        return this.list(e, frame);
      case 'dt':
        return this.paragraph(inlineRuns(e.children, { ...frame.style, bold: true }), frame, layout.paragraphGap / 3);
      case 'dd':
        return this.blocks(e.children, this.indented(frame, layout.indent));
      case 'table':
        return this.table(e, frame);
      default:
        // p, div, figure, address, section, and blocks the normalizer demoted.
        return this.blocks(e.children, { ...frame, align: alignOf(e, frame.align) });
    }
  }

  private list(e: Element, frame: Frame): void {
    const items = e.children.filter((n): n is Element => isElement(n) && n.name === 'li');
    const ordered = e.name === 'ol';
    const inner = this.indented(frame, this.layout.indent);
    items.forEach((item, i) => {
      this.applyGap();
      this.keep(this.lineHeight(frame.size));
      const y = this.doc.y;
      const marker = ordered ? `${i + 1}.` : '\u2022';
      this.doc.font(this.fonts.primary(frame.style)).fontSize(frame.size).fillColor('black');
      this.doc.text(marker, frame.x, y, { width: this.layout.indent - 3, align: ordered ? 'right' : 'left', lineBreak: false });
      this.doc.x = inner.x;
      this.doc.y = y;
      this.blocks(item.children, inner);
      if (this.doc.y === y) this.doc.y += this.lineHeight(frame.size);
      this.pendingGap = this.layout.paragraphGap / 3;
    });
    this.gap(this.layout.paragraphGap);
  }

  /** Tables are rows of cells separated by bars: a grid would not survive narrow pages. */
  private table(e: Element, frame: Frame): void {
    const rows: Element[] = [];
    const visit = (nodes: Node[]) => {
      for (const n of nodes) {
        if (!isElement(n)) continue;
        if (n.name === 'tr') rows.push(n);
        else if (n.name === 'thead' || n.name === 'tbody' || n.name === 'tfoot') visit(n.children);
        else if (n.name === 'caption') this.paragraph(inlineRuns(n.children, { ...frame.style, italic: true }), frame);
      }
    };
    visit(e.children);
    for (const row of rows) {
      const cells = row.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th'));
      const runs = cells.flatMap((c, i) => [
        ...(i > 0 ? [{ text: '  |  ', style: frame.style }] : []),
        ...inlineRuns(c.children, { ...frame.style, bold: frame.style.bold || c.name === 'th' }),
      ]);
      this.paragraph(runs, frame, this.layout.paragraphGap / 2);
    }
    this.gap(this.layout.paragraphGap);
  }
}

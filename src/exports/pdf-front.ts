// The PDF's front matter and page furniture: the title page with the work's details, the table
// of contents, and page numbers. The contents are drawn before the chapters exist, so each row
// leaves its page number blank and remembers where it stands; `fillContents` writes the numbers
// in once the chapters are laid out (pdfkit keeps every page open with bufferPages).
import { tagUrl, type ExportDocument } from './document.ts';
import type { BlockWriter } from './pdf-blocks.ts';
import { PLAIN_STYLE, writeRuns, type Run } from './pdf-text.ts';
import type { Node } from './tree.ts';

export interface ContentsEntry {
  title: string;
  /** The named destination the row links to. */
  destination: string;
}

export interface ContentsRow {
  entry: ContentsEntry;
  page: number;
  y: number;
}

const plain = (text: string): Run => ({ text, style: PLAIN_STYLE });
const bold = (text: string): Run => ({ text, style: { ...PLAIN_STYLE, bold: true } });

/** Index of the page being drawn (pages are only ever added at the end while drawing). */
export function currentPage(w: BlockWriter): number {
  const range = w.doc.bufferedPageRange();
  return range.start + range.count - 1;
}

/** A small bold label over an indented part (summary, notes). */
export function labelledPart(w: BlockWriter, label: string, nodes: Node[]): void {
  if (nodes.length === 0) return;
  const { layout } = w;
  w.gap(layout.paragraphGap);
  w.heading([plain(label)], w.frame({ size: layout.small }), layout.small);
  w.blocks(nodes, w.frame({ x: layout.margins.left + layout.indent, width: w.frame().width - layout.indent, size: layout.small }));
  w.gap(layout.paragraphGap * 1.5);
}

export function titlePage(w: BlockWriter, doc: ExportDocument): void {
  const { layout } = w;
  w.newPage();
  w.doc.y = layout.margins.top + (w.doc.page.height - layout.margins.top - layout.margins.bottom) * 0.12;
  w.heading([plain(doc.title)], w.frame({ align: 'center' }), layout.title);
  w.paragraph([plain('by '), ...doc.authors.flatMap((a, i) => [...(i > 0 ? [plain(', ')] : []), { text: a, style: { ...PLAIN_STYLE, italic: true } }])], w.frame({ align: 'center' }), layout.paragraphGap * 3);

  const small = w.frame({ size: layout.small });
  for (const row of doc.meta) {
    const values = row.values.flatMap((v, i) => [
      ...(i > 0 ? [plain(', ')] : []),
      { text: v, style: { ...PLAIN_STYLE, link: row.tags ? tagUrl(doc, v) : null } },
    ]);
    w.paragraph([bold(`${row.label}: `), ...values], small, layout.paragraphGap / 2);
  }
  w.paragraph([bold('URL: '), { text: doc.url, style: { ...PLAIN_STYLE, link: doc.url } }], small, layout.paragraphGap / 2);
  labelledPart(w, 'Summary', doc.summary);
  labelledPart(w, 'Notes', doc.notes);
  w.paragraph([plain(`Downloaded from ${doc.siteName}.`)], small);
}

const NUMBER_COLUMN = 32;

/** Draws the contents without page numbers; returns where each number goes. */
export function drawContents(w: BlockWriter, entries: ContentsEntry[]): ContentsRow[] {
  const { layout, doc } = w;
  w.newPage();
  w.heading([plain('Contents')], w.frame({ align: 'center' }), layout.chapterHeading);
  // Rows are placed by hand (to remember where each number goes), so the gap is too.
  doc.y += layout.paragraphGap * 2;
  const frame = w.frame();
  const rows: ContentsRow[] = [];
  entries.forEach((entry, i) => {
    if (i > 0) doc.y += layout.paragraphGap / 2;
    w.keep(2 * w.lineHeight(layout.body));
    const row = { entry, page: currentPage(w), y: doc.y };
    writeRuns(doc, w.fonts, [plain(entry.title)], { x: frame.x, width: frame.width - NUMBER_COLUMN, size: layout.body, lineGap: layout.lineGap, goTo: entry.destination });
    rows.push(row);
  });
  return rows;
}

/** Writes each row's page number (1-based, as viewers count them) at the right margin. */
export function fillContents(w: BlockWriter, rows: ContentsRow[], pages: Map<string, number>): void {
  const { doc, layout } = w;
  const right = doc.page.width - layout.margins.right;
  for (const row of rows) {
    const page = pages.get(row.entry.destination);
    if (page === undefined) continue;
    doc.switchToPage(row.page);
    doc.font(w.fonts.primary()).fontSize(layout.body).fillColor('black');
    doc.text(String(page + 1), right - NUMBER_COLUMN, row.y, { width: NUMBER_COLUMN, align: 'right', lineBreak: false, goTo: row.entry.destination });
  }
}

/** Page numbers at the foot of every page but the title page. */
export function numberPages(w: BlockWriter): void {
  const { doc, layout } = w;
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Below the bottom margin pdfkit would start a new page; the footer sits there on purpose.
    doc.page.margins.bottom = 0;
    doc.font(w.fonts.primary()).fontSize(layout.small).fillColor('#444444');
    doc.text(String(i + 1), layout.margins.left, doc.page.height - layout.footer, { width: doc.page.width - layout.margins.left - layout.margins.right, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}

// PDF downloads, drawn with pdfkit: a title page with the work's details, a table of contents
// with page numbers, each chapter from a new page with a bookmark, page numbers in the footer.
// Known limits: pdfkit has no bidirectional layout, so right-to-left text is drawn with its
// words left to right; characters no installed font has are drawn as empty boxes (or "?" with
// the standard fonts, when DejaVu is not installed).
import PDFDocument from 'pdfkit';
import type { ExportChapter, ExportDocument } from './document.ts';
import type { Paper } from './formats.ts';
import { BlockWriter } from './pdf-blocks.ts';
import { PdfFonts } from './pdf-fonts.ts';
import { currentPage, drawContents, fillContents, labelledPart, numberPages, titlePage, type ContentsEntry } from './pdf-front.ts';
import { LAYOUTS } from './pdf-layout.ts';
import { PLAIN_STYLE } from './pdf-text.ts';

export interface PdfOptions {
  paper: Paper;
  /** Deflate page contents (default). Tests turn it off to read the raw bytes. */
  compress?: boolean;
  /** Use the standard PDF fonts even where DejaVu is installed (to test the fallback). */
  standardFonts?: boolean;
}

const chapterDestination = (c: ExportChapter): string => `chapter-${c.number}`;
const END_NOTES = 'end-notes';

// Right-to-left stories are set flush right, which is as far as pdfkit's layout goes (see above).
const textFrame = (w: BlockWriter, doc: ExportDocument) => w.frame({ align: doc.dir === 'rtl' ? 'right' : 'left' });

function chapter(w: BlockWriter, doc: ExportDocument, c: ExportChapter, pages: Map<string, number>): void {
  const { layout } = w;
  w.newPage();
  pages.set(chapterDestination(c), currentPage(w));
  w.doc.addNamedDestination(chapterDestination(c));
  w.doc.outline.addItem(c.heading);
  w.doc.y += w.lineHeight(layout.body) * 2;
  w.heading([{ text: c.heading, style: PLAIN_STYLE }], w.frame({ align: 'center' }), layout.chapterHeading);
  w.gap(layout.paragraphGap * 3);
  labelledPart(w, 'Summary', c.summary);
  labelledPart(w, 'Notes', c.notes);
  w.blocks(c.body, textFrame(w, doc));
  labelledPart(w, 'Chapter end notes', c.endNotes);
}

export function renderPdf(doc: ExportDocument, options: PdfOptions): Promise<Buffer> {
  const layout = LAYOUTS[options.paper];
  // Dated by the work, not the clock: the same version of a work gives the same bytes.
  const date = new Date(doc.modified);
  const pdf = new PDFDocument({
    size: layout.size,
    margins: layout.margins,
    autoFirstPage: false,
    bufferPages: true,
    compress: options.compress ?? true,
    lang: doc.language,
    displayTitle: true,
    info: {
      Title: doc.title,
      Author: doc.authors.join(', '),
      Subject: `${doc.title}, from ${doc.siteName}`,
      Creator: doc.siteName,
      Producer: 'Quire (PDFKit)',
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const w = new BlockWriter(pdf, new PdfFonts(pdf, doc.language, { standard: options.standardFonts }), layout);
  titlePage(w, doc);
  const entries: ContentsEntry[] = doc.chapters.map((c) => ({ title: c.heading, destination: chapterDestination(c) }));
  if (doc.endNotes.length > 0) entries.push({ title: 'End notes', destination: END_NOTES });
  const rows = drawContents(w, entries);

  const pages = new Map<string, number>();
  for (const c of doc.chapters) chapter(w, doc, c, pages);
  if (doc.endNotes.length > 0) {
    w.newPage();
    pages.set(END_NOTES, currentPage(w));
    pdf.addNamedDestination(END_NOTES);
    w.heading([{ text: 'End notes', style: PLAIN_STYLE }], w.frame({ align: 'center' }), layout.chapterHeading);
    w.blocks(doc.endNotes, textFrame(w, doc));
  }
  fillContents(w, rows, pages);
  numberPages(w);
  pdf.end();
  return done;
}

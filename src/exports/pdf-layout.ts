// Page geometry and type sizes for PDF downloads, per paper size. A5 is a paperback page (read
// on e-readers and phones too); Letter gets wider margins and a larger size for the longer lines.
import type { Paper } from './formats.ts';

export interface PdfLayout {
  /** pdfkit's name for the page size. */
  size: 'A5' | 'LETTER';
  margins: { top: number; bottom: number; left: number; right: number };
  /** Body text size and the extra space between its lines, in points. */
  body: number;
  lineGap: number;
  /** Space after a paragraph. */
  paragraphGap: number;
  /** Metadata, notes and the table of contents. */
  small: number;
  chapterHeading: number;
  title: number;
  /** Indent of block quotes, lists and descriptions. */
  indent: number;
  /** Distance of the page number's baseline area from the bottom edge. */
  footer: number;
}

export const LAYOUTS: Record<Paper, PdfLayout> = {
  a5: {
    size: 'A5',
    margins: { top: 50, bottom: 58, left: 46, right: 46 },
    body: 10.5,
    lineGap: 3,
    paragraphGap: 6,
    small: 9,
    chapterHeading: 15,
    title: 21,
    indent: 18,
    footer: 36,
  },
  letter: {
    size: 'LETTER',
    margins: { top: 72, bottom: 76, left: 72, right: 72 },
    body: 12,
    lineGap: 3.5,
    paragraphGap: 7,
    small: 10,
    chapterHeading: 18,
    title: 26,
    indent: 22,
    footer: 44,
  },
};

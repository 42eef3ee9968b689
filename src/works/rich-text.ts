import { renderBody, sanitizeHtml } from '../formats/index.ts';

/** Summaries and notes: HTML when the writer used tags, else plain text with paragraphs. */
export function richText(source: string): string {
  if (source.trim() === '') return '';
  return /<[a-z!/]/i.test(source) ? sanitizeHtml(source) : renderBody('text', source);
}

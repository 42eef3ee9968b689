import { toLines } from './line-kinds.ts';
import { markdownToHtml } from './markdown-body.ts';
import { plainTextToHtml } from './plain-text.ts';
import { sanitizeHtml } from './sanitize.ts';

export type BodyFormat = 'html' | 'markdown' | 'text';

/** Turns a chapter body as the writer typed it into sanitized HTML. */
export function renderBody(format: BodyFormat, source: string): string {
  switch (format) {
    case 'html':
      return sanitizeHtml(source);
    case 'markdown':
      return markdownToHtml(toLines(source));
    case 'text':
      return plainTextToHtml(toLines(source));
    default:
      throw new TypeError(`unknown body format: ${String(format satisfies never)}`);
  }
}

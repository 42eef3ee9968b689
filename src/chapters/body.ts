import { countWordsInHtml, renderBody } from '../formats/index.ts';
import type { ChapterFields } from '../works/input.ts';
import { richText } from '../works/rich-text.ts';

/** The stored shape of a chapter: source kept for editing, sanitized HTML for reading, words counted once. */
export interface ChapterContent {
  title: string;
  summary: string;
  notes: string;
  end_notes: string;
  body_format: ChapterFields['format'];
  body_source: string;
  body_html: string;
  words: number;
  status: 'draft' | 'posted';
}

export function buildChapterRow(fields: ChapterFields): ChapterContent {
  const html = renderBody(fields.format, fields.body);
  return {
    title: fields.title,
    summary: richText(fields.summary),
    notes: richText(fields.notes),
    end_notes: richText(fields.endNotes),
    body_format: fields.format,
    body_source: fields.body,
    body_html: html,
    words: countWordsInHtml(html),
    status: fields.draft ? 'draft' : 'posted',
  };
}

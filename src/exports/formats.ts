// The download formats and their file names: shared by the service, the routes, the work page and the CLI.
import { InvalidInput } from '../errors.ts';
import { authorNames, type WorkView } from '../works/present.ts';
import { fileStem } from './file-name.ts';

export const FORMATS = ['epub', 'html', 'txt', 'md', 'pdf'] as const;
export type ExportFormat = (typeof FORMATS)[number];

export const FORMAT_INFO: Record<ExportFormat, { label: string; contentType: string }> = {
  epub: { label: 'EPUB', contentType: 'application/epub+zip' },
  html: { label: 'HTML', contentType: 'text/html; charset=utf-8' },
  txt: { label: 'Plain text', contentType: 'text/plain; charset=utf-8' },
  md: { label: 'Markdown', contentType: 'text/markdown; charset=utf-8' },
  pdf: { label: 'PDF', contentType: 'application/pdf' },
};

/** Page sizes a PDF can be laid out for; the first is the default. */
export const PAPERS = ['a5', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];
export const DEFAULT_PAPER: Paper = 'a5';

/** `?paper=` / `--paper`: absent means the default; anything else but a known size is an error. */
export function parsePaper(value: unknown): Paper {
  if (value === undefined || value === '') return DEFAULT_PAPER;
  if ((PAPERS as readonly unknown[]).includes(value)) return value as Paper;
  throw new InvalidInput(`paper must be one of ${PAPERS.join(', ')}`, 'paper');
}

export const isExportFormat = (value: unknown): value is ExportFormat => typeof value === 'string' && (FORMATS as readonly string[]).includes(value);

export function parseFormat(value: unknown): ExportFormat {
  if (isExportFormat(value)) return value;
  throw new InvalidInput(`format must be one of ${FORMATS.join(', ')}`, 'format');
}

/** The name a download of this work gets for this viewer ("Title - Author.epub"). */
export function exportFileName(view: Pick<WorkView, 'id' | 'title' | 'authors'>, format: ExportFormat): string {
  return `${fileStem(view.id, view.title, authorNames(view))}.${format}`;
}

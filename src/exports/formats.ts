// The download formats and their file names: shared by the service, the routes, the work page and the CLI.
import { InvalidInput } from '../errors.ts';
import { authorNames, type WorkView } from '../works/present.ts';
import { fileStem } from './file-name.ts';

export const FORMATS = ['epub', 'html', 'txt', 'md'] as const;
export type ExportFormat = (typeof FORMATS)[number];

export const FORMAT_INFO: Record<ExportFormat, { label: string; contentType: string }> = {
  epub: { label: 'EPUB', contentType: 'application/epub+zip' },
  html: { label: 'HTML', contentType: 'text/html; charset=utf-8' },
  txt: { label: 'Plain text', contentType: 'text/plain; charset=utf-8' },
  md: { label: 'Markdown', contentType: 'text/markdown; charset=utf-8' },
};

export const isExportFormat = (value: unknown): value is ExportFormat => typeof value === 'string' && (FORMATS as readonly string[]).includes(value);

export function parseFormat(value: unknown): ExportFormat {
  if (isExportFormat(value)) return value;
  throw new InvalidInput(`format must be one of ${FORMATS.join(', ')}`, 'format');
}

/** The name a download of this work gets for this viewer ("Title - Author.epub"). */
export function exportFileName(view: Pick<WorkView, 'id' | 'title' | 'authors'>, format: ExportFormat): string {
  return `${fileStem(view.id, view.title, authorNames(view))}.${format}`;
}

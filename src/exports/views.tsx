import { h } from '../web/jsx.ts';
import type { Raw } from '../web/jsx.ts';
import type { WorkView } from '../works/present.ts';
import { exportFileName, FORMAT_INFO, FORMATS, type ExportFormat } from './formats.ts';

export const downloadHref = (work: Pick<WorkView, 'id' | 'title' | 'authors'>, format: ExportFormat): string =>
  `/works/${work.id}/download/${encodeURIComponent(exportFileName(work, format))}`;

/** The work page's Download list: one link per format. */
export function DownloadList({ work }: { work: WorkView }): Raw {
  return (
    <nav class="downloads chapter-nav" aria-label="Download">
      Download: <ul class="commas">{FORMATS.map((f) => <li><a href={downloadHref(work, f)} download>{FORMAT_INFO[f].label}</a></li>)}</ul>
    </nav>
  );
}

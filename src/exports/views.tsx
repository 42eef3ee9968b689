import { h } from '../web/jsx.ts';
import type { Raw } from '../web/jsx.ts';
import type { WorkView } from '../works/present.ts';
import { exportFileName, FORMAT_INFO, FORMATS, type ExportFormat } from './formats.ts';

export const downloadHref = (work: Pick<WorkView, 'id' | 'title' | 'authors'>, format: ExportFormat): string =>
  `/works/${work.id}/download/${encodeURIComponent(exportFileName(work, format))}`;

/** The work page's Download list: one link per format, and PDF in both page sizes. */
export function DownloadList({ work }: { work: WorkView }): Raw {
  return (
    <nav class="downloads chapter-nav" aria-label="Download">
      Download:{' '}
      <ul class="commas">
        {FORMATS.map((f) => <li><a href={downloadHref(work, f)} download>{f === 'pdf' ? 'PDF (A5)' : FORMAT_INFO[f].label}</a></li>)}
        <li><a href={`${downloadHref(work, 'pdf')}?paper=letter`} download>PDF (Letter)</a></li>
      </ul>
    </nav>
  );
}

import { h, Fragment, type Raw } from '../../web/jsx.ts';
import { CsrfField, ErrorBox, Layout, type PageContext } from '../../web/layout.tsx';
import { RATINGS, WARNINGS } from '../../tags/fixed.ts';
import type { UploadResult } from '../uploads.ts';

export interface ImportFormValues {
  fandoms: string;
  rating: string;
  warnings: string[];
  tags: string;
}

function Results({ results }: { results: UploadResult[] }): Raw {
  const count = (status: UploadResult['status']) => results.filter((r) => r.status === status).length;
  return (
    <section class="import-results" aria-labelledby="import-results-heading">
      <h2 id="import-results-heading">Imported {count('imported')}, skipped as duplicate {count('duplicate')}, failed {count('failed')}</h2>
      <ul>
        {results.map((r) =>
          r.status === 'failed' ? (
            <li class="failed"><strong>{r.name}</strong>: failed: {r.reason}</li>
          ) : r.status === 'duplicate' ? (
            <li class="duplicate"><strong>{r.name}</strong>: skipped, you imported it before as <a href={`/works/${r.workId}`}>{r.title}</a></li>
          ) : (
            <li class="imported"><strong>{r.name}</strong>: imported as <a href={`/works/${r.workId}`}>{r.title}</a></li>
          ),
        )}
      </ul>
    </section>
  );
}

export function ImportPage({ page, values, accept, maxFiles, maxMb, error, results }: { page: PageContext; values: ImportFormValues; accept: string[]; maxFiles: number; maxMb: number; error?: string; results?: UploadResult[] }): Raw {
  return (
    <Layout page={page} title="Import works">
      <h1>Import works</h1>
      {results ? <Results results={results} /> : null}
      <ErrorBox message={error} />
      <p>Each file becomes one work, posted as you. A file you imported before is skipped. What a file says about itself (rating, warnings, fandoms) wins; the fields below fill what it leaves out.</p>
      <form method="post" action="/works/import" enctype="multipart/form-data" class="stacked">
        <CsrfField page={page} />
        <label for="files">Files (required)</label>
        <input id="files" name="files" type="file" multiple required accept={accept.map((x) => `.${x}`).join(',')} aria-describedby="files-help" />
        <p id="files-help" class="help">{accept.map((x) => `.${x}`).join(', ')}; up to {maxFiles} files of {maxMb} MB each.</p>
        <fieldset>
          <legend>Defaults for files that leave them out</legend>
          <label for="fandoms">Fandoms</label>
          <input id="fandoms" name="fandoms" value={values.fandoms} data-autocomplete="fandoms" autocomplete="off" aria-describedby="fandoms-help" />
          <p id="fandoms-help" class="help">Separate with commas. A file that names no fandom needs one here.</p>
          <label for="rating">Rating</label>
          <select id="rating" name="rating">
            <option value="" selected={values.rating === ''}>From the file (Not Rated if it has none)</option>
            {RATINGS.map((r) => <option value={r} selected={values.rating === r}>{r}</option>)}
          </select>
          <fieldset class="checks">
            <legend>Archive warnings (when the file gives none)</legend>
            {WARNINGS.map((w) => <label class="choice"><input type="checkbox" name="warnings" value={w} checked={values.warnings.includes(w)} /> {w}</label>)}
          </fieldset>
          <label for="tags">Additional tags</label>
          <input id="tags" name="tags" value={values.tags} data-autocomplete="freeforms" autocomplete="off" aria-describedby="tags-help" />
          <p id="tags-help" class="help">Added to every imported work, beside the file's own. Separate with commas.</p>
        </fieldset>
        <div class="actions"><button type="submit">Import</button></div>
      </form>
    </Layout>
  );
}

import { h, Fragment, raw, type Raw } from '../../web/jsx.ts';
import { CsrfField, ErrorBox, Layout, type PageContext } from '../../web/layout.tsx';
import { CATEGORIES, RATINGS, WARNINGS } from '../../tags/fixed.ts';
import type { Pseud } from '../../db/schema.ts';
import { LANGUAGES } from '../languages.ts';
import { LIMITS } from '../input.ts';

/** Form values as strings, exactly as the writer typed them, so nothing is lost when a form comes back with an error. */
export type FormValues = Record<string, string | string[] | undefined>;

const str = (v: FormValues, k: string): string => {
  const x = v[k];
  return Array.isArray(x) ? x.join(', ') : (x ?? '');
};
const has = (v: FormValues, k: string, value: string): boolean => {
  const x = v[k];
  return Array.isArray(x) ? x.includes(value) : x === value;
};
const on = (v: FormValues, k: string): boolean => ['on', 'true', '1'].includes(str(v, k));

function TagInput({ name, label, values, help, required }: { name: string; label: string; values: FormValues; help?: string; required?: boolean }): Raw {
  return (
    <>
      <label for={name}>{label}{required ? ' (required)' : ''}</label>
      <input id={name} name={name} value={str(values, name)} required={required} data-autocomplete={name} aria-describedby={`${name}-help`} autocomplete="off" />
      <p id={`${name}-help`} class="help">{help ?? 'Separate tags with commas.'}</p>
    </>
  );
}

export function ChapterFieldset({ values, prefix = '', legend }: { values: FormValues; prefix?: string; legend: string }): Raw {
  const id = (k: string) => prefix + k;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <label for={id('title')}>Chapter title</label>
      <input id={id('title')} name={id('title')} value={str(values, id('title'))} maxlength={String(LIMITS.title)} />
      <label for={id('summary')}>Chapter summary</label>
      <textarea id={id('summary')} name={id('summary')} rows="3">{str(values, id('summary'))}</textarea>
      <label for={id('notes')}>Chapter notes</label>
      <textarea id={id('notes')} name={id('notes')} rows="3">{str(values, id('notes'))}</textarea>
      <label for={id('format')}>Text format</label>
      <select id={id('format')} name={id('format')}>
        <option value="html" selected={str(values, id('format')) === 'html' || !values[id('format')]}>Rich text (HTML)</option>
        <option value="markdown" selected={str(values, id('format')) === 'markdown'}>Markdown</option>
        <option value="text" selected={str(values, id('format')) === 'text'}>Plain text</option>
      </select>
      <label for={id('body')}>Chapter text (required)</label>
      <textarea id={id('body')} name={id('body')} rows="18" required aria-describedby={id('body-help')}>{str(values, id('body'))}</textarea>
      <p id={id('body-help')} class="help">Up to {LIMITS.chapterChars.toLocaleString('en')} characters. HTML is cleaned: scripts, styles and forms are removed.</p>
      <label for={id('end_notes')}>Chapter end notes</label>
      <textarea id={id('end_notes')} name={id('end_notes')} rows="3">{str(values, id('end_notes'))}</textarea>
    </fieldset>
  );
}

export function WorkForm({ page, values, pseuds, error, workId, isDraft }: { page: PageContext; values: FormValues; pseuds: Pseud[]; error?: string; workId?: number; isDraft: boolean }): Raw {
  const editing = workId !== undefined;
  return (
    <Layout page={page} title={editing ? 'Edit work' : 'Post a new work'}>
      <h1>{editing ? 'Edit work' : 'Post a new work'}</h1>
      {editing ? null : <p>Story already in a file? <a href="/works/import">Import files</a> instead.</p>}
      <ErrorBox message={error} />
      <form method="post" action={editing ? `/works/${workId}` : '/works'} class="stacked work-form">
        <CsrfField page={page} />
        <fieldset>
          <legend>Tags</legend>
          <label for="rating">Rating (required)</label>
          <select id="rating" name="rating" required>
            {RATINGS.map((r) => <option value={r} selected={str(values, 'rating') === r}>{r}</option>)}
          </select>
          <fieldset class="checks">
            <legend>Archive warnings (at least one)</legend>
            {WARNINGS.map((w) => <label class="choice"><input type="checkbox" name="warnings" value={w} checked={has(values, 'warnings', w)} /> {w}</label>)}
          </fieldset>
          <TagInput name="fandoms" label="Fandoms" values={values} required />
          <fieldset class="checks">
            <legend>Categories</legend>
            {CATEGORIES.map((c) => <label class="choice"><input type="checkbox" name="categories" value={c} checked={has(values, 'categories', c)} /> {c}</label>)}
          </fieldset>
          <TagInput name="relationships" label="Relationships" values={values} help="Use / for romantic and & for platonic, e.g. Alice/Bea. Separate with commas." />
          <TagInput name="characters" label="Characters" values={values} />
          <TagInput name="freeforms" label="Additional tags" values={values} help={`Separate with commas; ${LIMITS.userTags} fandom, relationship, character and additional tags at most.`} />
        </fieldset>
        <fieldset>
          <legend>Preface</legend>
          <label for="title">Work title (required)</label>
          <input id="title" name="title" required maxlength={String(LIMITS.title)} value={str(values, 'title')} />
          {pseuds.length > 1 ? (
            <fieldset class="checks">
              <legend>Post as</legend>
              {pseuds.map((p) => <label class="choice"><input type="checkbox" name="pseud_ids" value={String(p.id)} checked={has(values, 'pseud_ids', String(p.id)) || (!values.pseud_ids && p.is_default === 1)} /> {p.name}</label>)}
            </fieldset>
          ) : null}
          <label for="summary">Summary</label>
          <textarea id="summary" name="summary" rows="4" maxlength={String(LIMITS.summary)}>{str(values, 'summary')}</textarea>
          <label for="notes">Notes (at the beginning)</label>
          <textarea id="notes" name="notes" rows="3">{str(values, 'notes')}</textarea>
          <label for="end_notes">End notes</label>
          <textarea id="end_notes" name="end_notes" rows="3">{str(values, 'end_notes')}</textarea>
          <label for="language">Language</label>
          <select id="language" name="language">
            {LANGUAGES.map(([code, name]) => <option value={code} selected={(str(values, 'language') || 'en') === code}>{name}</option>)}
          </select>
        </fieldset>
        <fieldset>
          <legend>Status and privacy</legend>
          <label class="choice"><input type="checkbox" name="complete" value="on" checked={on(values, 'complete')} /> This work is complete</label>
          <label for="expected_chapters">Expected number of chapters (blank if you don't know)</label>
          <input id="expected_chapters" name="expected_chapters" inputmode="numeric" pattern="[0-9]*" value={str(values, 'expected_chapters')} />
          <label class="choice"><input type="checkbox" name="restricted" value="on" checked={on(values, 'restricted')} /> Only show to logged-in users</label>
          <label class="choice"><input type="checkbox" name="anonymous" value="on" checked={on(values, 'anonymous')} /> Post anonymously (your name is shown only to you and the archive's admins)</label>
        </fieldset>
        {editing ? raw('') : <ChapterFieldset values={values} prefix="chapter_" legend="First chapter" />}
        <div class="actions">
          {isDraft ? <button type="submit" name="draft" value="on" class="secondary">Save as draft</button> : null}
          <button type="submit" name="draft" value="">{editing ? (isDraft ? 'Save and post' : 'Save changes') : 'Post'}</button>
        </div>
      </form>
      {editing ? (
        <form method="post" action={`/works/${workId}/delete`} class="danger-zone">
          <CsrfField page={page} />
          <h2>Delete this work</h2>
          <label class="choice"><input type="checkbox" name="confirm" value="yes" required /> Yes, delete this work and all its chapters for good</label>
          <button type="submit" class="danger">Delete work</button>
        </form>
      ) : null}
    </Layout>
  );
}

export function ChapterForm({ page, values, error, workId, workTitle, chapterId }: { page: PageContext; values: FormValues; error?: string; workId: number; workTitle: string; chapterId?: number }): Raw {
  const editing = chapterId !== undefined;
  return (
    <Layout page={page} title={editing ? 'Edit chapter' : 'Add a chapter'}>
      <h1>{editing ? 'Edit chapter' : 'Add a chapter'} of <a href={`/works/${workId}`}>{workTitle}</a></h1>
      <ErrorBox message={error} />
      <form method="post" action={editing ? `/works/${workId}/chapters/edit/${chapterId}` : `/works/${workId}/chapters`} class="stacked">
        <CsrfField page={page} />
        <ChapterFieldset values={values} legend="Chapter" />
        <div class="actions">
          <button type="submit" name="draft" value="on" class="secondary">Save as draft</button>
          <button type="submit" name="draft" value="">Post chapter</button>
        </div>
      </form>
      {editing ? (
        <form method="post" action={`/works/${workId}/chapters/edit/${chapterId}/delete`} class="danger-zone">
          <CsrfField page={page} />
          <label class="choice"><input type="checkbox" name="confirm" value="yes" required /> Yes, delete this chapter</label>
          <button type="submit" class="danger">Delete chapter</button>
        </form>
      ) : null}
    </Layout>
  );
}

export function ManageChapters({ page, workId, workTitle, chapters, error }: { page: PageContext; workId: number; workTitle: string; chapters: { id: number; position: number; title: string; words: number; status: string }[]; error?: string }): Raw {
  return (
    <Layout page={page} title="Manage chapters">
      <h1>Manage chapters of <a href={`/works/${workId}`}>{workTitle}</a></h1>
      <ErrorBox message={error} />
      <form method="post" action={`/works/${workId}/chapters/order`} class="manage-chapters">
        <CsrfField page={page} />
        <table>
          <caption>Give each chapter its new place and save to reorder.</caption>
          <thead><tr><th scope="col">Place</th><th scope="col">Chapter</th><th scope="col">Words</th><th scope="col">Status</th><th scope="col">Edit</th></tr></thead>
          <tbody>
            {chapters.map((c) => (
              <tr>
                <td><label class="sr" for={`pos-${c.id}`}>Place of chapter {c.position}</label><input id={`pos-${c.id}`} name={`position_${c.id}`} value={String(c.position)} size="3" inputmode="numeric" /></td>
                <td>{c.title || `Chapter ${c.position}`}</td>
                <td>{c.words.toLocaleString('en')}</td>
                <td>{c.status === 'draft' ? 'Draft' : 'Posted'}</td>
                <td><a href={`/works/${workId}/chapters/edit/${c.id}`}>Edit<span class="sr"> chapter {c.position}</span></a></td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">Save order</button>
      </form>
    </Layout>
  );
}

// The snippets of a result page, from the posted chapters of its works. The first chapters of
// the whole page come in one query, read beside the page's rows: work by work they took 20 round
// trips after it (on PostgreSQL, each its own wait for the server).
import type { Db } from '../db/schema.ts';
import { htmlText } from '../formats/wordcount.ts';
import { chapterSnippet, snippetHtml } from './snippet.ts';
import type { TextQuery } from './text/index.ts';

export interface FirstChapter {
  work_id: number;
  position: number;
  body_html: string;
}

/** The first posted chapter of each of these works that has one. */
export function firstChapters(db: Db, workIds: number[]): Promise<FirstChapter[]> {
  if (workIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('chapters as c')
    .select(['c.work_id', 'c.position', 'c.body_html'])
    .where('c.work_id', 'in', workIds)
    .where('c.status', '=', 'posted')
    .where((eb) => eb('c.position', '=', eb.selectFrom('chapters as f').select((f) => f.fn.min('f.position').as('p')).whereRef('f.work_id', '=', 'c.work_id').where('f.status', '=', 'posted')))
    .execute();
}

/**
 * Where each work's own text first matched, chapter by chapter (a long work's later chapters are
 * read only when its first did not match), else its summary; undefined when neither shows a word
 * of the query. `firsts`: the works' first chapters, as firstChapters reads them.
 */
export async function snippetsOf(
  db: Db,
  works: { id: number; summaryHtml: string }[],
  q: TextQuery,
  firsts: FirstChapter[],
): Promise<(string | undefined)[]> {
  const firstOf = new Map(firsts.map((c) => [Number(c.work_id), c]));
  const out: (string | undefined)[] = [];
  for (const w of works) {
    const first = firstOf.get(w.id);
    let snippet = first ? chapterSnippet(first.body_html, q) : null;
    if (first && snippet === null) {
      const rest = await db.selectFrom('chapters').select('body_html').where('work_id', '=', w.id).where('status', '=', 'posted').where('position', '>', first.position).orderBy('position').execute();
      for (const c of rest) if ((snippet = chapterSnippet(c.body_html, q)) !== null) break;
    }
    out.push(snippet ?? snippetHtml(htmlText(w.summaryHtml), q) ?? undefined);
  }
  return out;
}

// Keeps the search side in step with works, inside the writer's transaction:
// the text document of a work (FTS5 row or tsvectors) and a change-log row
// that every app process reads to update its in-memory bitmap index.
import { sql, SqliteAdapter } from 'kysely';
import type { Db } from '../db/schema.ts';
import { htmlText } from '../formats/wordcount.ts';
import { foldText } from './text/fold.ts';
import { fts5Values, textGrams } from './text/grams.ts';

const isSqlite = (db: Db) => db.getExecutor().adapter instanceof SqliteAdapter;

/** Appends change-log rows so every process re-reads these works. */
export async function noteWorksChanged(db: Db, workIds: number[]): Promise<void> {
  const unique = [...new Set(workIds)];
  for (let i = 0; i < unique.length; i += 500) {
    await db.insertInto('search_changes').values(unique.slice(i, i + 500).map((work_id) => ({ work_id }))).execute();
  }
}

/**
 * Appends a change-log row so every process re-reads a tag's kind and wrangling marks (a merge, an
 * unmerge, a kind made canonical): the tag's id negated, which no work has.
 */
export async function noteTagChanged(db: Db, tagId: number): Promise<void> {
  await db.insertInto('search_changes').values({ work_id: -tagId }).execute();
}

export interface TextDocument {
  title: string;
  summary: string;
  tags: string;
  author: string;
  body: string;
}

/** The text of a work's posted chapters, in order, from their HTML. */
export const chaptersText = (html: string[]): string => html.map(htmlText).join('\n\n');

/** The searchable text of a work: only what any reader of the work could see (posted chapters; "Anonymous" for anonymous works). */
export async function textDocument(db: Db, workId: number): Promise<TextDocument | null> {
  const work = await db.selectFrom('works').select(['title', 'summary', 'anonymous']).where('id', '=', workId).executeTakeFirst();
  if (!work) return null;
  const tags = await db.selectFrom('work_tags').innerJoin('tags', 'tags.id', 'work_tags.tag_id').select('tags.name').where('work_tags.work_id', '=', workId).execute();
  const authors = work.anonymous
    ? [{ name: 'Anonymous' }]
    : await db.selectFrom('creatorships').innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id').innerJoin('users', 'users.id', 'pseuds.user_id').select(['pseuds.name', 'users.login']).where('creatorships.work_id', '=', workId).execute();
  const chapters = await db.selectFrom('chapters').select('body_html').where('work_id', '=', workId).where('status', '=', 'posted').orderBy('position').execute();
  return {
    title: work.title,
    summary: htmlText(work.summary),
    tags: tags.map((t) => t.name).join(' \n '),
    author: authors.map((a) => ('login' in a ? `${a.name} ${a.login}` : a.name)).join(' \n '),
    body: chaptersText(chapters.map((c) => c.body_html)),
  };
}

/** Rebuilds the text-search rows of these works (or removes them for deleted works). */
export async function reindexWorkText(db: Db, workIds: number[]): Promise<void> {
  for (const id of new Set(workIds)) {
    const doc = await textDocument(db, id);
    if (isSqlite(db)) {
      await sql`delete from work_text where rowid = ${id}`.execute(db);
      if (doc) {
        const values = fts5Values([foldText(doc.title), foldText(doc.summary), foldText(doc.tags), foldText(doc.author), foldText(doc.body)]);
        await sql`insert into work_text (rowid, title, summary, tags, author, body, grams, meta_grams) values (${id}, ${sql.join(values)})`.execute(db);
      }
    } else if (doc) {
      const body = foldText(doc.body);
      await sql`insert into work_text (work_id, meta_tsv, body_tsv, grams_tsv) values (${id},
        setweight(to_tsvector('english', ${foldText(doc.title)}), 'A') || setweight(to_tsvector('english', ${foldText(doc.summary)}), 'B') ||
        setweight(to_tsvector('english', ${foldText(doc.tags)}), 'C') || setweight(to_tsvector('english', ${foldText(doc.author)}), 'D'),
        to_tsvector('english', ${body}), to_tsvector('simple', ${textGrams(body)}))
        on conflict (work_id) do update set meta_tsv = excluded.meta_tsv, body_tsv = excluded.body_tsv, grams_tsv = excluded.grams_tsv`.execute(db);
    } else {
      await sql`delete from work_text where work_id = ${id}`.execute(db);
    }
  }
}

export async function afterWorkChange(db: Db, workIds: number[]): Promise<void> {
  await reindexWorkText(db, workIds);
  await noteWorksChanged(db, workIds);
}

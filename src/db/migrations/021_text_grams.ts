import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { chaptersText, textDocument } from '../../search/sync.ts';
import { foldText } from '../../search/text/fold.ts';
import { fts5Values, textGrams } from '../../search/text/grams.ts';

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;
const TOKENIZE = `tokenize = 'porter unicode61 remove_diacritics 2'`;
const BATCH = 500;

type Row = { id: number; title: string | null; summary: string | null; tags: string | null; author: string | null; body: string | null };

/**
 * The text index gains the word pairs of chapter text (src/search/text/grams.ts); SQLite's
 * those of titles, summaries, tags and names too (PostgreSQL has them in a tsvector of
 * their own already, which a phrase's check does not share with the body). SQLite's also
 * stops keeping its own copy of every work's text: nothing reads it back (snippets come
 * from the chapters), and the pairs would have made it larger than all the text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return addGramsTsvector(db);
  // Kysely runs SQLite migrations outside a transaction: this one makes its own, so that it
  // happens whole or not at all (and FTS5 writes its segments once, not at every insert).
  // A larger page cache for its length saves spilling pages of segments being merged.
  const previous = Number((await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size ?? -2000);
  await sql`pragma cache_size = -1048576`.execute(db);
  try {
    await db.transaction().execute(copyWithGrams);
  } finally {
    await sql.raw(`pragma cache_size = ${previous}`).execute(db);
  }
}

async function copyWithGrams(db: Kysely<any>): Promise<void> {
  await sql.raw(`create virtual table work_text_next using fts5(title, summary, tags, author, body, grams, meta_grams, ${TOKENIZE}, content = '', contentless_delete = 1)`).execute(db);
  for (let from = 0; ; ) {
    const rows = (await sql<Row>`select rowid as id, title, summary, tags, author, body from work_text where rowid > ${from} order by rowid limit ${BATCH}`.execute(db)).rows;
    if (rows.length === 0) break;
    for (const r of rows) {
      const values = fts5Values([r.title ?? '', r.summary ?? '', r.tags ?? '', r.author ?? '', r.body ?? '']);
      await sql`insert into work_text_next (rowid, title, summary, tags, author, body, grams, meta_grams) values (${r.id}, ${sql.join(values)})`.execute(db);
    }
    from = rows[rows.length - 1]!.id;
  }
  await sql`drop table work_text`.execute(db);
  await sql`alter table work_text_next rename to work_text`.execute(db);
  await sql`insert into work_text (work_text) values ('optimize')`.execute(db);
}

/** PostgreSQL keeps no text: the pairs come from the posted chapters, as reindexWorkText reads them. */
async function addGramsTsvector(db: Kysely<any>): Promise<void> {
  await sql`alter table work_text add column grams_tsv tsvector not null default ''`.execute(db);
  const last = Number((await sql<{ id: number | null }>`select max(work_id) as id from work_text`.execute(db)).rows[0]?.id ?? 0);
  for (let from = 1; from <= last; from += BATCH) {
    const chapters = (
      await sql<{ work_id: number; body_html: string }>`select work_id, body_html from chapters
        where work_id between ${from} and ${from + BATCH - 1} and status = 'posted' order by work_id, position`.execute(db)
    ).rows;
    const html = new Map<number, string[]>();
    for (const c of chapters) {
      const list = html.get(c.work_id);
      if (list) list.push(c.body_html);
      else html.set(c.work_id, [c.body_html]);
    }
    if (html.size === 0) continue;
    const ids = [...html.keys()];
    const grams = ids.map((id) => textGrams(foldText(chaptersText(html.get(id)!))));
    await sql`update work_text w set grams_tsv = to_tsvector('simple', u.grams)
      from unnest(${ids}::int[], ${grams}::text[]) as u(id, grams) where w.work_id = u.id`.execute(db);
  }
  await sql`create index work_text_grams on work_text using gin (grams_tsv)`.execute(db);
}

/** Back to the tables of 010_search; SQLite's text, no longer kept, is read again from the works. */
export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) {
    await sql`alter table work_text drop column grams_tsv`.execute(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    await sql`drop table work_text`.execute(trx);
    await sql.raw(`create virtual table work_text using fts5(title, summary, tags, author, body, ${TOKENIZE})`).execute(trx);
    // Every work, as reindexWorkText writes them: which ones a reader may see is the bitmap index's part.
    const works = await trx.selectFrom('works').select('id').orderBy('id').execute();
    for (const { id } of works) {
      const doc = await textDocument(trx as Kysely<any>, id);
      if (!doc) continue;
      await sql`insert into work_text (rowid, title, summary, tags, author, body) values (${id}, ${foldText(doc.title)}, ${foldText(doc.summary)}, ${foldText(doc.tags)}, ${foldText(doc.author)}, ${foldText(doc.body)})`.execute(trx);
    }
  });
}

// The rows a page of works is presented from: the works, their creators and their tags (by id;
// names come from the search index, see tags/repository.ts). On a SQLite file they can be read in
// a worker thread with its own connection, so that a search counts its facets while its page is
// read (at a million works, ~1–3 ms each for a page of 20, which would otherwise add up).
import type SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database, Db, WorkRow } from '../db/schema.ts';
import { callReader, readerBusy, serveReads } from '../db/reader-worker.ts';
import { synonymTags, workTagPairs, type TagNames } from '../tags/repository.ts';
import { creatorsOf, worksByIds, type Creator } from './repository.ts';

export interface PageRows {
  /** In the order of the ids asked for; a work no longer there is left out. */
  works: WorkRow[];
  creators: Map<number, Creator[]>;
  /** Their tags, as workTagPairs() reads them. */
  tags: Uint32Array;
  /**
   * Read by the worker: the names of those tags the search index cannot name (synonymTags),
   * which the request's thread would otherwise read after the rows came (~0.2 ms; most pages of
   * a million works have one).
   */
  names?: TagNames;
}

export async function readPageRows(db: Db, ids: number[]): Promise<PageRows> {
  const [works, creators, tags] = await Promise.all([worksByIds(db, ids), creatorsOf(db, ids), workTagPairs(db, ids)]);
  return { works, creators, tags };
}

/**
 * The page's rows: read through `db`, or with `inWorker` by the reading worker for a file's
 * `reader` (db/reader-worker.ts), for a caller with other work meanwhile: a round trip costs
 * ~0.3 ms more than reading here, and one behind a text ranking would wait for it. The worker
 * reads what is committed, as a request in this thread would (none reads inside a transaction).
 */
export function pageRows(db: Db, reader: SQLite.Database | undefined, ids: number[], inWorker: boolean): Promise<PageRows> {
  if (!inWorker || !reader || reader.memory || readerBusy(reader) || ids.length === 0) return readPageRows(db, ids);
  return callReader<PageRows>(reader, 'page', ids);
}

let workerDb: Db | null = null;
serveReads('page', async (db, ids: number[]) => {
  workerDb ??= new Kysely<Database>({ dialect: new SqliteDialect({ database: db }) });
  const rows = await readPageRows(workerDb, ids);
  rows.names = await synonymTags(workerDb, rows.tags);
  return { value: rows, transfer: [rows.tags.buffer as ArrayBuffer] };
});

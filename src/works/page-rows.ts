// The rows a page of works is presented from: the works, their creators and their tags (by id;
// names come from the search index, see tags/repository.ts). On a SQLite file they can be read in
// a worker thread with its own connection, so that a search counts its facets while its page is
// read (at a million works, ~1–3 ms each for a page of 20, which would otherwise add up).
import type SQLite from 'better-sqlite3';
import type { Db, WorkRow } from '../db/schema.ts';
import { preparedReads, type PreparedReads } from '../db/prepared.ts';
import { callReader, readerBusy, serveReads } from '../db/reader-worker.ts';
import { workTagPairs, workTagPairsQuery } from '../tags/repository.ts';
import { creatorsByWork, creatorsOf, creatorsQuery, inIdOrder, worksByIds, worksByIdsQuery, type Creator } from './repository.ts';

export interface PageRows {
  /** In the order of the ids asked for; a work no longer there is left out. */
  works: WorkRow[];
  creators: Map<number, Creator[]>;
  /** Their tags, as workTagPairs() reads them. */
  tags: Uint32Array;
}

export async function readPageRows(db: Db, ids: number[]): Promise<PageRows> {
  const [works, creators, tags] = await Promise.all([worksByIds(db, ids), creatorsOf(db, ids), workTagPairs(db, ids)]);
  return { works, creators, tags };
}

/** readPageRows through prepared statements (db/prepared.ts) on a SQLite connection. */
function readPreparedRows(reads: PreparedReads, ids: number[]): PageRows {
  const works = inIdOrder(ids, reads.all('page-works', ids, worksByIdsQuery));
  const creators = creatorsByWork(reads.all('page-creators', ids, creatorsQuery));
  const pairs = reads.all('page-tags', ids, workTagPairsQuery, true) as unknown as [number, number][];
  const tags = new Uint32Array(pairs.length * 2);
  for (let i = 0; i < pairs.length; i++) {
    tags[2 * i] = pairs[i]![0];
    tags[2 * i + 1] = pairs[i]![1];
  }
  return { works, creators, tags };
}

/**
 * The page's rows: read by the reading worker for a file's `reader` (db/reader-worker.ts) with
 * `inWorker`, for a caller with other work meanwhile (a round trip costs ~0.3 ms more than
 * reading here, and one behind a text ranking would wait for it); else through `reader` here,
 * or through `db` on PostgreSQL and in memory (where `reader` is the connection `db` holds, and
 * a read beside Kysely could land inside another request's open transaction). Both readers read
 * what is committed, as a request through `db` would (none reads inside a transaction).
 */
export function pageRows(db: Db, reader: SQLite.Database | undefined, ids: number[], inWorker: boolean): Promise<PageRows> {
  if (!reader || reader.memory || ids.length === 0) return readPageRows(db, ids);
  if (!inWorker || readerBusy(reader)) return Promise.resolve(readPreparedRows(preparedReads(reader), ids));
  return callReader<PageRows>(reader, 'page', ids);
}

serveReads('page', (db, ids: number[]) => {
  const rows = readPreparedRows(preparedReads(db), ids);
  return { value: rows, transfer: [rows.tags.buffer as ArrayBuffer] };
});

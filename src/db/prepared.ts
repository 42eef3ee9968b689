// Reads by a list of ids, run on a SQLite connection as statements prepared once from their
// Kysely query. Kysely builds, compiles and prepares each query anew and hands it to the driver
// through a lock and several promises; for a page of works (its rows, creators and tags) that
// came to ~0.3–0.4 ms of ~1.1–1.6 at a million works, more in the reading worker, whose few
// calls leave Kysely's code less optimised than this thread's. The query stays written once, in
// its repository; its SQL is compiled the first time a list of its length is read.
import type SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type Compilable } from 'kysely';
import type { Database, Db } from './schema.ts';

/** Lists are padded to a multiple of this (repeating their last id), so few lengths need a statement. */
const STEP = 16;
/** Longer lists are read in parts of this many distinct ids, in ascending order (so rows ordered by id come in order). */
export const MAX_IDS = 480;

export class PreparedReads {
  private readonly statements = new Map<string, SQLite.Statement>();
  /** Compiles queries only; it never runs one. */
  private readonly compiler: Db;

  constructor(private readonly connection: SQLite.Database) {
    this.compiler = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  }

  /**
   * The rows of `query(ids)`, whose only parameters must be `ids`, in order (an `in` list): its
   * statement is reused for every list of the same padded length. With `raw`, each row is an
   * array of its columns. Duplicate ids in an `in` list select nothing twice.
   */
  all<R>(name: string, ids: readonly number[], query: (db: Db, ids: number[]) => Compilable<R>, raw = false): R[] {
    if (ids.length === 0) return [];
    if (ids.length <= MAX_IDS) return this.read(name, ids.slice(), query, raw);
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    const out: R[] = [];
    for (let at = 0; at < sorted.length; at += MAX_IDS) for (const r of this.read(name, sorted.slice(at, at + MAX_IDS), query, raw)) out.push(r);
    return out;
  }

  private read<R>(name: string, part: number[], query: (db: Db, ids: number[]) => Compilable<R>, raw: boolean): R[] {
    const padded = Math.ceil(part.length / STEP) * STEP;
    while (part.length < padded) part.push(part[part.length - 1]!);
    return this.statement(name, part, query, raw).all(...part) as R[];
  }

  private statement<R>(name: string, ids: number[], query: (db: Db, ids: number[]) => Compilable<R>, raw: boolean): SQLite.Statement {
    const key = `${name}:${ids.length}:${raw}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const compiled = query(this.compiler, ids).compile();
      const same = compiled.parameters.length === ids.length && compiled.parameters.every((p, i) => p === ids[i]);
      if (!same) throw new Error(`prepared read "${name}": its query must take exactly the ids as parameters`);
      statement = this.connection.prepare(compiled.sql);
      if (raw) statement.raw(true);
      this.statements.set(key, statement);
    }
    return statement;
  }
}

const byConnection = new WeakMap<SQLite.Database, PreparedReads>();

/** The prepared reads of a connection, made by the first call. */
export function preparedReads(connection: SQLite.Database): PreparedReads {
  let reads = byConnection.get(connection);
  if (!reads) byConnection.set(connection, (reads = new PreparedReads(connection)));
  return reads;
}

// PostgreSQL's counterpart of SQLite's PRAGMA data_version (Connection.commits): a number that moves
// when this process commits a write, or when any process commits rows to the search change log (a
// trigger notifies a channel, migration 022, which a connection of its own listens on). While the
// number stands still, a search need not ask the log for changes: that round trip was ~0.3 ms of
// every search on PostgreSQL.
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult } from 'kysely';
import pg from 'pg';

const CHANNEL = 'quire_search_changes';
const RETRY_MS = 1000;

export class PgCommits {
  private count = 0;
  private listener: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private started = false;
  private closed = false;

  constructor(private readonly config: pg.ClientConfig) {}

  /**
   * The number to compare. The first read starts listening (a command that never searches never
   * opens the connection); while nothing listens (connecting, or the connection was lost) it moves
   * at every read, so no catch-up is skipped.
   */
  read(): number {
    if (!this.started) this.listen();
    return this.listener ? this.count : ++this.count;
  }

  /** A write of this process committed: its own notification comes later, and its next search must not wait for it. */
  committed(): void {
    this.count++;
  }

  /** Starts listening, and listens again a second after the connection is lost. */
  private listen(): void {
    this.started = true;
    if (this.closed) return;
    const client = new pg.Client(this.config);
    let gone = false;
    // Called by an error and by the end that follows it: one retry for both.
    const lost = () => {
      if (gone) return;
      gone = true;
      if (this.listener === client) this.listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (!this.closed) this.retry = setTimeout(() => ((this.retry = null), this.listen()), RETRY_MS).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => void this.count++);
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANNEL}`))
      .then(() => {
        if (this.closed) return void client.end().catch(() => {});
        // Whatever was logged while nothing listened is read by the next catch-up.
        this.count++;
        this.listener = client;
      }, lost);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => {});
  }
}

/**
 * `dialect` whose driver calls `committed` after each transaction commits and after each write made
 * outside one (any statement but a select: a migration, a raw statement), once it has run.
 */
export function countingCommits(dialect: Dialect, committed: () => void): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => countingDriver(dialect.createDriver(), committed),
  };
}

function countingDriver(driver: Driver, committed: () => void): Driver {
  const inTransaction = new WeakSet<DatabaseConnection>();
  const watched = new WeakSet<DatabaseConnection>();
  const acquire = driver.acquireConnection.bind(driver);
  const begin = driver.beginTransaction.bind(driver);
  const commit = driver.commitTransaction.bind(driver);
  const rollback = driver.rollbackTransaction.bind(driver);
  // The driver keeps one connection object per pooled client, so each is wrapped once.
  driver.acquireConnection = async () => {
    const connection = await acquire();
    if (watched.has(connection)) return connection;
    watched.add(connection);
    const execute = connection.executeQuery.bind(connection);
    connection.executeQuery = async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
      const result = await execute<R>(query);
      const read = query.query.kind === 'SelectQueryNode' || (query.query.kind === 'RawNode' && /^\s*select\b/i.test(query.sql));
      if (!read && !inTransaction.has(connection)) committed();
      return result;
    };
    return connection;
  };
  driver.beginTransaction = async (connection, settings) => {
    inTransaction.add(connection);
    try {
      await begin(connection, settings);
    } catch (e) {
      inTransaction.delete(connection);
      throw e;
    }
  };
  driver.commitTransaction = async (connection) => {
    await commit(connection);
    inTransaction.delete(connection);
    committed();
  };
  driver.rollbackTransaction = async (connection) => {
    try {
      await rollback(connection);
    } finally {
      inTransaction.delete(connection);
    }
  };
  return driver;
}

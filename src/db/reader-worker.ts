// A worker thread that reads a SQLite file through its own read-only connection, one per
// connection it reads for. better-sqlite3 answers synchronously, so a read in this thread stops
// everything else here; in the worker it runs on the other core meanwhile (a text ranking while
// the matches are read, a page's rows while the facets are counted). A thread holds ~50 MB (its
// own JavaScript heap and loaded modules), so one does every kind of read.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

/** The kinds of reads, each answered by the module that asks for them (see reader-worker.mjs). */
export type ReadKind = 'rank' | 'page';

type Reply = { seq: number; value: unknown } | { seq: number; error: string };

class ReaderWorker {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly path: string,
    private readonly mmapBytes: number,
  ) {}

  /** Whether a read is under way (another may be quicker done in the asking thread). */
  get busy(): boolean {
    return this.waiting.size > 0;
  }

  private start(): Worker {
    const worker = new Worker(new URL('./reader-worker.mjs', import.meta.url), { workerData: { readerPath: this.path, mmapBytes: this.mmapBytes } });
    worker.unref();
    worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.seq);
      this.waiting.delete(m.seq);
      if ('error' in m) w?.reject(new Error(m.error));
      else w?.resolve(m.value);
    });
    const fail = (e: Error) => {
      this.worker = null;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the reading worker stopped (exit ${code})`)));
    return worker;
  }

  call(kind: ReadKind, request: unknown): Promise<unknown> {
    this.worker ??= this.start();
    const seq = ++this.seq;
    const done = new Promise<unknown>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    this.worker.postMessage({ seq, kind, request });
    return done;
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

const workers = new WeakMap<SQLite.Database, ReaderWorker>();

function workerOf(reader: SQLite.Database): ReaderWorker {
  let w = workers.get(reader);
  if (!w) workers.set(reader, (w = new ReaderWorker(reader.name, Number(reader.pragma('mmap_size', { simple: true })))));
  return w;
}

/**
 * Asks the worker reading the file `reader` reads (started by the first call; its connection
 * takes the same memory map as `reader`). An in-memory database cannot be opened twice: callers
 * read those in this thread.
 */
export function callReader<T>(reader: SQLite.Database, kind: ReadKind, request: unknown): Promise<T> {
  return workerOf(reader).call(kind, request) as Promise<T>;
}

/** Whether the worker for `reader` is reading now. */
export const readerBusy = (reader: SQLite.Database): boolean => workers.get(reader)?.busy ?? false;

/** Stops the worker reading for `reader`, if one was started (when its connection closes). */
export async function stopReader(reader: SQLite.Database): Promise<void> {
  const w = workers.get(reader);
  workers.delete(reader);
  await w?.stop();
}

export interface Answer {
  value: unknown;
  /** Buffers handed over instead of copied. */
  transfer?: ArrayBuffer[];
}

type Answerer = (db: SQLite.Database, request: never) => Answer | Promise<Answer>;
const answerers = new Map<ReadKind, Answerer>();

/** Registers how the worker answers reads of `kind` (a module loaded in any thread may call this; only the worker uses it). */
export function serveReads(kind: ReadKind, answer: Answerer): void {
  answerers.set(kind, answer);
}

/** In the worker, once every answering module is loaded (reader-worker.mjs): opens its connection and answers. */
export function answerReads(): void {
  if (!parentPort || workerData?.readerPath === undefined) throw new Error('answerReads() runs in the reading worker only');
  const port = parentPort;
  const db = new SQLite(workerData.readerPath as string, { readonly: true });
  db.pragma('busy_timeout = 5000');
  db.pragma(`mmap_size = ${Number(workerData.mmapBytes) || 0}`);
  port.on('message', async (m: { seq: number; kind: ReadKind; request: never }) => {
    try {
      const answer = answerers.get(m.kind);
      if (!answer) throw new Error(`the reading worker does not answer ${m.kind} reads`);
      const a = await answer(db, m.request);
      port.postMessage({ seq: m.seq, value: a.value }, a.transfer ?? []);
    } catch (e) {
      port.postMessage({ seq: m.seq, error: e instanceof Error ? e.message : String(e) });
    }
  });
}

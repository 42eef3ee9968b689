// Reads the archive for an index build in worker threads, each with its own SQLite connection,
// so that reading (SQLite is synchronous) and filing works into the index use both cores.
// Filing takes less time than reading at a million works, so two readers share the jobs (see
// BuildJob), and the time the main thread leaves on its core goes to reading too. PostgreSQL
// answers from its own process already, so it is read in the main thread.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { connect } from '../db/connect.ts';
import type { Db } from '../db/schema.ts';
import { buildJobs, readJob, type BuildChunk, type BuildJob } from './load.ts';
import { packChunk, unpackChunk, type PackedChunk } from './packed-chunk.ts';

type Message = { chunk: PackedChunk } | { done: true } | { error: string };

/** The shared counters: the next job to take, and how many chunks the main thread has taken in. */
const NEXT = 0;
const TAKEN = 1;
/** A reader waits to read a job while this many chunks before it are not yet taken in, so that few wait in memory for a busy main thread. */
const AHEAD = 8;

interface ReaderData {
  url: string;
  jobs: BuildJob[];
  counters: SharedArrayBuffer;
}

/**
 * The chunks of every job of a build (see buildJobs), read by `readers` worker threads from the
 * SQLite database at `url` (which `db` reads too), in the order they are read; `jobSizes`: see buildJobs.
 */
export async function* readArchiveInWorker(db: Db, url: string, readers = 2, jobSizes?: Parameters<typeof buildJobs>[1]): AsyncGenerator<BuildChunk> {
  const jobs = await buildJobs(db, jobSizes);
  const counters = new SharedArrayBuffer(8);
  const shared = new Int32Array(counters);
  const data: ReaderData = { url, jobs, counters };
  const workers = Array.from({ length: readers }, () => new Worker(new URL('./build-worker.mjs', import.meta.url), { workerData: data }));
  const queue: Message[] = [];
  let wake: (() => void) | null = null;
  const push = (m: Message) => {
    queue.push(m);
    wake?.();
  };
  for (const worker of workers) {
    let done = false;
    worker.on('message', (m: Message) => {
      done ||= 'done' in m;
      push(m);
    });
    worker.on('error', (e) => push({ error: String(e) }));
    // A reader ends by saying so (its last message), so an exit before that is an error.
    worker.on('exit', (code) => done || push({ error: `the index build worker stopped (exit ${code})` }));
  }
  let running = readers;
  try {
    while (running > 0) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const m = queue.shift()!;
      if ('error' in m) throw new Error(m.error);
      if ('done' in m) {
        running--;
        continue;
      }
      Atomics.add(shared, TAKEN, 1);
      Atomics.notify(shared, TAKEN);
      yield unpackChunk(m.chunk);
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

if (parentPort && workerData?.jobs) {
  const port = parentPort;
  const { url, jobs, counters } = workerData as ReaderData;
  const shared = new Int32Array(counters);
  // No memory map (see ConnectOptions.mmapMb): a build reads the whole file once, which would
  // count all of it as this process's resident memory for the build's length.
  const connection = connect(url);
  try {
    for (let i = Atomics.add(shared, NEXT, 1); i < jobs.length; i = Atomics.add(shared, NEXT, 1)) {
      // Every job before i was taken by a reader that has sent it or is reading it, so this wait ends.
      for (let taken = Atomics.load(shared, TAKEN); i - taken >= AHEAD; taken = Atomics.load(shared, TAKEN)) Atomics.wait(shared, TAKEN, taken, 1000);
      const { packed, transfer } = packChunk(await readJob(connection.db, jobs[i]!));
      port.postMessage({ chunk: packed }, transfer);
    }
    port.postMessage({ done: true });
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
  } finally {
    await connection.close();
  }
}

// Reads the archive for an index build in a worker thread with its own SQLite connection,
// so that reading (SQLite is synchronous) and filing works into the index use both cores:
// at a million works each is about half of a build. PostgreSQL answers from its own
// process already, so it is read in the main thread.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { connect } from '../db/connect.ts';
import { readArchive, type BuildChunk } from './load.ts';

type Message = { chunk: BuildChunk } | { done: true } | { error: string };

/** The chunks of readArchive(), read by a worker thread from the SQLite database at `url`. */
export async function* readArchiveInWorker(url: string): AsyncGenerator<BuildChunk> {
  const worker = new Worker(new URL('./build-worker.mjs', import.meta.url), { workerData: { url } });
  const queue: Message[] = [];
  let wake: (() => void) | null = null;
  const push = (m: Message) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (e) => push({ error: String(e) }));
  worker.on('exit', (code) => push(code === 0 ? { done: true } : { error: `the index build worker stopped (exit ${code})` }));
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const m = queue.shift()!;
      if ('error' in m) throw new Error(m.error);
      if ('done' in m) return;
      yield m.chunk;
    }
  } finally {
    await worker.terminate();
  }
}

if (parentPort && workerData?.url) {
  const port = parentPort;
  // No memory map (see ConnectOptions.mmapMb): a build reads the whole file once, which would
  // count all of it as this process's resident memory for the build's length.
  const connection = connect(workerData.url as string);
  try {
    for await (const chunk of readArchive(connection.db)) port.postMessage({ chunk });
    port.postMessage({ done: true });
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
  } finally {
    await connection.close();
  }
}

// Keeps a few clients requesting pages from a running server and records when
// each request started and how long it took, so a benchmark can show what
// readers saw before and during a change.
import { summarize, type Summary } from './stats.ts';

export interface Target {
  name: string;
  path: string;
}

export interface Sample {
  target: string;
  start: number;
  ms: number;
  status: number;
}

export interface WindowSummary {
  all: Summary;
  byTarget: Record<string, Summary>;
  errors: number;
}

/**
 * Starts one request loop per client; client `i` asks `next(i, turn)` what to request and pauses
 * `thinkMs` between requests, so the server is busy but not saturated and a latency shows waiting,
 * not a queue the clients built themselves. stop() ends the loops and returns every sample.
 */
export function startLoad(baseUrl: string, next: (client: number, turn: number) => Target, clients = 3, thinkMs = 100): { stop(): Promise<Sample[]> } {
  let running = true;
  const samples: Sample[] = [];
  const loop = async (client: number) => {
    for (let turn = 0; running; turn++) {
      const target = next(client, turn);
      const start = performance.now();
      let status = 0;
      try {
        const res = await fetch(baseUrl + target.path);
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0;
      }
      samples.push({ target: target.name, start, ms: performance.now() - start, status });
      if (thinkMs > 0) await new Promise((r) => setTimeout(r, thinkMs));
    }
  };
  const loops = Array.from({ length: clients }, (_, i) => loop(i));
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return samples;
    },
  };
}

/** Latencies of the requests that started in [from, to). */
export function summarizeWindow(samples: Sample[], from: number, to: number): WindowSummary {
  const inWindow = samples.filter((s) => s.start >= from && s.start < to);
  const byName = new Map<string, number[]>();
  for (const s of inWindow) {
    const list = byName.get(s.target) ?? [];
    list.push(s.ms);
    byName.set(s.target, list);
  }
  const byTarget: Record<string, Summary> = {};
  for (const [name, values] of byName) byTarget[name] = summarize(values);
  return { all: summarize(inWindow.map((s) => s.ms)), byTarget, errors: inWindow.filter((s) => s.status < 200 || s.status >= 400).length };
}

// Where a search spends its time, for the benchmark's breakdown by phase
// (bench/search.ts). Nothing is recorded unless a listener is set, so the
// server pays one null check per phase.
export const PHASES = ['resolve', 'text', 'match', 'page', 'facets', 'rank', 'present', 'snippets'] as const;
export type Phase = (typeof PHASES)[number];

let listener: ((phase: Phase, ms: number) => void) | null = null;

export function onPhase(f: ((phase: Phase, ms: number) => void) | null): void {
  listener = f;
}

/** Records the time since `started` (a performance.now() value) as spent in `phase`; returns now. */
export function phaseDone(phase: Phase, started: number): number {
  if (!listener) return started;
  const now = performance.now();
  listener(phase, now - started);
  return now;
}

/** performance.now() when someone listens, else 0 (no clock read). */
export const phaseStart = (): number => (listener ? performance.now() : 0);

// A one-line progress bar for a terminal: count, percent, rate, ETA and the current item.
// Redrawn in place with \r; anything else printed meanwhile goes through `above` so it never garbles the bar.

export interface ProgressStream {
  write(chunk: string): boolean;
  columns?: number;
}

const WIDTH = 20;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mmss = `${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** The bar's text for `done` of `total` items after `elapsedMs`, cut to fit `columns`. */
export function progressLine(done: number, total: number, elapsedMs: number, current: string, columns = 80): string {
  const fraction = total === 0 ? 1 : done / total;
  const filled = Math.round(fraction * WIDTH);
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const eta = rate > 0 ? (total - done) / rate : Infinity;
  const head = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} ${Math.floor(fraction * 100)}% ${rate.toFixed(1)} works/s ETA ${formatDuration(eta)} `;
  const room = Math.max(0, columns - 1 - head.length);
  // Keep the end of a long path: the file name is the informative part.
  const tail = current.length <= room ? current : room > 1 ? `…${current.slice(current.length - room + 1)}` : '';
  return head + tail;
}

export class ProgressBar {
  private readonly started = Date.now();
  private done = 0;
  private current = '';

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
  ) {}

  start(item: string): void {
    this.current = item;
    this.draw();
  }

  finish(): void {
    this.done++;
    this.draw();
  }

  /** Prints whole lines (a failure, say) above the bar; the bar is redrawn by the next start or finish. */
  above(write: () => void): void {
    this.clear();
    write();
  }

  clear(): void {
    this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    this.stream.write(`\r\x1b[2K${progressLine(this.done, this.total, Date.now() - this.started, this.current, this.stream.columns || 80)}`);
  }
}

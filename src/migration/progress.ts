// Progress of a long import: a bar with rate and ETA redrawn in place on a terminal, a plain line
// every few seconds otherwise (logs, CI), so neither floods the output.
export interface ProgressSink {
  start(label: string, total: number): void;
  advance(n: number): void;
  finish(): void;
}

const LINE_EVERY_MS = 5000;
const REDRAW_EVERY_MS = 100;

export class Progress implements ProgressSink {
  private label = '';
  private total = 0;
  private done = 0;
  private startedAt = 0;
  private lastDraw = 0;
  private drawnDone = -1;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly tty = Boolean(out.isTTY),
    private readonly now: () => number = Date.now,
  ) {}

  start(label: string, total: number): void {
    this.label = label;
    this.total = total;
    this.done = 0;
    this.startedAt = this.now();
    this.lastDraw = this.startedAt;
    if (!this.tty) this.out.write(total > 0 ? `${label}: ${total.toLocaleString('en-US')} to read\n` : `${label}: reading\n`);
  }

  advance(n: number): void {
    this.done += n;
    const now = this.now();
    if (now - this.lastDraw < (this.tty ? REDRAW_EVERY_MS : LINE_EVERY_MS)) return;
    this.lastDraw = now;
    this.draw(now);
  }

  finish(): void {
    const now = this.now();
    if (this.tty || this.drawnDone !== this.done) this.draw(now);
    if (this.tty) this.out.write('\n');
  }

  private draw(now: number): void {
    this.drawnDone = this.done;
    const seconds = Math.max((now - this.startedAt) / 1000, 0.001);
    const rate = this.done / seconds;
    const share = this.total > 0 ? Math.min(this.done / this.total, 1) : 1;
    const eta = rate > 0 ? Math.max(this.total - this.done, 0) / rate : 0;
    const perSecond = `${Math.round(rate).toLocaleString('en-US')}/s`;
    if (this.total <= 0) {
      // A file's length in rows is unknown until it is read: count and rate only.
      this.out.write(`${this.tty ? '\r' : ''}${this.label}: ${this.done.toLocaleString('en-US')} read  ${perSecond}${this.tty ? '\x1b[K' : '\n'}`);
      return;
    }
    const figures = `${this.done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')}  ${perSecond}  ETA ${clock(eta)}`;
    if (this.tty) {
      const width = 30;
      const filled = Math.round(share * width);
      this.out.write(`\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${figures}\x1b[K`);
    } else {
      this.out.write(`${this.label}: ${Math.floor(share * 100)}%  ${figures}\n`);
    }
  }
}

export const SILENT: ProgressSink = { start() {}, advance() {}, finish() {} };

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

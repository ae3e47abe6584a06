/**
 * What `kindling compare` shows while it works, on stderr (stdout stays the report, so `--json`
 * output is never mixed with it). On a terminal: one status line, redrawn in place (phase, time in
 * the phase, a detail such as the micro-batches Spark has written), with lasting notes printed
 * above it. Elsewhere (CI logs, pipes): plain `[compare] …` lines, one per phase and note, and a
 * reminder line every `plainEveryMs` while a phase lasts.
 *
 * ```ts
 * const progress = new ProgressDisplay(process.stderr);
 * progress.phase("starting the Spark driver");
 * progress.note("Spark is up (app-…, 12000 ms)");
 * progress.done();
 * ```
 */

/** The part of a stream the display writes to (process.stderr, or a test's fake). */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressOptions {
  /** Draw the updating status line (default: `out.isTTY`). */
  readonly tty?: boolean;
  /** Redraw interval on a terminal (default 250 ms). */
  readonly redrawMs?: number;
  /** Off a terminal, repeat the current phase with its time every this many ms (default 10 s). */
  readonly plainEveryMs?: number;
  /** The clock (tests pass their own). */
  readonly now?: () => number;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

function seconds(ms: number): string {
  return `${Math.floor(ms / 1000)} s`;
}

export class ProgressDisplay {
  readonly #out: ProgressOutput;
  readonly #tty: boolean;
  readonly #now: () => number;
  readonly #plainEveryMs: number;
  #text: string | null = null;
  #detail: (() => string) | undefined;
  #since = 0;
  #lastPlain = 0;
  #frame = 0;
  #drawn = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(out: ProgressOutput, options: ProgressOptions = {}) {
    this.#out = out;
    this.#tty = options.tty ?? out.isTTY === true;
    this.#now = options.now ?? (() => performance.now());
    this.#plainEveryMs = options.plainEveryMs ?? 10_000;
    const every = this.#tty ? (options.redrawMs ?? 250) : Math.min(1000, this.#plainEveryMs);
    this.#timer = setInterval(() => this.tick(), every);
    this.#timer.unref();
  }

  /**
   * Enters a phase: `text` says what runs, `detail` (called on each redraw) what it has done so far.
   *
   * @example progress.phase("query 1/2: Spark running", () => `${batches} batches`)
   */
  phase(text: string, detail?: () => string): void {
    this.#text = text;
    this.#detail = detail;
    this.#since = this.#now();
    this.#lastPlain = this.#since;
    if (this.#tty) this.#draw();
    else this.#out.write(`[compare] ${text}\n`);
  }

  /** A line that stays (above the status line on a terminal). */
  note(line: string): void {
    if (this.#tty) {
      this.#clear();
      this.#out.write(`${line}\n`);
      if (this.#text !== null) this.#draw();
    } else this.#out.write(`[compare] ${line}\n`);
  }

  /** Redraws (terminal) or, when the phase has lasted another `plainEveryMs`, prints a reminder line. */
  tick(): void {
    if (this.#text === null) return;
    if (this.#tty) {
      this.#frame = (this.#frame + 1) % FRAMES.length;
      this.#draw();
      return;
    }
    const now = this.#now();
    if (now - this.#lastPlain >= this.#plainEveryMs) {
      this.#lastPlain = now;
      this.#out.write(`[compare] ${this.#line(now)}\n`);
    }
  }

  /** Clears the status line and stops the timer. */
  done(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#tty) this.#clear();
    this.#text = null;
  }

  #line(now: number): string {
    const detail = this.#detail?.() ?? "";
    return `${this.#text} (${seconds(now - this.#since)}${detail === "" ? "" : `, ${detail}`})`;
  }

  #draw(): void {
    // A pseudo-terminal without a size reports 0 columns: assume a common width then.
    const columns = this.#out.columns !== undefined && this.#out.columns > 0 ? this.#out.columns : 100;
    const width = Math.max(20, columns - 1);
    let line = `${FRAMES[this.#frame]} ${this.#line(this.#now())}`;
    if (line.length > width) line = `${line.slice(0, width - 1)}…`;
    this.#out.write(`\r\x1b[2K${line}`);
    this.#drawn = true;
  }

  #clear(): void {
    if (this.#drawn) this.#out.write("\r\x1b[2K");
    this.#drawn = false;
  }
}

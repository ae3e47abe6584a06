/**
 * A progress display for a long operation in a notebook (producing records,
 * `processAllAvailable()`): shown at once (or once the work has lasted `showAfterMs`), then replaced in place under its Jupyter display id,
 * at most every `intervalMs` (250 ms: four times a second) however often the work reports, with
 * the latest state sent when the interval ends (a trailing update, so a pause in the reports never
 * leaves a stale number on screen), and one last update with the final state when the work ends.
 *
 * {@link installNotebookProgress} makes it the process's progress reporter (src/common/progress.ts):
 * inside a tslab kernel each reported operation gets one; anywhere else (kindling run, a script)
 * nothing is shown.
 */
import { randomBytes } from "node:crypto";
import { setProgressReporter, type ProgressReporter, type ProgressSpec, type ProgressTask, type ProgressUpdate } from "../../common/progress.js";
import { inTslabKernel, tslabSink, type DisplaySink } from "./kernel-output.js";
import { progressBundle, type ProgressState } from "./progress-format.js";

export interface ProgressDisplayOptions {
  /** Where the display goes (the tslab kernel when installed by {@link installNotebookProgress}). */
  readonly sink: DisplaySink;
  /** Least milliseconds between two updates; default 250. */
  readonly intervalMs?: number;
  /** The clock, in milliseconds (tests pass their own). Default performance.now. */
  readonly now?: () => number;
}

export const PROGRESS_INTERVAL_MS = 250;

/** One operation's in-place progress display. */
export class ProgressDisplay implements ProgressTask {
  readonly shown = true;
  /** The Jupyter display id its updates carry. */
  readonly displayId = randomBytes(8).toString("hex");
  /** Messages sent: the first display, then each update (the final one included). */
  published = 0;
  private state: ProgressState;
  private readonly started: number;
  private lastSent: number;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  private hidden = false;
  private readonly sink: DisplaySink;
  private readonly intervalMs: number;
  private readonly now: () => number;

  /**
   * Shows the starting state.
   *
   * @example
   * const p = new ProgressDisplay({ title: "producing to rides", unit: "records", total: 1000 }, { sink: tslabSink });
   * p.update({ done: 500, total: 1000 });
   * p.finish("produced 1,000 records to rides in 0.4 s");
   */
  constructor(spec: ProgressSpec, options: ProgressDisplayOptions) {
    this.sink = options.sink;
    this.intervalMs = Math.max(1, options.intervalMs ?? PROGRESS_INTERVAL_MS);
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.state = { title: spec.title, unit: spec.unit, phase: "running", done: 0, elapsedMs: 0, ...(spec.total === undefined ? {} : { total: spec.total }) };
    this.lastSent = this.started;
    const delay = spec.showAfterMs ?? 0;
    if (delay <= 0) {
      this.send(false, false);
      return;
    }
    // Shown only if the work outlasts the delay; a quick call leaves nothing behind.
    this.hidden = true;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.ended) return;
      this.hidden = false;
      this.state = { ...this.state, elapsedMs: this.now() - this.started };
      this.send(false, false);
    }, delay);
    this.timer.unref();
  }

  /** True until it has been shown (with `showAfterMs`, while the work is younger than that). */
  get isHidden(): boolean {
    return this.hidden;
  }

  /** The state as last reported (what the next update shows). */
  get current(): ProgressState {
    return this.state;
  }

  update(update: ProgressUpdate): void {
    if (this.ended) return;
    this.state = this.withUpdate(update, "running");
    if (this.hidden) return; // the first display sends the latest state
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0) {
      this.clearTimer();
      this.send(true, false);
      return;
    }
    // Throttled: the latest state goes out when the interval ends (one timer at a time).
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.ended) this.send(true, false);
      }, wait);
      this.timer.unref();
    }
  }

  finish(summary: string, update?: ProgressUpdate): void {
    this.end({ ...this.withUpdate(update ?? {}, "done"), summary });
  }

  fail(message: string): void {
    this.end({ ...this.withUpdate({}, "failed"), summary: message });
  }

  private end(state: ProgressState): void {
    if (this.ended) return;
    this.ended = true;
    this.clearTimer();
    this.state = state;
    if (this.hidden) return; // never shown: the work was quicker than showAfterMs
    this.send(true, true);
  }

  private withUpdate(update: Partial<ProgressUpdate>, phase: ProgressState["phase"]): ProgressState {
    const { detail: _oldDetail, ...rest } = this.state;
    const total = update.total ?? rest.total;
    const detail = update.detail ?? (phase === "running" ? undefined : _oldDetail);
    return {
      ...rest,
      phase,
      done: update.done ?? rest.done,
      elapsedMs: this.now() - this.started,
      ...(total === undefined ? {} : { total }),
      ...(detail === undefined ? {} : { detail }),
    };
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private send(update: boolean, final: boolean): void {
    this.lastSent = this.now();
    this.published += 1;
    try {
      this.sink.publish(progressBundle(this.state), { displayId: this.displayId, update, final });
    } catch {
      // A kernel that went away ends the display, never the work it follows.
      this.ended = true;
      this.clearTimer();
    }
  }
}

/** The reporter {@link installNotebookProgress} installs: a display inside a tslab kernel, nothing elsewhere. */
export const notebookProgressReporter: ProgressReporter = (spec) => (inTslabKernel() ? new ProgressDisplay(spec, { sink: tslabSink }) : null);

/**
 * Makes long operations show progress in notebooks (done when Kindling's display module loads).
 *
 * @example
 * installNotebookProgress(); // then produceRecords(...) in a tslab cell shows a progress bar
 */
export function installNotebookProgress(): void {
  setProgressReporter(notebookProgressReporter);
}

/**
 * Progress of a long operation (producing records, `processAllAvailable()`), reported by the layer
 * that does the work and shown by whoever installed a reporter: in a tslab notebook, an in-place
 * display with a progress bar (src/notebook/display/progress-display.ts); anywhere else nothing.
 *
 * The work imports only this file, so connectors and streaming never depend on the notebook layer
 * (imports point one way: notebook → streaming → … → common). Reporting costs one function call
 * per update when nobody listens.
 */

/** What an operation reports as it goes. */
export interface ProgressUpdate {
  /** Units done so far (records sent, offsets processed). */
  readonly done: number;
  /** Units to do, when known: the bar is determinate then. */
  readonly total?: number;
  /** A short line beside the numbers ("batch 7", "offsets 1,500 / 5,000"). */
  readonly detail?: string;
}

/** One running operation's progress. Calls after finish() or fail() are ignored. */
export interface ProgressTask {
  /** False for the no-op task (nobody shows it): callers may skip work done only to report. */
  readonly shown: boolean;
  update(update: ProgressUpdate): void;
  /** The final state, kept on screen: e.g. "produced 100,000 records to rides_csv in 3.2 s". */
  finish(summary: string, update?: ProgressUpdate): void;
  /** The operation failed: the message is kept on screen. */
  fail(message: string): void;
}

/** What is starting. */
export interface ProgressSpec {
  /** "producing to rides_csv", "processAllAvailable: counts". */
  readonly title: string;
  /** The unit of `done` and `total`: "records", "offsets"; "" shows no count, only the time (an operation in phases). */
  readonly unit: string;
  readonly total?: number;
  /**
   * Show nothing unless the operation is still running after this many milliseconds (default 0:
   * at once). For calls often made in loops (`processAllAvailable()`), so only a long one leaves
   * a display behind.
   */
  readonly showAfterMs?: number;
}

/** Makes a task for an operation that starts, or returns null to show nothing. */
export type ProgressReporter = (spec: ProgressSpec) => ProgressTask | null;

const NO_PROGRESS: ProgressTask = Object.freeze({ shown: false, update() {}, finish() {}, fail() {} });

let reporter: ProgressReporter | null = null;

/**
 * Installs the reporter (one per process; the notebook display installs itself when Kindling is
 * imported). Returns the one it replaced, so a test can put it back.
 */
export function setProgressReporter(next: ProgressReporter | null): ProgressReporter | null {
  const previous = reporter;
  reporter = next;
  return previous;
}

/**
 * Starts reporting an operation's progress: a no-op task unless a reporter shows it.
 *
 * @example
 * const task = startProgress({ title: `producing to ${topic}`, unit: "records", total: records.length });
 * task.update({ done: 1000, total: records.length });
 * task.finish(`produced ${records.length} records to ${topic} in 1.2 s`);
 */
export function startProgress(spec: ProgressSpec): ProgressTask {
  if (reporter === null) return NO_PROGRESS;
  try {
    return reporter(spec) ?? NO_PROGRESS;
  } catch {
    // Showing progress never fails the operation it follows.
    return NO_PROGRESS;
  }
}

/** A progress task driven by phases ("starting the Spark driver", "running in Kindling"), as `kindling compare` reports. */
export interface PhasedProgress {
  /** Enters a phase; `detail()`, when given, is asked again while the phase lasts ("3 batches written"). */
  phase(text: string, detail?: () => string): void;
  /** A line worth keeping: shown under the final state. */
  note(line: string): void;
  finish(summary: string): void;
  fail(message: string): void;
}

/**
 * Adapts a task to phases: the title stays, the phase (with its detail, re-read every `pollMs`)
 * is the line under it, the count is the phases entered, and notes are kept for the final state.
 * The shape of compare's progress callback (src/bridge/compare), so a notebook can follow it:
 *
 * @example
 * const progress = phasedProgress(startProgress({ title: "compare", unit: "" }));
 * progress.phase("starting a PySpark driver", () => `${Math.round(performance.now() / 1000)} s`);
 * progress.finish("agree: 14 rows match");
 */
export function phasedProgress(task: ProgressTask, pollMs = 250): PhasedProgress {
  let phases = 0;
  let text = "";
  let detail: (() => string) | undefined;
  const notes: string[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  const line = (): string => {
    let d = "";
    try {
      d = detail?.() ?? "";
    } catch {
      d = "";
    }
    return d === "" ? text : `${text} · ${d}`;
  };
  const stop = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const withNotes = (s: string): string => (notes.length === 0 ? s : `${s}\n${notes.map((n) => `  ${n}`).join("\n")}`);
  return {
    phase(next, nextDetail) {
      stop();
      phases += 1;
      text = next;
      detail = nextDetail;
      task.update({ done: phases, detail: line() });
      if (nextDetail !== undefined && task.shown) {
        timer = setInterval(() => task.update({ done: phases, detail: line() }), pollMs);
        timer.unref();
      }
    },
    note(n) {
      notes.push(n);
    },
    finish(summary) {
      stop();
      task.finish(withNotes(summary), { done: phases });
    },
    fail(message) {
      stop();
      task.fail(withNotes(message));
    },
  };
}

import { startProgress } from "../common/progress.js";
import { CatchUpTracker } from "./catch-up-progress.js";
import type { MicroBatchExecution } from "./micro-batch-execution.js";
import type { StreamingQueryProgress, StreamingQueryStatus } from "./progress.js";
import type { StreamingQueryException } from "./streaming-query-exception.js";

/** What a handle reads of the query it stands for: a local MicroBatchExecution, or a query running on Spark (src/bridge/remote). */
export type QueryExecution = Pick<MicroBatchExecution, "id" | "runId" | "name" | "isActive" | "status" | "lastProgress" | "recentProgress" | "exception" | "processAllAvailable" | "stop">;

/** How often processAllAvailable() looks for new batches while a progress display follows it. */
const CATCH_UP_POLL_MS = 100;
/**
 * processAllAvailable() is often called in a loop (add data, process it, look): only a call still
 * running after half a second gets a progress display, so quick ones leave nothing behind.
 * KINDLING_PROGRESS_SHOW_AFTER_MS moves that delay (read at each call; 0 shows every call).
 */
function catchUpShowAfterMs(): number {
  const text = process.env["KINDLING_PROGRESS_SHOW_AFTER_MS"];
  const raw = text === undefined || text.trim() === "" ? Number.NaN : Number(text);
  return Number.isFinite(raw) && raw >= 0 ? raw : 500;
}

/**
 * A running streaming query, as PySpark's StreamingQuery: its ids, status and progress, and the
 * means to wait for it or stop it.
 *
 * @example
 * ```ts
 * const q = df.writeStream.format("console").start();
 * await q.processAllAvailable();
 * console.log(q.lastProgress?.numInputRows);
 * await q.stop();
 * ```
 */
export class StreamingQuery {
  constructor(
    private readonly execution: QueryExecution,
    private readonly running: Promise<void>,
    private readonly onTerminated: (q: StreamingQuery) => void,
  ) {
    void running.then(() => onTerminated(this));
  }

  /** Stays the same across restarts from the same checkpoint. */
  get id(): string {
    return this.execution.id;
  }
  /** New for every start. */
  get runId(): string {
    return this.execution.runId;
  }
  get name(): string | null {
    return this.execution.name;
  }
  get isActive(): boolean {
    return this.execution.isActive;
  }
  get status(): StreamingQueryStatus {
    return this.execution.status;
  }
  get lastProgress(): StreamingQueryProgress | null {
    return this.execution.lastProgress;
  }
  get recentProgress(): readonly StreamingQueryProgress[] {
    return this.execution.recentProgress;
  }

  /** The error the query failed with, or null. */
  exception(): StreamingQueryException | null {
    return this.execution.exception;
  }

  /**
   * Waits for the query to end; rejects with its StreamingQueryException if it failed. With a
   * timeout, resolves `true` if it ended in time and `false` otherwise (PySpark's contract).
   */
  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    if (timeoutMs === undefined) {
      await this.running;
    } else {
      let timer: NodeJS.Timeout | undefined;
      const ended = await Promise.race([
        this.running.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (!ended) return false;
    }
    const error = this.execution.exception;
    if (error !== null) throw error;
    return true;
  }

  /**
   * Waits until all data available now has been processed (for tests and notebooks). In a
   * notebook, a call that lasts over half a second (KINDLING_PROGRESS_SHOW_AFTER_MS) gets a
   * progress display of the batches and offsets, kept in its final state.
   */
  async processAllAvailable(): Promise<void> {
    const label = this.name ?? `query ${this.id.slice(0, 8)}`;
    const progress = startProgress({ title: `processAllAvailable on ${label}`, unit: "rows", showAfterMs: catchUpShowAfterMs() });
    if (!progress.shown) return this.execution.processAllAvailable();
    const started = performance.now();
    const tracker = new CatchUpTracker(this.execution.lastProgress);
    const poll = (): void => {
      if (tracker.observe(this.execution.recentProgress)) progress.update(tracker.update());
    };
    // The display throttles itself; polling a little faster keeps it current.
    const timer = setInterval(poll, CATCH_UP_POLL_MS);
    timer.unref();
    try {
      await this.execution.processAllAvailable();
      tracker.observe(this.execution.recentProgress);
      progress.finish(tracker.summary(label, (performance.now() - started) / 1000), { done: tracker.rows });
    } catch (error) {
      tracker.observe(this.execution.recentProgress);
      progress.fail(`${error instanceof Error ? error.message : String(error)} (${tracker.detail()})`);
      throw error;
    } finally {
      clearInterval(timer);
    }
  }

  /** Stops the query after the batch in flight; resolves when it has stopped. */
  async stop(): Promise<void> {
    await this.execution.stop();
    // Also wait for the manager to hear of the end, so spark.streams no longer lists this query.
    await this.running;
  }

  toString(): string {
    return `<StreamingQuery id=${this.id} runId=${this.runId} name=${this.name ?? "null"}>`;
  }
}

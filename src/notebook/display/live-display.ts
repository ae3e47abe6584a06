/**
 * A display that follows a streaming query: shown once, then replaced in place (a Jupyter display
 * id) whenever what it shows changes, at most every `intervalMs` (250 ms: four times a second),
 * until the query ends; then one final update and the timer is cleared. Nothing keeps Node alive
 * on its account (the timer is unref'd), and a render that throws is shown, not rethrown.
 */
import { randomBytes } from "node:crypto";
import type { StreamingQuery } from "../../streaming/streaming-query.js";
import { autoSink, type DisplaySink, type MimeBundle } from "./kernel-output.js";

/** What a live display needs of a query. */
export type FollowedQuery = Pick<StreamingQuery, "isActive" | "awaitTermination">;

export interface LiveDisplayOptions {
  /** Milliseconds between checks for a change; at least 250. Default 250. */
  readonly intervalMs?: number;
  /** Where the display goes (default: the tslab kernel, or stdout's text outside one). */
  readonly sink?: DisplaySink;
}

export const MIN_INTERVAL_MS = 250;

/** A display that updates itself until its query ends (or {@link LiveDisplay.stop} is called). */
export class LiveDisplay {
  /** The Jupyter display id its updates carry. */
  readonly displayId = randomBytes(8).toString("hex");
  /** Resolves after the final update, once the query has ended or stop() was called. */
  readonly done: Promise<void>;
  /** Updates sent after the first display. */
  updates = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastKey: string;
  private finished = false;
  private resolveDone!: () => void;
  private readonly sink: DisplaySink;

  /**
   * Shows `render()` now and follows the query. `key()` is cheap and changes when a new render is
   * due (e.g. the last batch id and the status message).
   *
   * @example
   * const live = new LiveDisplay(query, () => ({ "text/plain": `batch ${query.lastProgress?.batchId}` }), () => String(query.lastProgress?.batchId));
   * await query.stop();
   * await live.done;
   */
  constructor(
    private readonly query: FollowedQuery,
    private readonly render: () => MimeBundle,
    private readonly key: () => string,
    options: LiveDisplayOptions = {},
  ) {
    this.sink = options.sink ?? autoSink;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.lastKey = this.key();
    this.sink.publish(this.safeRender(), { displayId: this.displayId });
    if (!query.isActive) {
      this.finish();
      return;
    }
    const intervalMs = Math.max(MIN_INTERVAL_MS, options.intervalMs ?? MIN_INTERVAL_MS);
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
    // The query's end triggers the final update at once, not at the next tick.
    query.awaitTermination().then(() => this.finish(), () => this.finish());
  }

  /** True while it is still following its query. */
  get isLive(): boolean {
    return !this.finished;
  }

  /** Stops following the query (the display keeps its last state, refreshed once more). */
  stop(): Promise<void> {
    this.finish();
    return this.done;
  }

  private tick(): void {
    if (!this.query.isActive) {
      this.finish();
      return;
    }
    const key = this.key();
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.update(false);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.timer);
    this.timer = undefined;
    try {
      this.update(true);
    } finally {
      this.resolveDone();
    }
  }

  private update(final: boolean): void {
    this.updates += 1;
    try {
      this.sink.publish(this.safeRender(), { displayId: this.displayId, update: true, final });
    } catch {
      // A kernel that went away (or a sink that throws) ends the updates, never the query.
      if (!final) this.finish();
    }
  }

  private safeRender(): MimeBundle {
    try {
      return this.render();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { "text/plain": `display failed: ${message}` };
    }
  }
}

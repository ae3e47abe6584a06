import { AnalysisError } from "../common/errors.js";
import { ListenerBus, type StreamingQueryListener } from "./listener.js";
import type { StreamingQuery } from "./streaming-query.js";

/**
 * `spark.streams`: the session's active queries, waiting on any of them, and query listeners.
 */
export class StreamingQueryManager {
  readonly listenerBus = new ListenerBus();
  private readonly queries = new Map<string, StreamingQuery>();
  private lastTerminated: StreamingQuery | null = null;
  private waiters: Array<() => void> = [];

  /** The queries still running. */
  get active(): StreamingQuery[] {
    return [...this.queries.values()].filter((q) => q.isActive);
  }

  /** The active query with this id, or null. */
  get(id: string): StreamingQuery | null {
    return this.queries.get(id) ?? null;
  }

  addListener(listener: StreamingQueryListener): void {
    this.listenerBus.add(listener);
  }

  removeListener(listener: StreamingQueryListener): void {
    this.listenerBus.remove(listener);
  }

  /** Waits until any query terminates (since the last `resetTerminated`); rethrows its error. */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    if (this.lastTerminated === null) {
      const ended = new Promise<void>((resolve) => this.waiters.push(resolve));
      if (timeoutMs === undefined) await ended;
      else {
        let timer: NodeJS.Timeout | undefined;
        const ok = await Promise.race([ended.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
        clearTimeout(timer);
        if (!ok) return false;
      }
    }
    const error = this.lastTerminated?.exception() ?? null;
    if (error !== null) throw error;
    return true;
  }

  /** Forgets terminated queries, so `awaitAnyTermination` waits for a new one. */
  resetTerminated(): void {
    this.lastTerminated = null;
  }

  /** @internal Registers a started query; refuses a second active query with the same name. */
  register(query: StreamingQuery): void {
    const name = query.name;
    if (name !== null && this.active.some((q) => q.name === name)) {
      throw new AnalysisError(`Cannot start query with name ${name} as a query with that name is already active in this SparkSession`, {
        hint: "stop the other query first, or give this one another queryName",
      });
    }
    if (this.queries.get(query.id)?.isActive === true) {
      throw new AnalysisError(`Cannot start query with id ${query.id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active.`, {
        hint: "stop the running query that uses this checkpointLocation first",
      });
    }
    this.queries.set(query.id, query);
  }

  /** @internal Called when a query ends. */
  terminated(query: StreamingQuery): void {
    this.queries.delete(query.id);
    this.lastTerminated = query;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Stops every active query (on `spark.stop()` or Ctrl-C). */
  async stopAll(): Promise<void> {
    await Promise.all(this.active.map((q) => q.stop()));
  }
}

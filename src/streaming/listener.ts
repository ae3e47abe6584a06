import type { StreamingQueryProgress } from "./progress.js";

export interface QueryStartedEvent {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly timestamp: string;
}

export interface QueryProgressEvent {
  readonly progress: StreamingQueryProgress;
}

export interface QueryIdleEvent {
  readonly id: string;
  readonly runId: string;
  readonly timestamp: string;
}

export interface QueryTerminatedEvent {
  readonly id: string;
  readonly runId: string;
  /** The error's text when the query failed, null when it stopped cleanly (Spark's `exception`). */
  readonly exception: string | null;
}

/**
 * Spark's StreamingQueryListener: implement any of the callbacks and register it with
 * `spark.streams.addListener(listener)`.
 *
 * @example
 * ```ts
 * spark.streams.addListener({ onQueryProgress: (e) => console.log(e.progress.numInputRows) });
 * ```
 */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void;
  onQueryProgress?(event: QueryProgressEvent): void;
  onQueryIdle?(event: QueryIdleEvent): void;
  onQueryTerminated?(event: QueryTerminatedEvent): void;
}

/**
 * Delivers query events to listeners. A listener that throws is reported on stderr and does not
 * stop the query or the other listeners (Spark logs and continues too).
 */
export class ListenerBus {
  private readonly listeners = new Set<StreamingQueryListener>();

  add(listener: StreamingQueryListener): void {
    this.listeners.add(listener);
  }

  remove(listener: StreamingQueryListener): void {
    this.listeners.delete(listener);
  }

  post<K extends keyof StreamingQueryListener>(kind: K, event: Parameters<NonNullable<StreamingQueryListener[K]>>[0]): void {
    for (const listener of this.listeners) {
      const callback = listener[kind] as ((e: typeof event) => void) | undefined;
      if (callback === undefined) continue;
      try {
        callback.call(listener, event);
      } catch (error) {
        process.stderr.write(`kindling: a StreamingQueryListener's ${kind} threw: ${(error as Error).message}\n`);
      }
    }
  }
}

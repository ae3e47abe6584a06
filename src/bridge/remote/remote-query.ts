/**
 * A streaming query running on Spark, seen from TypeScript: what a {@link StreamingQuery} handle
 * reads (`status`, `lastProgress`, `isActive`, `exception()`) is asked of the real Spark query
 * each time, and `stop()`, `processAllAvailable()` and the end of the query are Spark's own.
 *
 * Asking is a blocking round trip to the driver (a property read is synchronous, as in PySpark),
 * except while `processAllAvailable()` waits: then what is read comes from a state the handle
 * refreshes in the background every {@link FOLLOW_POLL_MS} (asked for, without blocking, from the
 * first read on), so a notebook's progress display can follow Spark's batches while the event loop
 * stays free. Such a read may be one poll old.
 *
 * ```ts
 * const q = df.writeStream.format("memory").queryName("counts").start();  // on a spark:// session
 * await q.processAllAvailable(); console.log(q.lastProgress?.numInputRows);
 * await q.stop();
 * ```
 */
import type { StreamingQueryProgress, StreamingQueryStatus } from "../../streaming/progress.js";
import type { QueryExecution } from "../../streaming/streaming-query.js";
import { StreamingQueryException } from "../../streaming/streaming-query-exception.js";
import type { DriverReply, RemoteSparkDriver } from "./remote-driver.js";
import { sparkError } from "./spark-error.js";

interface QueryState {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly isActive: boolean;
  readonly status: StreamingQueryStatus;
  readonly lastProgress: StreamingQueryProgress | null;
  readonly recentProgress: readonly StreamingQueryProgress[];
  readonly exception: string | null;
}

function stateOf(reply: DriverReply): QueryState {
  return reply as unknown as QueryState;
}

/** How often the state is asked for while processAllAvailable() waits and someone reads it. */
export const FOLLOW_POLL_MS = 250;

/** The execution behind a StreamingQuery handle whose query runs on Spark. */
export class RemoteQueryExecution implements QueryExecution {
  #state: QueryState;
  #ended = false;
  /** processAllAvailable() calls waiting on Spark. */
  #catchingUp = 0;
  #following = false;
  /** Resolves when Spark's query has terminated (stopped, finished or failed). */
  readonly running: Promise<void>;

  constructor(
    private readonly driver: RemoteSparkDriver,
    started: DriverReply,
  ) {
    this.#state = stateOf(started);
    this.running = this.driver.request({ op: "query", queryId: this.#state.id, what: "await" }).then(
      (reply) => {
        this.#state = stateOf(reply);
        this.#ended = true;
      },
      (error: unknown) => {
        // The driver went away: the query is gone with it.
        this.#state = { ...this.#state, isActive: false, exception: error instanceof Error ? error.message : String(error) };
        this.#ended = true;
      },
    );
  }

  private fresh(): QueryState {
    if (this.#ended) return this.#state;
    if (this.#catchingUp > 0) {
      this.#follow();
      return this.#state;
    }
    this.#state = stateOf(this.driver.requestSync({ op: "query", queryId: this.#state.id, what: "state" }, 60_000));
    return this.#state;
  }

  /** Refreshes the state in the background until processAllAvailable() returns (one loop at a time). */
  #follow(): void {
    if (this.#following) return;
    this.#following = true;
    const id = this.#state.id;
    void (async () => {
      try {
        while (this.#catchingUp > 0 && !this.#ended) {
          const reply = await this.driver.request({ op: "query", queryId: id, what: "state" });
          // A reply that comes after processAllAvailable's own would be older than it.
          if (this.#catchingUp > 0 && !this.#ended) this.#state = stateOf(reply);
          await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
        }
      } catch {
        // Following is for display only: processAllAvailable() and `running` report a driver that failed.
      } finally {
        this.#following = false;
      }
    })();
  }

  get id(): string {
    return this.#state.id;
  }
  get runId(): QueryExecution["runId"] {
    return this.#state.runId as QueryExecution["runId"];
  }
  get name(): string | null {
    return this.#state.name;
  }
  get isActive(): boolean {
    return this.fresh().isActive;
  }
  get status(): StreamingQueryStatus {
    return this.fresh().status;
  }
  get lastProgress(): StreamingQueryProgress | null {
    return this.fresh().lastProgress;
  }
  get recentProgress(): readonly StreamingQueryProgress[] {
    return this.fresh().recentProgress;
  }
  /** Spark's StreamingQueryException for a failed query, or null. */
  get exception(): StreamingQueryException | null {
    const s = this.fresh();
    if (s.exception === null) return null;
    return new StreamingQueryException(s.name, s.id, s.runId, s.lastProgress?.batchId ?? -1, sparkError({ type: "StreamingQueryException", message: s.exception }));
  }

  /** Waits until Spark has processed all data available now. */
  async processAllAvailable(): Promise<void> {
    this.#catchingUp++;
    try {
      const reply = await this.driver.request({ op: "query", queryId: this.#state.id, what: "processAllAvailable" });
      this.#catchingUp--;
      this.#state = stateOf(reply);
    } catch (error) {
      this.#catchingUp--;
      throw error;
    }
  }

  /** Stops Spark's query; resolves once it has stopped. */
  async stop(): Promise<void> {
    if (this.#ended) return;
    this.#state = stateOf(await this.driver.request({ op: "query", queryId: this.#state.id, what: "stop" }));
    await this.running;
  }
}

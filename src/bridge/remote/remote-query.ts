/**
 * A streaming query running on Spark, seen from TypeScript: what a {@link StreamingQuery} handle
 * reads (`status`, `lastProgress`, `isActive`, `exception()`) is asked of the real Spark query
 * each time, and `stop()`, `processAllAvailable()` and the end of the query are Spark's own.
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

/** The execution behind a StreamingQuery handle whose query runs on Spark. */
export class RemoteQueryExecution implements QueryExecution {
  #state: QueryState;
  #ended = false;
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
    this.#state = stateOf(this.driver.requestSync({ op: "query", queryId: this.#state.id, what: "state" }, 60_000));
    return this.#state;
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
    this.#state = stateOf(await this.driver.request({ op: "query", queryId: this.#state.id, what: "processAllAvailable" }));
  }

  /** Stops Spark's query; resolves once it has stopped. */
  async stop(): Promise<void> {
    if (this.#ended) return;
    this.#state = stateOf(await this.driver.request({ op: "query", queryId: this.#state.id, what: "stop" }));
    await this.running;
  }
}

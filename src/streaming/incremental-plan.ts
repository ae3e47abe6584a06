import type { Batch } from "../physical/vector.js";
import type { StructType } from "../types/data-types.js";
import type { Checkpoint, QueryFingerprint } from "./checkpoint/checkpoint.js";
import type { StateOperatorProgress } from "./progress.js";

/** What one micro-batch gets to work on. */
export interface BatchInput {
  readonly batchId: number;
  /** The new rows of each source, in source order (empty for a source with no new data). */
  readonly inputs: readonly (readonly Batch[])[];
  /** The event-time watermark this batch runs with (ms since the epoch; 0 before any): stateful operators evict with it. */
  readonly watermarkMs: number;
  /**
   * The previous batch's watermark: stateful operators drop input rows as late against it, not
   * against `watermarkMs` (Spark ≥ 3.4, SPARK-40925: eventTimeWatermarkForLateEvents). Checked with
   * PySpark 4.1.1: a row whose window ends exactly at the current watermark is still aggregated.
   */
  readonly lateEventsWatermarkMs: number;
  /** The batch's processing time, which `current_timestamp()` returns in it. */
  readonly batchTimestampMs: number;
}

/** Event-time statistics of one batch's input, for `progress.eventTime`. */
export interface EventTimeStats {
  readonly minMs: number;
  readonly maxMs: number;
  readonly avgMs: number;
  readonly count: number;
}

/** What a micro-batch produced. */
export interface BatchOutcome {
  /** The rows for the sink, as the output mode dictates (appended, updated, or the complete result). */
  readonly output: readonly Batch[];
  readonly schema: StructType;
  /** The largest event time each watermark operator saw (ms), or null when it saw no row. */
  readonly eventTimeMaxMs: readonly (number | null)[];
  readonly eventTimeStats: EventTimeStats | null;
  readonly stateOperators: readonly StateOperatorProgress[];
}

/**
 * A streaming query's plan, compiled to run one micro-batch at a time: the streaming engine
 * (sources → stateless transforms → stateful operators with their state) as the driver needs it.
 * The driver owns offsets, the watermark, triggers and the sink; the plan owns the rows and state.
 */
export interface IncrementalPlan {
  readonly fingerprint: QueryFingerprint;
  /** The delay of each `withWatermark` in the plan, in ms (empty when there is none). */
  readonly watermarkDelaysMs: readonly number[];
  /** True when output or state can change with the watermark alone, so a batch without data may still emit or evict. */
  readonly hasStatefulOperators: boolean;
  runBatch(input: BatchInput): Promise<BatchOutcome>;
  /** Makes the state after batch `batchId` durable (in the checkpoint when there is one). */
  commitState(batchId: number, checkpoint: Checkpoint | null): Promise<void>;
  /**
   * Loads the state as of the last committed batch (-1: none) when a query restarts. `pinnedConf`
   * holds the settings the checkpoint was written with that must not change across restarts
   * (`spark.sql.shuffle.partitions`), which win over the session's.
   */
  restoreState(lastCommittedBatchId: number, checkpoint: Checkpoint | null, pinnedConf?: Readonly<Record<string, string>>): Promise<void>;
}

import type { Batch } from "../physical/vector.js";
import type { StructType } from "../types/data-types.js";

/**
 * A source's position, as the JSON text Spark writes into the offsets log (e.g. Kafka's
 * `{"rides":{"0":42}}`, the rate source's `{"offset":5,"timestamp":1000}`). Opaque to the driver:
 * only the source compares or interprets its own offsets.
 */
export type OffsetJson = string;

/** How much one micro-batch may read (Spark's ReadLimit; `maxOffsetsPerTrigger`, `maxFilesPerTrigger`…). */
export interface ReadLimit {
  /** Read everything available (Trigger.Once, or no limit option). */
  readonly all: boolean;
}

/**
 * A streaming source as the micro-batch driver sees it (Spark's MicroBatchStream): it says how far
 * data is available and hands over the rows of a range of offsets, again identically after a
 * restart, which is what makes a checkpointed query exactly-once.
 */
export interface StreamSource {
  /** For progress reports, e.g. `KafkaV2[Subscribe[rides_csv]]`. */
  readonly description: string;
  readonly schema: StructType;
  /**
   * The end offset of the next batch starting at `start` (null: the very beginning), within the
   * limit, or `start` itself (or null) when there is nothing new.
   */
  latestOffset(start: OffsetJson | null, limit: ReadLimit): Promise<OffsetJson | null>;
  /** The rows after `start` up to and including `end`. Must give the same rows again for the same range. */
  getBatch(start: OffsetJson | null, end: OffsetJson): Promise<Batch[]>;
  /** Data up to `end` is committed by the sink and may be forgotten. */
  commit(end: OffsetJson): Promise<void>;
  /** Releases connections, timers and buffers. */
  stop(): Promise<void>;
  /**
   * For Trigger.AvailableNow: fixes the end of the data to process (what is available now), so the
   * query stops there even if more arrives. Sources without it are read up to their latest offset.
   */
  prepareForTriggerAvailableNow?(): Promise<void>;
  /** Gives the source its own folder in the checkpoint (`<checkpoint>/sources/<i>`), before the first batch is planned. */
  attachCheckpoint?(sourceDir: string): void;
  /**
   * For a source that is handed its data in this process (a MemoryStream): calls `listener` each
   * time data arrives, so that a query idling under the default trigger plans its next batch at
   * once instead of at its next poll (up to `pollingDelayMs` later). Returns the unsubscribe
   * function. Sources that must ask elsewhere (Kafka, files) leave it out and are polled.
   */
  onNewData?(listener: () => void): () => void;
}

/** A streaming sink (Spark's Sink / StreamingWrite): receives each batch's result once per batch id. */
export interface StreamSink {
  readonly description: string;
  /**
   * Adds the rows of batch `batchId`. A batch id may come again after a crash, with the same rows:
   * a sink that must not duplicate (file, memory) skips batch ids it has already committed.
   */
  addBatch(batchId: number, batches: readonly Batch[], schema: StructType): Promise<void>;
  /** Optional clean-up when the query stops. */
  stop?(): Promise<void>;
}

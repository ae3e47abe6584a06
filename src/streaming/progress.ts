/**
 * A micro-batch's progress report with Spark's field names, so `query.lastProgress` reads the same
 * in Kindling and PySpark, and the JSON of one parses as the other's.
 * (Spark: sql/core/.../streaming/progress.scala, StreamingQueryProgress and friends.)
 */
export interface StateOperatorProgress {
  readonly operatorName: string;
  readonly numRowsTotal: number;
  readonly numRowsUpdated: number;
  readonly allUpdatesTimeMs: number;
  readonly numRowsRemoved: number;
  readonly allRemovalsTimeMs: number;
  readonly commitTimeMs: number;
  readonly memoryUsedBytes: number;
  readonly numRowsDroppedByWatermark: number;
  readonly numShufflePartitions: number;
  readonly numStateStoreInstances: number;
  readonly customMetrics: Readonly<Record<string, number>>;
}

export interface SourceProgress {
  readonly description: string;
  readonly startOffset: unknown;
  readonly endOffset: unknown;
  readonly latestOffset: unknown;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  readonly metrics?: Readonly<Record<string, string>>;
}

export interface SinkProgress {
  readonly description: string;
  readonly numOutputRows: number;
  readonly metrics?: Readonly<Record<string, string>>;
}

export interface StreamingQueryProgress {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  /** ISO-8601 with milliseconds, UTC, as Spark formats it: `2026-11-26T01:10:51.284Z`. */
  readonly timestamp: string;
  readonly batchId: number;
  readonly batchDuration: number;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  readonly durationMs: Readonly<Record<string, number>>;
  /** `watermark`, and `avg`/`max`/`min` of the batch's event times when the query has a watermark. */
  readonly eventTime: Readonly<Record<string, string>>;
  readonly stateOperators: readonly StateOperatorProgress[];
  readonly sources: readonly SourceProgress[];
  readonly sink: SinkProgress;
  readonly observedMetrics?: Readonly<Record<string, unknown>>;
}

/** `query.status`, as Spark reports it. */
export interface StreamingQueryStatus {
  readonly message: string;
  readonly isDataAvailable: boolean;
  readonly isTriggerActive: boolean;
}

/** Formats epoch milliseconds as Spark's progress timestamps do (UTC, millisecond precision). */
export function progressTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Rows per second as Spark computes it: rows over the elapsed seconds, 0 when no time elapsed
 * (Spark's ProgressReporter returns Double.NaN → 0.0 in JSON for an empty interval).
 */
export function rowsPerSecond(rows: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (rows * 1000) / elapsedMs : 0;
}

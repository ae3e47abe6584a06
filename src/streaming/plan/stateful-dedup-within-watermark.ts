import { schemaOf } from "../../logical/analyzer.js";
import type { ResolvedPlan } from "../../logical/plan.js";
import { rowKey } from "../../physical/kernels/group-ids.js";
import { concatBatches, takeBatch } from "../../physical/kernels/take.js";
import type { Batch, Vec } from "../../physical/vector.js";
import type { StateOperatorProgress } from "../progress.js";
import { bigintCodec, KeyedState } from "../state/keyed-state.js";

type DistinctNode = Extract<ResolvedPlan, { kind: "distinct" }>;

/**
 * Streaming `dropDuplicatesWithinWatermark(subset)` (Spark 3.5+, StreamingDeduplicateWithinWatermarkExec):
 *
 * - rows whose event time is at or below the late-events watermark (the previous batch's) are
 *   dropped as late, before deduplication;
 * - the first row of a key passes and the key is stored with `expiresAtMicros` = that row's event
 *   time + the watermark delay; later rows of the key are dropped while it is stored, whatever
 *   their event time (the expiry is never moved);
 * - after the batch's rows, every key whose expiry is at or below the current watermark is evicted,
 *   so a key seen again after that passes again.
 *
 * Unlike `dropDuplicates`, the event time need not be in the key: the state stays bounded anyway.
 * (Spark: sql/core/.../streaming/operators/stateful/statefulOperators.scala, BaseStreamingDeduplicateExec.)
 */
export class StatefulDedupWithinWatermark {
  /** Key → expiresAtMicros. */
  readonly state: KeyedState<bigint>;

  constructor(
    readonly operatorId: number,
    private readonly node: DistinctNode,
    /** Ordinal of the watermarked event-time column in the child's output. */
    private readonly eventTimeOrdinal: number,
    /** The watermark delay of that column, in microseconds. */
    private readonly delayMicros: bigint,
    /** `spark.sql.shuffle.partitions`: the partitions of the state (state-partition.ts). */
    numPartitions = 1,
  ) {
    this.state = new KeyedState(numPartitions, bigintCodec);
  }

  describe(): string {
    return `dedupWithinWatermark(${this.node.keyIndices.map((i) => this.node.child.output[i]!.name).join(",")})`;
  }

  run(input: readonly Batch[], watermarkMs: number, lateWatermarkMs: number): { output: Batch; progress: StateOperatorProgress } {
    const started = performance.now();
    const rows = concatBatches(input, schemaOf(this.node.child.output));
    const keys = this.node.keyIndices.map((i) => rows.columns[i]!);
    const time = rows.columns[this.eventTimeOrdinal]!;
    const late = BigInt(lateWatermarkMs) * 1000n;
    const keep: number[] = [];
    let droppedLate = 0;
    let droppedDuplicates = 0;
    for (let i = 0; i < rows.numRows; i++) {
      const t = eventTimeAt(time, i);
      // `eventTime <= watermark` is null for a null event time, so such a row is not late.
      if (t !== null && t <= late) {
        droppedLate++;
        continue;
      }
      const k = rowKey(keys, i);
      if (this.state.has(k)) {
        droppedDuplicates++;
        continue;
      }
      // Spark reads the event time with UnsafeRow.getLong, which is 0 for a null.
      this.state.set(k, (t ?? 0n) + this.delayMicros);
      keep.push(i);
    }
    const updatesDone = performance.now();
    const wm = BigInt(watermarkMs) * 1000n;
    const removed = this.state.removeWhere((expiresAt) => wm >= expiresAt);
    const output = { ...takeBatch(rows, Int32Array.from(keep)), schema: schemaOf(this.node.output) };
    return {
      output,
      progress: {
        operatorName: "dedupeWithinWatermark",
        numRowsTotal: this.state.size,
        numRowsUpdated: keep.length,
        allUpdatesTimeMs: Math.round(updatesDone - started),
        numRowsRemoved: removed,
        allRemovalsTimeMs: Math.round(performance.now() - updatesDone),
        commitTimeMs: 0,
        memoryUsedBytes: this.state.size * 56,
        numRowsDroppedByWatermark: droppedLate,
        numShufflePartitions: this.state.numPartitions,
        numStateStoreInstances: this.state.numPartitions,
        customMetrics: { numDroppedDuplicateRows: droppedDuplicates },
      },
    };
  }
}

/** The event time (µs) of row `i`, null when null. Timestamps are BigInt64Array-backed. */
function eventTimeAt(v: Vec, i: number): bigint | null {
  if (v.valid !== null && v.valid[i] === 0) return null;
  return (v.values as BigInt64Array)[i]!;
}

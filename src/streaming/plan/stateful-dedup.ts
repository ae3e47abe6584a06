import { schemaOf } from "../../logical/analyzer.js";
import type { ResolvedPlan } from "../../logical/plan.js";
import { rowKey } from "../../physical/kernels/group-ids.js";
import { concatBatches, takeBatch } from "../../physical/kernels/take.js";
import { getValue, type Batch } from "../../physical/vector.js";
import type { StateOperatorProgress } from "../progress.js";
import { KeyedState, nullableBigintCodec } from "../state/keyed-state.js";

type DistinctNode = Extract<ResolvedPlan, { kind: "distinct" }>;

/**
 * Streaming `dropDuplicates(subset)` (Spark's StreamingDeduplicateExec): the first row of every key
 * passes, later ones are dropped. When the input has a watermarked event time, rows at or below the
 * previous batch's watermark are dropped as late, key or not (WatermarkSupport's predicate on the
 * child's output); when the key holds that event time, keys at or below the current watermark are
 * forgotten, so the state stays bounded; otherwise the state keeps every key ever seen.
 */
export class StatefulDedup {
  /** Every key seen (and not yet forgotten), with its event time when the key holds one. */
  readonly state: KeyedState<bigint | null>;

  constructor(
    readonly operatorId: number,
    private readonly node: DistinctNode,
    /** Position, within the key columns, of the watermarked event-time column (null: none). */
    private readonly eventTimeKey: number | null,
    /** Ordinal of the watermarked event-time column in the child's output, for late rows (null: none). */
    private readonly lateTimeOrdinal: number | null = null,
    /** `spark.sql.shuffle.partitions`: the partitions of the state (state-partition.ts). */
    numPartitions = 1,
  ) {
    this.state = new KeyedState(numPartitions, nullableBigintCodec);
  }

  get hasEventTimeKey(): boolean {
    return this.eventTimeKey !== null;
  }

  describe(): string {
    return `dedup(${this.node.keyIndices.map((i) => this.node.child.output[i]!.name).join(",")})`;
  }

  run(input: readonly Batch[], watermarkMs: number, lateWatermarkMs: number): { output: Batch; progress: StateOperatorProgress } {
    const started = performance.now();
    const rows = concatBatches(input, schemaOf(this.node.child.output));
    const keys = this.node.keyIndices.map((i) => rows.columns[i]!);
    const late = BigInt(lateWatermarkMs) * 1000n;
    const lateTime = this.lateTimeOrdinal === null ? null : rows.columns[this.lateTimeOrdinal]!;
    const keep: number[] = [];
    let dropped = 0;
    let duplicates = 0;
    for (let i = 0; i < rows.numRows; i++) {
      const eventTime = lateTime === null ? null : (getValue(lateTime, i) as bigint | null);
      if (eventTime !== null && eventTime <= late) {
        dropped++;
        continue;
      }
      const t = this.eventTimeKey === null ? null : (getValue(keys[this.eventTimeKey]!, i) as bigint | null);
      const k = rowKey(keys, i);
      if (this.state.has(k)) {
        duplicates++;
        continue;
      }
      this.state.set(k, t);
      keep.push(i);
    }
    let removed = 0;
    if (this.eventTimeKey !== null) {
      const wm = BigInt(watermarkMs) * 1000n;
      removed = this.state.removeWhere((t) => t !== null && t <= wm);
    }
    const output = { ...takeBatch(rows, Int32Array.from(keep)), schema: schemaOf(this.node.output) };
    return {
      output,
      progress: {
        operatorName: "dedupe",
        numRowsTotal: this.state.size,
        numRowsUpdated: keep.length,
        allUpdatesTimeMs: Math.round(performance.now() - started),
        numRowsRemoved: removed,
        allRemovalsTimeMs: 0,
        commitTimeMs: 0,
        memoryUsedBytes: this.state.size * 48,
        numRowsDroppedByWatermark: dropped,
        numShufflePartitions: this.state.numPartitions,
        numStateStoreInstances: this.state.numPartitions,
        // Spark's BaseStreamingDeduplicateExec reports this one custom metric.
        customMetrics: { numDroppedDuplicateRows: duplicates },
      },
    };
  }
}

import { schemaOf } from "../../logical/analyzer.js";
import type { ResolvedPlan } from "../../logical/plan.js";
import { rowKey } from "../../physical/kernels/group-ids.js";
import { concatBatches, takeBatch } from "../../physical/kernels/take.js";
import { getValue, type Batch } from "../../physical/vector.js";
import type { StateOperatorProgress } from "../progress.js";

type DistinctNode = Extract<ResolvedPlan, { kind: "distinct" }>;
type MapKey = string | number | bigint | boolean;

/**
 * Streaming `dropDuplicates(subset)` (Spark's StreamingDeduplicateExec): the first row of every key
 * passes, later ones are dropped. When the input has a watermarked event time, rows at or below the
 * previous batch's watermark are dropped as late, key or not (WatermarkSupport's predicate on the
 * child's output); when the key holds that event time, keys at or below the current watermark are
 * forgotten, so the state stays bounded; otherwise the state keeps every key ever seen.
 */
export class StatefulDedup {
  private readonly seen = new Map<MapKey, bigint | null>();

  constructor(
    readonly operatorId: number,
    private readonly node: DistinctNode,
    /** Position, within the key columns, of the watermarked event-time column (null: none). */
    private readonly eventTimeKey: number | null,
    /** Ordinal of the watermarked event-time column in the child's output, for late rows (null: none). */
    private readonly lateTimeOrdinal: number | null = null,
  ) {}

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
      if (this.seen.has(k)) {
        duplicates++;
        continue;
      }
      this.seen.set(k, t);
      keep.push(i);
    }
    let removed = 0;
    if (this.eventTimeKey !== null) {
      const wm = BigInt(watermarkMs) * 1000n;
      for (const [k, t] of this.seen) {
        if (t !== null && t <= wm) {
          this.seen.delete(k);
          removed++;
        }
      }
    }
    const output = { ...takeBatch(rows, Int32Array.from(keep)), schema: schemaOf(this.node.output) };
    return {
      output,
      progress: {
        operatorName: "dedupe",
        numRowsTotal: this.seen.size,
        numRowsUpdated: keep.length,
        allUpdatesTimeMs: Math.round(performance.now() - started),
        numRowsRemoved: removed,
        allRemovalsTimeMs: 0,
        commitTimeMs: 0,
        memoryUsedBytes: this.seen.size * 48,
        numRowsDroppedByWatermark: dropped,
        numShufflePartitions: 1,
        numStateStoreInstances: 1,
        // Spark's BaseStreamingDeduplicateExec reports this one custom metric.
        customMetrics: { numDroppedDuplicateRows: duplicates },
      },
    };
  }

  snapshot(): string {
    return JSON.stringify([...this.seen].map(([k, t]) => [typeof k === "bigint" ? { $big: k.toString() } : k, t === null ? null : t.toString()]));
  }

  restore(text: string): void {
    this.seen.clear();
    for (const [k, t] of JSON.parse(text) as Array<[MapKey | { $big: string }, string | null]>) {
      const key = typeof k === "object" && k !== null ? BigInt(k.$big) : k;
      this.seen.set(key, t === null ? null : BigInt(t));
    }
  }
}

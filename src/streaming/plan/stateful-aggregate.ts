import { schemaOf } from "../../logical/analyzer.js";
import type { ResolvedPlan } from "../../logical/plan.js";
import { evaluate, ordinalsOf } from "../../physical/eval/evaluate.js";
import type { PartialGroups } from "../../physical/kernels/partial-aggregate.js";
import { partialOfRows, type AggregateSpec } from "../../parallel/partition-task.js";
import type { ExecContext } from "../../physical/exec-context.js";
import { concatBatches } from "../../physical/kernels/take.js";
import type { Batch } from "../../physical/vector.js";
import type { StateOperatorProgress } from "../progress.js";
import { AggregateState, type StoredGroup, type TouchedGroups } from "../state/aggregate-state.js";
import type { OutputMode } from "./output-mode.js";

type AggregateNode = Extract<ResolvedPlan, { kind: "aggregate" }>;

/** One micro-batch's merge in progress: the groups it touched (first-touch order), the late rows dropped, the time spent updating state. */
export interface PartialMerge {
  readonly touched: TouchedGroups;
  dropped: number;
  updateMs: number;
}

/** Which grouping key carries event time, and whether it is a `window` struct (compared by its end). */
export interface EventTimeKey {
  readonly index: number;
  readonly isWindow: boolean;
}

/**
 * A streaming aggregation (Spark's StateStoreRestore/StateStoreSave pair): folds each batch's rows
 * into the running per-group state and emits, by output mode, every group (complete), the groups
 * this batch changed (update), or the groups the watermark has closed (append). Rows for which the
 * event-time key is at or below the previous batch's watermark are dropped as late; groups at or
 * below the current watermark are evicted after they were emitted.
 */
export class StatefulAggregate {
  readonly state: AggregateState;

  constructor(
    readonly operatorId: number,
    private readonly node: AggregateNode,
    private readonly mode: OutputMode,
    private readonly eventTimeKey: EventTimeKey | null,
    ansi: boolean,
    /** `spark.sql.shuffle.partitions`: how many partitions the state is split into (state-partition.ts). */
    numPartitions = 1,
  ) {
    // aggOutput holds the grouping keys first, then one attribute per aggregate call.
    const keyTypes = node.aggOutput.slice(0, node.groupExprs.length).map((a) => a.dataType);
    this.state = new AggregateState(node.aggCalls, keyTypes, ansi, numPartitions);
  }

  /** True when a watermark bounds this aggregation's state. */
  get hasEventTimeKey(): boolean {
    return this.eventTimeKey !== null;
  }

  /** The state schema, for the checkpoint's fingerprint. */
  describe(): string {
    const keys = this.node.aggOutput.slice(0, this.node.groupExprs.length).map((a) => `${a.name}:${a.dataType.kind}`).join(",");
    const aggs = this.node.aggCalls.map((c) => c.name).join(",");
    return `aggregate(${keys};${aggs})`;
  }

  /** The partial half of this aggregation as data, for partition tasks (see src/parallel). */
  partialSpec(): AggregateSpec {
    return { groupExprs: this.node.groupExprs, aggCalls: this.node.aggCalls, childOutput: this.node.child.output, eventTimeKey: this.eventTimeKey };
  }

  /** Runs one micro-batch over its input rows on this thread (one slice: all rows). */
  run(input: readonly Batch[], watermarkMs: number, lateWatermarkMs: number, ctx: ExecContext): { output: Batch; progress: StateOperatorProgress } {
    const started = performance.now();
    const rows = concatBatches(input, schemaOf(this.node.child.output));
    return this.runPartials([partialOfRows(this.partialSpec(), rows, ctx, lateWatermarkMs)], watermarkMs, ctx, started);
  }

  /**
   * Runs one micro-batch from the partial aggregates of its input slices, merged into the state
   * in slice order (so the result is the same however many threads computed the partials).
   */
  runPartials(partials: readonly (PartialGroups & { readonly dropped: number })[], watermarkMs: number, ctx: ExecContext, started = performance.now()): { output: Batch; progress: StateOperatorProgress } {
    const merge = this.beginMerge();
    merge.updateMs = performance.now() - started;
    for (const p of partials) this.mergeOne(merge, p);
    return this.finishMerge(merge, watermarkMs, ctx);
  }

  /** Starts a micro-batch's merge; partials then go in with {@link mergeOne}, in slice order, and {@link finishMerge} emits. */
  beginMerge(): PartialMerge {
    return { touched: [], dropped: 0, updateMs: 0 };
  }

  /** Merges one slice's partial aggregate into the state (slices in input order). */
  mergeOne(merge: PartialMerge, partial: PartialGroups & { readonly dropped: number }): void {
    const t0 = performance.now();
    this.state.mergePartial(partial, merge.touched);
    merge.dropped += partial.dropped;
    merge.updateMs += performance.now() - t0;
  }

  /** Emits the micro-batch's rows by output mode and evicts what the watermark closed. */
  finishMerge(merge: PartialMerge, watermarkMs: number, ctx: ExecContext): { output: Batch; progress: StateOperatorProgress } {
    const node = this.node;
    const touched = this.state.touchedGroups(merge.touched);
    this.state.recordTouched(merge.touched);
    const dropped = merge.dropped;
    const updateMs = merge.updateMs;

    let emit: StoredGroup[];
    let removed: StoredGroup[] = [];
    const expired = this.expiredPredicate(watermarkMs);
    if (this.mode === "complete") {
      emit = this.state.all();
    } else if (this.mode === "update") {
      emit = touched;
      if (expired !== null) removed = this.state.evict(expired);
    } else {
      emit = expired === null ? [] : this.state.evict(expired);
      removed = emit;
    }
    const mid: Batch = { schema: schemaOf(node.aggOutput), numRows: emit.length, columns: this.state.materialize(emit) };
    this.state.remove(removed);
    const midOrds = ordinalsOf(node.aggOutput);
    const output: Batch = { schema: schemaOf(node.output), numRows: emit.length, columns: node.resultExprs.map((e) => evaluate(e, mid, midOrds, ctx)) };
    return {
      output,
      progress: {
        operatorName: "stateStoreSave",
        numRowsTotal: this.state.size,
        numRowsUpdated: touched.length,
        allUpdatesTimeMs: Math.round(updateMs),
        numRowsRemoved: removed.length,
        allRemovalsTimeMs: 0,
        commitTimeMs: 0,
        memoryUsedBytes: this.state.estimatedBytes(),
        numRowsDroppedByWatermark: dropped,
        numShufflePartitions: this.state.numPartitions,
        numStateStoreInstances: this.state.numPartitions,
        customMetrics: {},
      },
    };
  }

  private expiredPredicate(watermarkMs: number): ((key: readonly unknown[]) => boolean) | null {
    if (this.eventTimeKey === null) return null;
    const { index, isWindow } = this.eventTimeKey;
    const wm = BigInt(watermarkMs) * 1000n;
    return (key) => {
      const v = key[index];
      if (v === null || v === undefined) return false;
      const t = isWindow ? ((v as unknown[])[1] as bigint) : (v as bigint);
      return t <= wm;
    };
  }
}

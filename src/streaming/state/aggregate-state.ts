import { AnalysisError, NotImplementedError } from "../../common/errors.js";
import type { AggCall } from "../../logical/plan.js";
import { emptyBuffer, finalValue, mergeBuffer, type AggBuffer, type PartialGroups } from "../../physical/kernels/partial-aggregate.js";
import { getValue, vectorFromValues, type Vec } from "../../physical/vector.js";
import type { DataType } from "../../types/data-types.js";
import { stateKeyFunction, typedStateKeyFunction, type StateKey } from "./state-key.js";
import { valueAt } from "../../physical/columnar-struct.js";

/** One group's key values (physical) and aggregate buffers. */
export interface GroupState {
  readonly key: readonly unknown[];
  readonly buffers: AggBuffer[];
}

/**
 * The state of a streaming aggregation: every group seen (and not yet evicted by the watermark)
 * with the running value of each aggregate, updated row by row from each micro-batch. This is
 * what Spark keeps in its state store between batches (StateStoreSaveExec); the aggregates are
 * merged exactly as a batch aggregation over all rows would compute them.
 */
export class AggregateState {
  readonly groups = new Map<StateKey, GroupState>();
  private readonly keyOf: (values: readonly unknown[]) => StateKey;

  constructor(
    private readonly calls: readonly AggCall[],
    private readonly keyTypes: readonly DataType[],
    private readonly ansi: boolean,
  ) {
    this.keyOf = stateKeyFunction(keyTypes);
    for (const call of calls) {
      if (call.distinct) {
        throw new AnalysisError("Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.", {
          hint: "drop DISTINCT, or deduplicate first with dropDuplicates() and a watermark",
        });
      }
      if (call.name === "avg" && call.args[0] !== undefined && "dataType" in call.args[0] && (call.args[0] as { dataType: DataType }).dataType.kind === "decimal") {
        throw new NotImplementedError("avg() of a DECIMAL column is not supported in Kindling's streaming aggregation yet", { hint: "cast the column to double first" });
      }
    }
  }

  /**
   * Merges one slice's partial aggregate into the state (Spark's final aggregation over the
   * partials), adding the map keys of the groups it touched to `touched` in first-touch order.
   * Slices must be merged in input order: first/last and collect_list depend on it, and float sums
   * are only reproducible when added in the same order.
   */
  mergePartial(partial: PartialGroups, touched: Set<StateKey>): void {
    const keys = partial.keys;
    const calls = this.calls;
    // Keys read in place from typed columns when the partial has them (the windowed count's
    // partials do), else from each group's values; both give the same keys (state-key.ts).
    const keyAt = typedStateKeyFunction(this.keyTypes, keys);
    const counts = partial.counts;
    const values = new Array<unknown>(keys.length);
    for (let g = 0; g < partial.numGroups; g++) {
      let mapKey: StateKey;
      if (keyAt !== null) {
        mapKey = keyAt(g);
      } else {
        for (let c = 0; c < keys.length; c++) values[c] = getValue(keys[c]!, g);
        mapKey = this.keyOf(values);
      }
      let group = this.groups.get(mapKey);
      if (group === undefined) {
        group = { key: keys.map((k) => valueAt(k, g)), buffers: calls.map((c) => emptyBuffer(c)) };
        this.groups.set(mapKey, group);
      }
      touched.add(mapKey);
      if (counts !== undefined) {
        // mergeBuffer of two counts, without a buffer object per partial group.
        for (let c = 0; c < calls.length; c++) (group.buffers[c] as Extract<AggBuffer, { kind: "count" }>).n += counts[c]![g]!;
        continue;
      }
      const from = partial.buffers[g]!;
      for (let c = 0; c < calls.length; c++) mergeBuffer(calls[c]!, group.buffers[c]!, from[c]!, this.ansi);
    }
  }

  /** The groups' key columns and final aggregate values, as the aggregate's output columns. */
  materialize(mapKeys: readonly (StateKey)[]): Vec[] {
    const groups = mapKeys.map((k) => this.groups.get(k)!);
    const keyCols = this.keyTypes.map((t, c) => vectorFromValues(t, groups.map((g) => g.key[c])));
    const aggCols = this.calls.map((call, c) => vectorFromValues(call.dataType, groups.map((g) => finalValue(call, g.buffers[c]!))));
    return [...keyCols, ...aggCols];
  }

  /** Removes the groups for which `expired(key)` is true; returns their map keys (for append mode output). */
  evict(expired: (key: readonly unknown[]) => boolean): Array<StateKey> {
    const gone: Array<StateKey> = [];
    for (const [mapKey, group] of this.groups) if (expired(group.key)) gone.push(mapKey);
    return gone;
  }

  remove(mapKeys: readonly (StateKey)[]): void {
    for (const k of mapKeys) this.groups.delete(k);
  }

  /** A JSON-safe snapshot (bigints as tagged strings) for the checkpoint. */
  snapshot(): string {
    return JSON.stringify([...this.groups.entries()], (_k, v: unknown) => (typeof v === "bigint" ? { $big: v.toString() } : v instanceof Set ? { $set: [...v] } : v));
  }

  restore(text: string): void {
    const entries = JSON.parse(text, (_k, v: unknown) => {
      if (v !== null && typeof v === "object" && "$big" in v) return BigInt((v as { $big: string }).$big);
      if (v !== null && typeof v === "object" && "$set" in v) return new Set((v as { $set: unknown[] }).$set);
      return v;
    }) as Array<[StateKey, GroupState]>;
    this.groups.clear();
    // Keys are recomputed from the groups' values, so a checkpoint written with another key
    // scheme (an older Kindling) restores to the same groups.
    for (const [, g] of entries) this.groups.set(this.keyOf(g.key), g);
  }

  /** A rough size of the state for progress reports (`memoryUsedBytes`). */
  estimatedBytes(): number {
    return this.groups.size * (64 + 32 * (this.keyTypes.length + this.calls.length));
  }
}

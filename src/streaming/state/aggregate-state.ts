import { AnalysisError, NotImplementedError } from "../../common/errors.js";
import type { AggCall } from "../../logical/plan.js";
import { overflowError } from "../../physical/eval/ansi-errors.js";
import { compareValues, groupKeyOf } from "../../physical/kernels/compare-values.js";
import { anyKeyNull, rowKey } from "../../physical/kernels/group-ids.js";
import { getValue, vectorFromValues, type Vec } from "../../physical/vector.js";
import type { DataType } from "../../types/data-types.js";

/** The running value of one aggregate for one group. */
type Buffer =
  | { kind: "count"; n: number }
  | { kind: "sum"; value: number | bigint | null }
  | { kind: "avg"; sum: number; n: number }
  | { kind: "minmax"; value: unknown }
  | { kind: "firstlast"; value: unknown; set: boolean }
  | { kind: "collect"; values: unknown[]; seen: Set<unknown> | null };

/** One group's key values (physical) and aggregate buffers. */
export interface GroupState {
  readonly key: readonly unknown[];
  readonly buffers: Buffer[];
}

const LMIN = -(2n ** 63n);
const LMAX = 2n ** 63n - 1n;

/**
 * The state of a streaming aggregation: every group seen (and not yet evicted by the watermark)
 * with the running value of each aggregate, updated row by row from each micro-batch. This is
 * what Spark keeps in its state store between batches (StateStoreSaveExec); the aggregates are
 * merged exactly as a batch aggregation over all rows would compute them.
 */
export class AggregateState {
  readonly groups = new Map<string | number | bigint | boolean, GroupState>();

  constructor(
    private readonly calls: readonly AggCall[],
    private readonly keyTypes: readonly DataType[],
    private readonly ansi: boolean,
  ) {
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
   * Folds `n` rows into the state: `keys` are the grouping columns, `args[c]` the argument columns
   * of aggregate call c. Rows for which `skip(i)` is true (late rows) are left out. Returns the
   * map keys of the groups this batch touched, in first-touch order.
   */
  update(keys: readonly Vec[], args: readonly (readonly Vec[])[], n: number, skip: ((i: number) => boolean) | null): Array<string | number | bigint | boolean> {
    const touched = new Set<string | number | bigint | boolean>();
    for (let i = 0; i < n; i++) {
      if (skip !== null && skip(i)) continue;
      const mapKey = keys.length === 0 ? "" : rowKey(keys, i);
      let group = this.groups.get(mapKey);
      if (group === undefined) {
        group = { key: keys.map((k) => getValue(k, i)), buffers: this.calls.map((c) => emptyBuffer(c)) };
        this.groups.set(mapKey, group);
      }
      touched.add(mapKey);
      for (let c = 0; c < this.calls.length; c++) this.fold(this.calls[c]!, group.buffers[c]!, args[c]!, i);
    }
    return [...touched];
  }

  private fold(call: AggCall, b: Buffer, args: readonly Vec[], i: number): void {
    switch (b.kind) {
      case "count":
        if (!anyKeyNull(args, i)) b.n += 1;
        return;
      case "sum": {
        const v = getValue(args[0]!, i);
        if (v === null) return;
        if (typeof v === "bigint" || call.dataType.kind === "long" || call.dataType.kind === "decimal") {
          const x = typeof v === "bigint" ? v : BigInt(v as number);
          let s = ((b.value as bigint | null) ?? 0n) + x;
          if (call.dataType.kind === "long" && (s > LMAX || s < LMIN)) {
            if (this.ansi) throw overflowError("long", "try_sum");
            s = BigInt.asIntN(64, s);
          }
          b.value = s;
        } else {
          b.value = ((b.value as number | null) ?? 0) + (v as number);
        }
        return;
      }
      case "avg": {
        const v = getValue(args[0]!, i);
        if (v === null) return;
        b.sum += Number(v);
        b.n += 1;
        return;
      }
      case "minmax": {
        const v = getValue(args[0]!, i);
        if (v === null) return;
        const type = args[0]!.type;
        if (b.value === null || (call.name === "min" ? compareValues(type, v, b.value) < 0 : compareValues(type, v, b.value) > 0)) b.value = v;
        return;
      }
      case "firstlast": {
        const v = getValue(args[0]!, i);
        if (call.ignoreNulls && v === null) return;
        if (call.name === "first" && b.set) return;
        b.value = v;
        b.set = true;
        return;
      }
      case "collect": {
        const v = getValue(args[0]!, i);
        if (v === null) return;
        if (b.seen !== null) {
          const k = groupKeyOf(args[0]!.type, v);
          if (b.seen.has(k)) return;
          b.seen.add(k);
        }
        b.values.push(v);
        return;
      }
    }
  }

  /** The groups' key columns and final aggregate values, as the aggregate's output columns. */
  materialize(mapKeys: readonly (string | number | bigint | boolean)[]): Vec[] {
    const groups = mapKeys.map((k) => this.groups.get(k)!);
    const keyCols = this.keyTypes.map((t, c) => vectorFromValues(t, groups.map((g) => g.key[c])));
    const aggCols = this.calls.map((call, c) => vectorFromValues(call.dataType, groups.map((g) => finalValue(call, g.buffers[c]!))));
    return [...keyCols, ...aggCols];
  }

  /** Removes the groups for which `expired(key)` is true; returns their map keys (for append mode output). */
  evict(expired: (key: readonly unknown[]) => boolean): Array<string | number | bigint | boolean> {
    const gone: Array<string | number | bigint | boolean> = [];
    for (const [mapKey, group] of this.groups) if (expired(group.key)) gone.push(mapKey);
    return gone;
  }

  remove(mapKeys: readonly (string | number | bigint | boolean)[]): void {
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
    }) as Array<[string | number, GroupState]>;
    this.groups.clear();
    for (const [k, g] of entries) this.groups.set(k, g);
  }

  /** A rough size of the state for progress reports (`memoryUsedBytes`). */
  estimatedBytes(): number {
    return this.groups.size * (64 + 32 * (this.keyTypes.length + this.calls.length));
  }
}

function emptyBuffer(call: AggCall): Buffer {
  switch (call.name) {
    case "count": return { kind: "count", n: 0 };
    case "sum": return { kind: "sum", value: null };
    case "avg": return { kind: "avg", sum: 0, n: 0 };
    case "min": case "max": return { kind: "minmax", value: null };
    case "first": case "last": return { kind: "firstlast", value: null, set: false };
    case "collect_list": return { kind: "collect", values: [], seen: null };
    case "collect_set": return { kind: "collect", values: [], seen: new Set() };
  }
}

function finalValue(call: AggCall, b: Buffer): unknown {
  switch (b.kind) {
    case "count": return BigInt(b.n);
    case "sum": return b.value;
    case "avg": return b.n === 0 ? null : b.sum / b.n;
    case "minmax": return b.value;
    case "firstlast": return b.value;
    case "collect": return [...b.values];
  }
}

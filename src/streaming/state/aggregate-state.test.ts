import { describe, expect, it } from "vitest";
import type { AggCall } from "../../logical/plan.js";
import { partialAggregate, type PartialGroups } from "../../physical/kernels/partial-aggregate.js";
import { vectorFromValues, vectorToValues } from "../../physical/vector.js";
import { DoubleType, IntegerType, LongType, StringType } from "../../types/data-types.js";
import { AggregateState, type TouchedGroups } from "./aggregate-state.js";
import { stateKeyFunction } from "./state-key.js";
import { statePartitionOf } from "./state-partition.js";

const CALLS: AggCall[] = [
  { name: "count", args: [], distinct: false, ignoreNulls: false, dataType: LongType(), nullable: false },
  { name: "sum", args: [{ kind: "attr", exprId: 3, name: "x", dataType: DoubleType(), nullable: true }], distinct: false, ignoreNulls: false, dataType: DoubleType(), nullable: true },
];
const KEY_TYPES = [IntegerType(), StringType()];
const bigints = (_k: string, v: unknown): unknown => (typeof v === "bigint" ? { $big: v.toString() } : v);

/** The state's groups with their partitions, in a canonical order (restores insert in file order). */
function canonical(state: AggregateState): string[] {
  return state.all().map((g) => JSON.stringify([g.partition, g.group], bigints)).sort();
}

/** One slice's partial: rows (k, name, x) grouped by (k, name), counting rows and summing x. */
function partialOf(rows: readonly (readonly [number | null, string | null, number | null])[]): PartialGroups & { dropped: number } {
  const keys = [vectorFromValues(IntegerType(), rows.map((r) => r[0])), vectorFromValues(StringType(), rows.map((r) => r[1]))];
  const args = [[vectorFromValues(LongType(), rows.map(() => 1n))], [vectorFromValues(DoubleType(), rows.map((r) => r[2]))]];
  return { ...partialAggregate(keys, args, CALLS, rows.length), dropped: 0 };
}

const SLICES = [
  [[1, "a", 1.5], [2, "b", 2], [1, "a", null], [null, "a", 4]],
  [[3, null, 1], [2, "b", 0.25], [4, "d", 8], [5, "e", 1]],
  [[1, "a", 10], [6, "f", 3], [7, "g", 2], [null, "a", 1]],
] as const;

/** Every slice merged into a state of n partitions: the emitted rows in output order. */
function run(n: number): { state: AggregateState; touched: TouchedGroups; rows: unknown[][] } {
  const state = new AggregateState(CALLS, KEY_TYPES, true, n);
  const touched: TouchedGroups = [];
  for (const s of SLICES) state.mergePartial(partialOf(s), touched);
  const cols = state.materialize(state.touchedGroups(touched)).map(vectorToValues);
  return { state, touched, rows: cols[0]!.map((_v, r) => cols.map((c) => c[r])) };
}

describe("AggregateState in partitions", () => {
  it("holds the same groups and values for any partition count, emitted partition by partition", () => {
    const one = run(1);
    const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r, bigints)).sort();
    for (const n of [2, 7, 200]) {
      const { state, rows } = run(n);
      expect(sorted(rows)).toEqual(sorted(one.rows));
      expect(state.size).toBe(one.state.size);
      // Output order: ascending partition, then first touch within one (the two slices' order).
      const keyOf = stateKeyFunction(KEY_TYPES);
      const parts = rows.map((r) => statePartitionOf(keyOf([r[0], r[1]]), n));
      expect(parts).toEqual([...parts].sort((a, b) => a - b));
      const all = state.all();
      expect(all.map((g) => g.partition)).toEqual(parts);
    }
    expect(one.rows[0]).toEqual([1, "a", 3n, 11.5]);
  });

  it("gives a checkpoint the groups a batch put and the keys it removed, which rebuild the state from the snapshot before", () => {
    const state = new AggregateState(CALLS, KEY_TYPES, true, 7);
    state.trackChanges = true;
    const copy = new AggregateState(CALLS, KEY_TYPES, true, 7);
    const apply = (changes: Map<number, string>) => { for (const text of changes.values()) copy.applyDelta(text); };
    // Batch 0: the first slice. Its changes name only the partitions it touched.
    const first: TouchedGroups = [];
    state.mergePartial(partialOf(SLICES[0]), first);
    state.recordTouched(first);
    const changes0 = state.takeChanges();
    expect([...changes0.keys()]).toEqual(first.flatMap((keys, p) => (keys === undefined ? [] : [p])));
    apply(changes0);
    expect(canonical(copy)).toEqual(canonical(state));
    expect(state.takeChanges().size).toBe(0);
    // Batch 1: the other slices, then a removal (as a watermark's eviction) of a group it touched and of one it did not.
    const second: TouchedGroups = [];
    state.mergePartial(partialOf(SLICES[1]), second);
    state.mergePartial(partialOf(SLICES[2]), second);
    state.recordTouched(second);
    const gone = state.evict((key) => key[0] === 6 || key[0] === 2);
    expect(gone).toHaveLength(2);
    state.remove(gone);
    const changes1 = state.takeChanges();
    expect(changes1.size).toBeLessThan(7);
    apply(changes1);
    expect(canonical(copy)).toEqual(canonical(state));
    // Without a checkpoint nothing is recorded (no record growing batch after batch).
    const untracked = new AggregateState(CALLS, KEY_TYPES, true, 7);
    const t: TouchedGroups = [];
    untracked.mergePartial(partialOf(SLICES[0]), t);
    untracked.recordTouched(t);
    expect(untracked.takeChanges().size).toBe(0);
  });

  it("restores partition snapshots, a whole-state snapshot and the old [mapKey, group] form into any partition count", () => {
    const { state } = run(7);
    const expected = canonical(run(5).state);
    const fromParts = new AggregateState(CALLS, KEY_TYPES, true, 5);
    for (let p = 0; p < 7; p++) fromParts.restore(state.snapshotPartition(p));
    expect(canonical(fromParts)).toEqual(expected);
    const fromWhole = new AggregateState(CALLS, KEY_TYPES, true, 5);
    fromWhole.restore(state.snapshot());
    expect(canonical(fromWhole)).toEqual(expected);
    // A checkpoint of Kindling before partitioned state: [mapKey, group] pairs, keys of another scheme.
    const old = JSON.stringify(state.all().map((g, i) => [`old-${i}`, g.group]), bigints);
    const fromOld = new AggregateState(CALLS, KEY_TYPES, true, 5);
    fromOld.restore(old);
    expect(canonical(fromOld)).toEqual(expected);
  });

  it("repartitions only while empty", () => {
    const state = new AggregateState(CALLS, KEY_TYPES, true, 3);
    state.repartition(9);
    expect(state.numPartitions).toBe(9);
    state.mergePartial(partialOf(SLICES[0]), []);
    expect(() => state.repartition(4)).toThrow(/repartitioned from 9 to 4 partitions while it held groups/);
  });
});

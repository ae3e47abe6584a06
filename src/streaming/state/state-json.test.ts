import { describe, expect, it } from "vitest";
import { BinaryType, DoubleType, LongType } from "../../types/data-types.js";
import type { AggCall } from "../../logical/plan.js";
import { partialAggregate } from "../../physical/kernels/partial-aggregate.js";
import { vectorFromValues, vectorToValues } from "../../physical/vector.js";
import { AggregateState, type TouchedGroups } from "./aggregate-state.js";
import { stateFromJson, stateToJson } from "./state-json.js";

describe("state JSON", () => {
  it("brings back what plain JSON loses: bigints, bytes, NaN, ±Infinity, -0 and sets", () => {
    const bytes = new Uint8Array([9, 1, 2, 3]).subarray(1); // a view at an offset
    const value = [2n ** 70n, -5n, bytes, NaN, Infinity, -Infinity, -0, 0, 1.5, new Set(["a", 2]), null, "x", [true]];
    const back = stateFromJson(stateToJson(value)) as unknown[];
    expect(back[0]).toBe(2n ** 70n);
    expect(back[2]).toEqual(new Uint8Array([1, 2, 3]));
    expect(back.slice(3, 9)).toEqual([NaN, Infinity, -Infinity, -0, 0, 1.5]);
    expect(Object.is(back[6], -0) && Object.is(back[7], 0)).toBe(true);
    expect(back[9]).toEqual(new Set(["a", 2]));
    expect(back.slice(10)).toEqual([null, "x", [true]]);
  });

  it("lets an aggregation grouped by a binary key, with infinite, NaN and -0 aggregates, restore to the same groups", () => {
    const calls: AggCall[] = [
      { name: "max", args: [], distinct: false, ignoreNulls: false, dataType: DoubleType(), nullable: true },
      { name: "sum", args: [], distinct: false, ignoreNulls: false, dataType: DoubleType(), nullable: true },
      { name: "count", args: [], distinct: false, ignoreNulls: false, dataType: LongType(), nullable: false },
    ];
    const keys = [new Uint8Array([1]), new Uint8Array([2, 0]), new Uint8Array([1]), new Uint8Array([3])];
    const xs = [Infinity, -0, 5, NaN];
    const partial = partialAggregate([vectorFromValues(BinaryType(), keys)], [[vectorFromValues(DoubleType(), xs)], [vectorFromValues(DoubleType(), xs)], [vectorFromValues(LongType(), xs.map(() => 1n))]], calls, keys.length);
    const state = new AggregateState(calls, [BinaryType()], true, 3);
    state.trackChanges = true;
    const touched: TouchedGroups = [];
    state.mergePartial(partial, touched);
    state.recordTouched(touched);
    const rows = (s: AggregateState) => {
      const cols = s.materialize(s.all()).map(vectorToValues);
      return cols[0]!.map((_v, r) => cols.map((c) => c[r]));
    };
    const expected = rows(state);
    expect(expected).toContainEqual([new Uint8Array([1]), Infinity, Infinity, 2n]);
    expect(expected).toContainEqual([new Uint8Array([3]), NaN, NaN, 1n]);
    const fromSnapshots = new AggregateState(calls, [BinaryType()], true, 3);
    for (let p = 0; p < 3; p++) fromSnapshots.restore(state.snapshotPartition(p));
    const fromDeltas = new AggregateState(calls, [BinaryType()], true, 3);
    for (const text of state.takeChanges().values()) fromDeltas.applyDelta(text);
    // The max of a lone -0.0 is -0.0 (Spark prints it so).
    const negativeZero = (rs: unknown[][]) => Object.is(rs.find((r) => (r[0] as Uint8Array).length === 2)![1], -0);
    expect(negativeZero(expected)).toBe(true);
    for (const restored of [fromSnapshots, fromDeltas]) {
      expect(rows(restored)).toEqual(expected);
      expect(negativeZero(rows(restored))).toBe(true);
    }
  });
});

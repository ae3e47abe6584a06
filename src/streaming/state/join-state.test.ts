import { describe, expect, it } from "vitest";
import { JoinSideState } from "./join-state.js";

describe("JoinSideState", () => {
  it("keeps rows per key in arrival order and removes them by a predicate", () => {
    const s = new JoinSideState();
    s.append(1, [1], [1, 100n], false);
    s.append(2, [2], [2, 50n], false);
    const third = s.append(1, [1], [1, 200n], false);
    third.matched = true;
    expect(s.get(1).map((r) => r.values[1])).toEqual([100n, 200n]);
    expect(s.numRows).toBe(3);
    const gone = s.removeWhere((_key, r) => (r.values[1] as bigint) <= 100n);
    expect(gone.map((r) => r.values)).toEqual([[1, 100n], [2, 50n]]);
    expect(s.get(2)).toEqual([]);
    expect(s.get(1)).toEqual([{ values: [1, 200n], matched: true }]);
    expect(s.numRows).toBe(1);
  });

  it("restores from its snapshot with bigints, bytes, special doubles and matched flags intact", () => {
    const s = new JoinSideState();
    s.append(7n, [7n], [7n, new Uint8Array([0, 255]), Number.NaN, -0, Number.NEGATIVE_INFINITY, "s", null, [1n, 2n]], true);
    s.append("k\u0002", ["k"], ["k", 1.5], false);
    const copy = new JoinSideState();
    copy.restore(s.snapshot());
    expect(copy.numRows).toBe(2);
    const row = copy.get(7n)[0]!;
    expect(row.matched).toBe(true);
    expect(row.values[0]).toBe(7n);
    expect(row.values[1]).toEqual(new Uint8Array([0, 255]));
    expect(row.values[2]).toBeNaN();
    expect(Object.is(row.values[3], -0)).toBe(true);
    expect(row.values.slice(4)).toEqual([Number.NEGATIVE_INFINITY, "s", null, [1n, 2n]]);
    expect(copy.get("k\u0002")).toEqual([{ values: ["k", 1.5], matched: false }]);
  });
});

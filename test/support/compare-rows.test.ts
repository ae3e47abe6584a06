import { describe, expect, it } from "vitest";
import { compareRows, expectSameRows, formatRowDiff, formatValue, valuesEqual } from "./compare-rows.js";

describe("valuesEqual", () => {
  it("treats NaN as equal to NaN and 0 as equal to -0, as Spark does", () => {
    expect(valuesEqual(Number.NaN, Number.NaN)).toBe(true);
    expect(valuesEqual(0, -0)).toBe(true);
    expect(valuesEqual(Number.NaN, 0)).toBe(false);
    expect(valuesEqual(Infinity, Infinity)).toBe(true);
    expect(valuesEqual(Infinity, -Infinity)).toBe(false);
    expect(valuesEqual(Infinity, 1e308)).toBe(false);
  });

  it("accepts floats within 1e-9 relative and rejects beyond", () => {
    expect(valuesEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(valuesEqual(1e6, 1e6 * (1 + 5e-10))).toBe(true);
    expect(valuesEqual(1e6, 1e6 * (1 + 2e-9))).toBe(false);
    expect(valuesEqual(1e-20, 0)).toBe(false);
    expect(valuesEqual(1e-20, 0, { relTol: 1e-9, absTol: 1e-12 })).toBe(true);
  });

  it("never lets integers pass by tolerance", () => {
    expect(valuesEqual(2_147_483_646, 2_147_483_647)).toBe(false);
    expect(valuesEqual(9_007_199_254_740_993n, 9_007_199_254_740_992n)).toBe(false);
  });

  it("compares numbers and bigints by value", () => {
    expect(valuesEqual(5, 5n)).toBe(true);
    expect(valuesEqual(5n, 5)).toBe(true);
    expect(valuesEqual(5.5, 5n)).toBe(false);
    expect(valuesEqual("5", 5)).toBe(false);
  });

  it("compares nulls, bytes, dates, arrays and objects structurally", () => {
    expect(valuesEqual(null, undefined)).toBe(true);
    expect(valuesEqual(null, 0)).toBe(false);
    expect(valuesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(valuesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(valuesEqual(new Date(5), new Date(5))).toBe(true);
    expect(valuesEqual([1, [2, Number.NaN]], [1, [2, Number.NaN]])).toBe(true);
    expect(valuesEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(valuesEqual({ a: 1, b: [0.3] }, { b: [0.1 + 0.2], a: 1n })).toBe(true);
    expect(valuesEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(valuesEqual({ a: 1 }, { b: 1 })).toBe(false);
  });
});

describe("compareRows", () => {
  it("ignores order unless asked, and counts duplicates (multiset)", () => {
    expect(compareRows([[1], [2], [2]], [[2], [1], [2]]).equal).toBe(true);
    const dup = compareRows([[1], [2], [2]], [[1], [1], [2]]);
    expect(dup.equal).toBe(false);
    expect(dup.matched).toBe(2);
    expect(dup.onlyLeft).toEqual([[2]]);
    expect(dup.onlyRight).toEqual([[1]]);
  });

  it("matches rows by tolerance when no exact match exists", () => {
    const cmp = compareRows([["a", 0.1 + 0.2], ["b", Number.NaN]], [["b", Number.NaN], ["a", 0.3]]);
    expect(cmp).toMatchObject({ equal: true, matched: 2 });
  });

  it("compares position by position when ordered", () => {
    const cmp = compareRows([[1], [2], [3]], [[2], [1]], { ordered: true });
    expect(cmp.matched).toBe(0);
    expect(cmp.differing.map((d) => d.columns)).toEqual([[0], [0]]);
    expect(cmp.onlyLeft).toEqual([[3]]);
    expect(cmp.onlyRight).toEqual([]);
  });

  it("pairs near-miss rows as differing and names the columns", () => {
    const cmp = compareRows(
      [["a", 1, 2.5], ["z", 9, 9]],
      [["a", 1, 2.6], ["q", 0, 0]],
    );
    expect(cmp.differing).toEqual([{ left: ["a", 1, 2.5], right: ["a", 1, 2.6], columns: [2] }]);
    expect(cmp.onlyLeft).toEqual([["z", 9, 9]]);
    expect(cmp.onlyRight).toEqual([["q", 0, 0]]);
  });

  it("works on object rows", () => {
    expect(compareRows([{ k: "a", n: 1n }], [{ n: 1, k: "a" }]).equal).toBe(true);
    const cmp = compareRows([{ k: "a", n: 1, m: 0 }], [{ k: "a", n: 2, m: 0 }]);
    expect(cmp.differing[0]?.columns).toEqual(["n"]);
  });
});

describe("formatRowDiff", () => {
  it("reports counts, one-sided rows and differing columns by name", () => {
    const cmp = compareRows(
      [["a", 1n, 2.5], ["z", 9n, 9]],
      [["a", 1n, 2.6], ["q", 0n, 0], ["r", 0n, 0]],
    );
    const text = formatRowDiff(cmp, { names: ["kindling", "spark"], columns: ["k", "n", "x"] });
    expect(text).toBe(
      [
        "rows differ: kindling 2, spark 3, matched 0, only kindling 1, only spark 2, differing 1",
        "only in kindling (1):",
        '  ["z", 9n, 9]',
        "only in spark (2):",
        '  ["q", 0n, 0]',
        '  ["r", 0n, 0]',
        "differing (1):",
        '  kindling ["a", 1n, 2.5]',
        '  spark    ["a", 1n, 2.6]',
        "    at x (#2): 2.5 vs 2.6",
      ].join("\n"),
    );
  });

  it("formats special values readably", () => {
    expect(formatValue([null, -0, Number.NaN, new Uint8Array([0, 255]), { a: "x" }])).toBe(
      '[null, -0, NaN, x\'00ff\', {a: "x"}]',
    );
  });

  it("expectSameRows throws the report, and passes silently on equal rows", () => {
    expect(() => expectSameRows([[1]], [[2]])).toThrow(/rows differ: left 1, right 1, matched 0/);
    expect(() => expectSameRows([[1]], [[1n]])).not.toThrow();
  });
});

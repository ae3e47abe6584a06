import { describe, expect, it } from "vitest";
import { downsample, extraRatios, ratiosOf } from "../../bench/runner.js";
import type { SeriesResult } from "../../bench/result.js";
import { withSubject } from "../../bench/scenario.js";
import { windowCountCeiling } from "../../bench/scenarios/window-count-ceiling.js";
import { median, pairedRatios, quantile, summarize } from "../../bench/stats.js";

describe("bench stats", () => {
  it("takes medians and quantiles by interpolation (numpy's default)", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.99)).toBeCloseTo(4.96);
    expect(summarize([])).toMatchObject({ n: 0, median: Number.NaN });
  });

  it("computes ratios pair by pair, then their median", () => {
    // Pair 2 ran while the machine was slow for both: its ratio is like the others.
    const r = pairedRatios([10, 5, 10], [5, 2.5, 4]);
    expect(r.perPair).toEqual([2, 2, 2.5]);
    expect(r.median).toBe(2);
  });
});

const series = (id: string, role: SeriesResult["role"], values: number[], group = "g"): SeriesResult => ({
  id, measure: id, role, label: id, unit: "rows/s", group, higherIsBetter: true, values, summary: summarize(values),
});

describe("ratiosOf", () => {
  it("divides every other series of a group by its first ceiling", () => {
    const q = ratiosOf([series("c", "ceiling", [4, 4]), series("p", "peer", [1, 2]), series("x", "peer", [1, 1], "other")]);
    expect(q.map((r) => [r.numerator, r.denominator, r.summary.median])).toEqual([["p", "c", 0.375]]);
  });

  it("divides the subject by every other series once there is one", () => {
    const q = ratiosOf([series("c", "ceiling", [4]), series("s", "subject", [2]), series("p", "peer", [1])]);
    expect(q.map((r) => [r.numerator, r.denominator, r.summary.median])).toEqual([["s", "c", 0.5], ["s", "p", 2]]);
  });
});

describe("withSubject", () => {
  it("adds Kindling's measure to an existing scenario in first place", () => {
    const s = withSubject(windowCountCeiling, {
      id: "kindling", role: "subject", description: "the engine",
      series: [{ id: "kindling", label: "Kindling", unit: "rows/s", group: "parse+aggregate" }],
      run: async () => ({ kindling: 1 }),
    });
    expect(s.measures.map((m) => m.id)).toEqual(["kindling", "one-thread", "two-threads"]);
    expect(() => withSubject(s, { ...s.measures[1]!, role: "subject", id: "kindling" })).toThrow(/already has/);
  });

  it("takes the extra ratios a scenario names (e.g. local[2] ÷ local[1]) pair by pair", () => {
    const mk = (id: string, values: number[], unit: SeriesResult["unit"] = "rows/s"): SeriesResult => ({
      id, measure: id, role: "subject", label: id, unit, group: "transform", higherIsBetter: true, values, summary: summarize(values),
    });
    const series = [mk("local2", [4, 6]), mk("local1", [2, 4])];
    expect(extraRatios(series, [["local2", "local1"]])[0]).toMatchObject({ numerator: "local2", denominator: "local1", perPair: [2, 1.5] });
    expect(() => extraRatios(series, [["local3", "local1"]])).toThrow(/no series local3/);
    expect(() => extraRatios([...series, mk("ms", [1, 1], "ms")], [["ms", "local1"]])).toThrow(/units differ/);
  });

  it("downsamples a curve evenly, keeping both ends", () => {
    const pts = Array.from({ length: 1000 }, (_, i) => i);
    const d = downsample(pts, 300);
    expect(d).toHaveLength(300);
    expect(d[0]).toBe(0);
    expect(d[299]).toBe(999);
    expect(downsample([1, 2], 300)).toEqual([1, 2]);
  });
});

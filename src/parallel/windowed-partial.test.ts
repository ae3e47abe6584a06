import { describe, expect, it } from "vitest";
import { functions as F, SparkSession } from "../index.js";
import type { ResolvedPlan } from "../logical/plan.js";
import { defaultExecContext } from "../physical/exec-context.js";
import { execute } from "../physical/executor.js";
import { concatBatches } from "../physical/kernels/take.js";
import { vectorToValues } from "../physical/vector.js";
import { partialBuffersOf, type PartialGroups } from "../physical/kernels/partial-aggregate.js";
import { schemaOf } from "../logical/analyzer.js";
import { partialOfRows, type AggregateSpec } from "./partition-task.js";
import { windowedPartial } from "./windowed-partial.js";

type AggregateNode = Extract<ResolvedPlan, { kind: "aggregate" }>;

/** mulberry32: a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A partial's groups as comparable rows: key values then buffers (whichever form the partial holds them in). */
function groupsOf(p: PartialGroups): unknown[] {
  const keys = p.keys.map(vectorToValues);
  const buffers = partialBuffersOf(p);
  return Array.from({ length: p.numGroups }, (_v, g) => [...keys.map((k) => k[g]), buffers[g]]);
}

describe("windowedPartial", () => {
  const spark = SparkSession.builder.getOrCreate();
  for (const [window, slide] of [["1 minute", "1 minute"], ["10 minutes", "5 minutes"], ["10 minutes", "3 minutes"]] as const) {
    for (const [seed, aggs] of [[1, "mixed"], [2, "mixed"], [3, "count"]] as const) {
      it(`equals Expand + partialOfRows for window ${window} / ${slide}, ${aggs} aggregates, late rows dropped by window end (seed ${seed})`, () => {
        const r = rng(seed);
        const base = Date.UTC(2020, 6, 1);
        const rows = Array.from({ length: 2000 }, (_v, i) => ({
          t: r() < 0.05 ? null : new Date(base + i * 700 + Math.floor(r() * 900_000)),
          vendor: r() < 0.05 ? null : Math.floor(r() * 3),
          amount: r() < 0.1 ? null : Math.round(r() * 1000) / 100,
        }));
        const grouped = spark.createDataFrame(rows, "t TIMESTAMP, vendor INT, amount DOUBLE").groupBy(F.window(F.col("t"), window, slide), F.col("vendor"));
        // Only counts: the partial keeps them as typed columns (PartialGroups.counts).
        const df = aggs === "count" ? grouped.agg(F.count("*"), F.count("amount")) : grouped.agg(F.count("*"), F.sum("amount"), F.max("amount"), F.avg("amount"), F.count("amount"));
        const node = df.resolved() as AggregateNode;
        const win = node.child;
        if (win.kind !== "windowExpand") throw new Error(`expected a window node, got ${win.kind}`);
        const ctx = defaultExecContext();
        const below = concatBatches(execute(win.child, ctx), schemaOf(win.child.output));
        const expanded = concatBatches(execute(win, ctx), schemaOf(win.output));
        const spec: AggregateSpec = { groupExprs: node.groupExprs, aggCalls: node.aggCalls, childOutput: win.output, eventTimeKey: { index: 0, isWindow: true } };
        for (const lateMs of [0, base + 600_000, base + 1_200_000 + 1]) {
          const fused = windowedPartial(spec, win, below, ctx, lateMs);
          const plain = partialOfRows(spec, expanded, ctx, lateMs);
          expect(fused).not.toBeNull();
          expect(fused!.dropped).toBe(plain.dropped);
          expect(groupsOf(fused!)).toEqual(groupsOf(plain));
          expect(fused!.counts !== undefined).toBe(aggs === "count");
        }
        expect(partialOfRows(spec, expanded, ctx, base + 600_000).dropped).toBeGreaterThan(0);
      });
    }
  }

  it("leaves string keys and non-window event-time keys to the plain path", () => {
    const df = spark.createDataFrame([{ t: new Date(0), s: "a" }], "t TIMESTAMP, s STRING").groupBy(F.window(F.col("t"), "1 minute"), F.col("s")).count();
    const node = df.resolved() as AggregateNode;
    const win = node.child as Extract<ResolvedPlan, { kind: "windowExpand" }>;
    const ctx = defaultExecContext();
    const below = concatBatches(execute(win.child, ctx), schemaOf(win.child.output));
    const spec: AggregateSpec = { groupExprs: node.groupExprs, aggCalls: node.aggCalls, childOutput: win.output, eventTimeKey: null };
    expect(windowedPartial(spec, win, below, ctx, 0)).toBeNull();
  });
});

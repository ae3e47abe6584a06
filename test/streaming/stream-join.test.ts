import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession } from "../../src/index.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle, PySparkQueryError } from "../support/pyspark-oracle.js";
import { runJoinInKindling, runJoinInSpark, type JoinStreamCase } from "./support/stream-join-case.js";

const ts = (seconds: number): string => new Date(seconds * 1000).toISOString();
const L = "lk INT, lt TIMESTAMP, lv STRING";
const R = "rk INT, rt TIMESTAMP, rv STRING";
const l = (k: number, t: number, v: string): Record<string, string | number> => ({ lk: k, lt: ts(t), lv: v });
const r = (k: number, t: number, v: string): Record<string, string | number> => ({ rk: k, rt: ts(t), rv: v });

// Left rows join right rows of the same key with rt <= lt <= rt + 10 s. Watermarks 10 s (left) and
// 5 s (right): the left buffer is evicted at lt <= wm - 1 ms, the right one at rt <= wm - 10.001 s.
// Step 2 and 3 hold rows at or below the previous batch's watermark (dropped as late); step 3's
// right row (2, 96) would be evicted in its own batch, so it joins the left buffer but is not kept;
// after step 4 the watermark moves to 130 s and a batch without data evicts both buffers.
const INNER_LEFT = [[l(1, 100, "a"), l(2, 100, "b")], [l(1, 103, "c")], [l(1, 89, "late"), l(3, 120, "d")], [l(1, 112, "e")], [l(3, 140, "f")]];
const INNER_RIGHT = [[r(1, 95, "x")], [r(2, 99, "y"), r(1, 101, "z")], [r(3, 118, "w"), r(1, 88, "rlate")], [r(2, 96, "v")], [r(3, 150, "u")]];

// Right rows join left rows of the same key with lt <= rt <= lt + 10 s: unmatched left rows come out
// null-padded once the watermark passes lt + 10 s (batch 3 for b and c, the no-data batch 5 for e).
const OUTER_LEFT = [[l(1, 100, "a"), l(2, 100, "b"), l(3, 101, "c")], [l(4, 120, "d")], [l(5, 130, "e")], [l(6, 100, "late")], [l(7, 160, "f")]];
const OUTER_RIGHT = [[r(1, 105, "x")], [r(2, 112, "y")], [r(4, 125, "z")], [], [r(7, 150, "w")]];

// As INNER_*, with rows that fail a one-sided conjunct (`lv <> 'skip'`, `rv <> 'skip'`) or have a null
// key at event times far ahead: Spark's optimizer filters them out below the watermark, so they
// neither move it nor count as late.
const nk = (t: number, v: string, side: "l" | "r"): Record<string, string | number | null> => (side === "l" ? { lk: null, lt: ts(t), lv: v } : { rk: null, rt: ts(t), rv: v });
const PUSHED_LEFT = [INNER_LEFT[0]!, [...INNER_LEFT[1]!, l(9, 300, "skip")], INNER_LEFT[2]!, [...INNER_LEFT[3]!, nk(500, "n", "l")], INNER_LEFT[4]!];
const PUSHED_RIGHT = [INNER_RIGHT[0]!, [...INNER_RIGHT[1]!, r(9, 300, "skip")], INNER_RIGHT[2]!, [...INNER_RIGHT[3]!, nk(500, "n", "r")], INNER_RIGHT[4]!];

const OUTER_NULLS_LEFT = [OUTER_LEFT[0]!, [...OUTER_LEFT[1]!, nk(115, "n", "l")], OUTER_LEFT[2]!, OUTER_LEFT[3]!, OUTER_LEFT[4]!];
const OUTER_NULLS_RIGHT = [OUTER_RIGHT[0]!, [...OUTER_RIGHT[1]!, nk(400, "n", "r")], [...OUTER_RIGHT[2]!, r(5, 390, "skip")], [], OUTER_RIGHT[4]!];

const WM = (f: string): string => `left = left.withWatermark("lt", "10 seconds")\nright = right.withWatermark("rt", "5 seconds")\n${f}`;

type Data = "inner" | "outer" | "pushed" | "outerNulls" | "semi";
const DATA: Readonly<Record<Data, Pick<JoinStreamCase, "left" | "right">>> = {
  inner: { left: { schema: L, steps: INNER_LEFT }, right: { schema: R, steps: INNER_RIGHT } },
  outer: { left: { schema: L, steps: OUTER_LEFT }, right: { schema: R, steps: OUTER_RIGHT } },
  pushed: { left: { schema: L, steps: PUSHED_LEFT }, right: { schema: R, steps: PUSHED_RIGHT } },
  outerNulls: { left: { schema: L, steps: OUTER_NULLS_LEFT }, right: { schema: R, steps: OUTER_NULLS_RIGHT } },
  semi: {
    left: { schema: L, steps: INNER_LEFT },
    right: { schema: R, steps: [[r(1, 95, "x"), r(1, 97, "x2")], [r(2, 99, "y"), r(1, 101, "z"), r(2, 95, "y2")], [r(3, 118, "w")], [r(2, 96, "v")], [r(3, 150, "u")]] },
  },
};

/**
 * `left.withWatermark("lt", "10 seconds").join(right.withWatermark("rt", "5 seconds"), F.expr(condition), how)`
 * on one of the DATA sets, in both engines.
 */
function joinCase(data: Data, condition: string, how?: "left" | "right" | "full" | "left_semi"): JoinStreamCase {
  return {
    ...DATA[data],
    kindling: (a, b, f) => {
      const lw = a.withWatermark("lt", "10 seconds");
      const rw = b.withWatermark("rt", "5 seconds");
      return how === undefined ? lw.join(rw, f.expr(condition)) : lw.join(rw, f.expr(condition), how);
    },
    pyspark: WM(`out = left.join(right, F.expr(${JSON.stringify(condition)})${how === undefined ? "" : `, "${how}"`})`),
  };
}

const IN_SECONDS = "CAST(lt AS LONG) <= CAST(rt AS LONG) + 10";

const CASES: Readonly<Record<string, JoinStreamCase>> = {
  "inner join on a key with a time range, watermarks on both sides": joinCase("inner", `lk = rk AND lt >= rt AND ${IN_SECONDS}`),
  "inner join with a BETWEEN range on the right's time": joinCase("inner", "lk = rk AND CAST(rt AS LONG) BETWEEN CAST(lt AS LONG) - 10 AND CAST(lt AS LONG)"),
  "inner join on a key and a 10-second window of each side's event time": {
    ...DATA.inner,
    kindling: (a, b, f) =>
      a.withWatermark("lt", "10 seconds").select(f.col("lk"), f.window(f.col("lt"), "10 seconds").alias("lw"), f.col("lv"))
        .join(b.withWatermark("rt", "5 seconds").select(f.col("rk"), f.window(f.col("rt"), "10 seconds").alias("rw"), f.col("rv")), f.expr("lk = rk AND lw = rw")),
    pyspark: WM(`out = left.select("lk", F.window("lt", "10 seconds").alias("lw"), "lv").join(
    right.select("rk", F.window("rt", "10 seconds").alias("rw"), "rv"), F.expr("lk = rk AND lw = rw"))`),
  },
  "left outer join: unmatched left rows null-padded when the watermark evicts them": joinCase("outer", "lk = rk AND rt >= lt AND CAST(rt AS LONG) <= CAST(lt AS LONG) + 10", "left"),
  "right outer join: unmatched right rows null-padded when evicted": joinCase("outer", `lk = rk AND lt >= rt AND ${IN_SECONDS}`, "right"),
  "full outer join: both sides' unmatched rows at eviction": joinCase("outer", "lk = rk AND rt >= lt AND CAST(rt AS LONG) <= CAST(lt AS LONG) + 10", "full"),
  // Spark accepts the BETWEEN (its checker sees the two comparisons), but the optimizer projects
  // CAST(rt AS LONG) as a column of its own under the right side, so only the right buffer can be
  // evicted: the left rows never come out null-padded.
  "left outer join whose only range is a BETWEEN over casts": joinCase("outer", "lk = rk AND CAST(rt AS LONG) BETWEEN CAST(lt AS LONG) AND CAST(lt AS LONG) + 10", "left"),
  "inner join: rows failing a one-sided conjunct or with a null key do not move the watermark":
    joinCase("pushed", `lk = rk AND lv <> 'skip' AND rv <> 'skip' AND lt >= rt AND ${IN_SECONDS}`),
  "left outer join: only the right side is filtered under its watermark; a null-key left row comes out at eviction":
    joinCase("outerNulls", "lk = rk AND rv <> 'skip' AND rt >= lt AND CAST(rt AS LONG) <= CAST(lt AS LONG) + 10", "left"),
  "left semi join: each left row once, when it first matches": joinCase("semi", `lk = rk AND lt >= rt AND ${IN_SECONDS}`, "left_semi"),
  "left outer join with a condition on the left alone: failing rows come out at once":
    joinCase("outer", "lk = rk AND lv <> 'b' AND rt >= lt AND CAST(rt AS LONG) <= CAST(lt AS LONG) + 10", "left"),
  // The Structured Streaming guide's form: the range written with an INTERVAL (TimeAdd), so the state
  // watermarks are solved from the interval's microseconds (StreamingJoinHelper.getStateValueWatermark).
  "inner join with the guide's INTERVAL range (lt <= rt + interval 10 seconds)": joinCase("inner", "lk = rk AND lt >= rt AND lt <= rt + interval 10 seconds"),
  "left outer join with an INTERVAL range evicts and null-pads like the seconds form": joinCase("outer", "lk = rk AND rt >= lt AND rt <= lt + INTERVAL 10 SECONDS", "left"),
  "right outer join with the range as a subtraction (rt >= lt - INTERVAL '10' SECOND)": joinCase("outer", "lk = rk AND lt >= rt AND rt >= lt - INTERVAL '10' SECOND", "right"),
  "full outer join with an INTERVAL BETWEEN range": joinCase("outer", "lk = rk AND rt BETWEEN lt AND lt + INTERVAL '0:10' MINUTE TO SECOND", "full"),
  "inner join with a one-hour INTERVAL range (the guide's clickTime <= impressionTime + interval 1 hour)":
    joinCase("inner", "lk = rk AND lt >= rt AND lt <= rt + interval 1 hour"),
};

const REFUSED: Readonly<Record<string, JoinStreamCase & { readonly message: string }>> = {
  "a left outer join without watermarks": {
    left: { schema: L, steps: OUTER_LEFT },
    right: { schema: R, steps: OUTER_RIGHT },
    kindling: (a, b, f) => a.join(b, f.expr("lk = rk"), "left"),
    pyspark: 'out = left.join(right, F.expr("lk = rk"), "left")',
    message: "Stream-stream LeftOuter join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition",
  },
  "a right outer join with watermarks but no time range": {
    left: { schema: L, steps: OUTER_LEFT },
    right: { schema: R, steps: OUTER_RIGHT },
    kindling: (a, b, f) => a.withWatermark("lt", "10 seconds").join(b.withWatermark("rt", "5 seconds"), f.expr("lk = rk AND lt >= rt"), "right"),
    pyspark: WM('out = left.join(right, F.expr("lk = rk AND lt >= rt"), "right")'),
    message: "Stream-stream RightOuter join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition",
  },
  "a join of two streams in update mode": {
    left: { schema: L, steps: OUTER_LEFT },
    right: { schema: R, steps: OUTER_RIGHT },
    outputMode: "update",
    kindling: (a, b, f) => a.join(b, f.expr("lk = rk")),
    pyspark: 'out = left.join(right, F.expr("lk = rk"))',
    message: "Join between two streaming DataFrames/Datasets is not supported in Update output mode, only in Append output mode",
  },
  "a join of two streams in complete mode": {
    left: { schema: L, steps: OUTER_LEFT },
    right: { schema: R, steps: OUTER_RIGHT },
    outputMode: "complete",
    kindling: (a, b, f) => a.join(b, f.expr("lk = rk")),
    pyspark: 'out = left.join(right, F.expr("lk = rk"))',
    message: "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: complete. This output mode is not supported for no streaming aggregations on streaming DataFrames/DataSets. SQLSTATE: 42KDE",
  },
};

const OUTER = CASES["left outer join: unmatched left rows null-padded when the watermark evicts them"]!;

/** Joins of two streams against PySpark 4.1.1, batch by batch, with the state size of each batch. */
describe("stream-stream joins against PySpark", () => {
  let oracle: PySparkOracle;
  beforeAll(async () => {
    oracle = await PySparkOracle.start();
  });
  afterAll(async () => {
    await oracle?.stop();
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const theirs = await runJoinInSpark(oracle, c);
      const ours = await runJoinInKindling(SparkSession.builder.getOrCreate(), c);
      expect(ours.columns).toEqual(theirs.columns);
      expectSameRows(ours.rows, theirs.rows, { names: ["Kindling", "PySpark"], columns: ours.columns });
      expect(ours.stateRows).toEqual(theirs.stateRows);
    });
  }

  it("restarted from its checkpoint mid-stream, gives PySpark's result batch by batch", async () => {
    const theirs = await runJoinInSpark(oracle, OUTER);
    // After step 4 no batch without data is due, so the batch ids of the two runs line up with a clean run.
    const ours = await runJoinInKindling(SparkSession.builder.getOrCreate(), OUTER, { restartAfterStep: 4 });
    expectSameRows(ours.rows, theirs.rows, { names: ["Kindling", "PySpark"], columns: ours.columns });
    expect(ours.stateRows).toEqual(theirs.stateRows);
    // The restarted run emits rows that need the state of the first run.
    expect(ours.rows.some((row) => row[0] === 5n && row[3] === "e" && row[4] === null)).toBe(true);
  });

  it("restarted where a batch without data intervenes, gives the same rows as a clean run", async () => {
    const clean = await runJoinInKindling(SparkSession.builder.getOrCreate(), OUTER);
    const split = await runJoinInKindling(SparkSession.builder.getOrCreate(), OUTER, { restartAfterStep: 2 });
    const noBatch = (rows: unknown[][]): unknown[][] => rows.map((row) => row.slice(1));
    expectSameRows(noBatch(split.rows), noBatch(clean.rows), { names: ["restarted", "clean"], columns: clean.columns.slice(1) });
    expect(split.rows.some((row) => row[3] === "d" && row[6] === "z")).toBe(true);
  });

  for (const [name, c] of Object.entries(REFUSED)) {
    it(`refuses ${name} with Spark's message`, async () => {
      const spark = await runJoinInSpark(oracle, c).then(() => null, (e: unknown) => e);
      expect(spark).toBeInstanceOf(PySparkQueryError);
      expect((spark as PySparkQueryError).info.message).toContain(c.message);
      const ours = await runJoinInKindling(SparkSession.builder.getOrCreate(), c).then(() => null, (e: unknown) => e);
      expect(ours).toBeInstanceOf(Error);
      expect((ours as Error).message).toContain(c.message);
    });
  }
});

describe("stream-stream join checkpoints", () => {
  it("keep the join in the query's fingerprint: another join on the same checkpoint is refused", async () => {
    const spark = SparkSession.builder.getOrCreate();
    const dir = mkdtempSync(join(tmpdir(), "kindling-join-fp-"));
    await runJoinInKindling(spark, OUTER, { checkpointLocation: dir });
    const inner: JoinStreamCase = { ...OUTER, kindling: (a, b, f) => a.withWatermark("lt", "10 seconds").join(b.withWatermark("rt", "5 seconds"), f.expr("lk = rk AND rt >= lt AND CAST(rt AS LONG) <= CAST(lt AS LONG) + 10")) };
    await expect(runJoinInKindling(spark, inner, { checkpointLocation: dir })).rejects.toThrow(/stateful operator 0 was streamingJoin\(LeftOuter;lk;rk;3\+3\) and is now streamingJoin\(Inner;lk;rk;3\+3\)/);
  });
});

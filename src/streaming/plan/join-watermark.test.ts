import { describe, expect, it } from "vitest";
import { SparkSession, functions as F } from "../../index.js";
import type { DataFrame } from "../../session/dataframe.js";
import { MemoryStream } from "../../connectors/memory/memory-stream.js";
import type { ResolvedPlan } from "../../logical/plan.js";
import { parseSchemaDDL } from "../../types/ddl.js";
import { streamingDataFrame } from "../data-stream-reader.js";
import { checkStreamStreamJoin, joinKeyOrdinalForWatermark, stateValueWatermark, watermarkCarriers } from "./join-watermark.js";

type JoinNode = Extract<ResolvedPlan, { kind: "join" }>;

function joinOf(df: DataFrame): JoinNode {
  let p: ResolvedPlan = df.resolved();
  while (p.kind !== "join") p = (p as { child: ResolvedPlan }).child;
  return p;
}

function streams(): { a: DataFrame; b: DataFrame } {
  const spark = SparkSession.builder.getOrCreate();
  const a = streamingDataFrame(spark, new MemoryStream(parseSchemaDDL("lk INT, lt TIMESTAMP")));
  const b = streamingDataFrame(spark, new MemoryStream(parseSchemaDDL("rk INT, rt TIMESTAMP")));
  return { a: a.withWatermark("lt", "10 seconds"), b: b.withWatermark("rt", "10 seconds") };
}

/** The state watermarks (ms) of both sides at watermark 100 s, as Spark's StreamingJoinHelper solves them. */
function stateWatermarks(condition: string): [number | null, number | null] {
  const { a, b } = streams();
  const j = joinOf(a.join(b, F.expr(`lk = rk AND ${condition}`)));
  const lIds = new Set(j.left.output.map((x) => x.exprId));
  const rIds = new Set(j.right.output.map((x) => x.exprId));
  const lm = watermarkCarriers(j.left);
  const rm = watermarkCarriers(j.right);
  return [stateValueWatermark(lIds, rIds, rm, j.condition, 100_000), stateValueWatermark(rIds, lIds, lm, j.condition, 100_000)];
}

describe("stream-stream join state watermarks (Spark's StreamingJoinHelper)", () => {
  it("solves linear time ranges for each side, inclusive bounds one millisecond lower", () => {
    expect(stateWatermarks("lt >= rt AND CAST(lt AS LONG) <= CAST(rt AS LONG) + 10")).toEqual([99_999, 89_999]);
    expect(stateWatermarks("CAST(lt AS LONG) > CAST(rt AS LONG) - 5")).toEqual([95_000, null]);
    expect(stateWatermarks("CAST(rt AS LONG) < CAST(lt AS LONG) + 2")).toEqual([98_000, null]);
    expect(stateWatermarks("CAST(lt AS LONG) + 3 > CAST(rt AS LONG)")).toEqual([97_000, null]);
    expect(stateWatermarks("-CAST(rt AS LONG) < -CAST(lt AS LONG) + 4")).toEqual([null, 96_000]);
  });

  it("solves ranges written with INTERVALs (TimeAdd) as their microseconds", () => {
    expect(stateWatermarks("lt >= rt AND lt <= rt + interval 10 seconds")).toEqual([99_999, 89_999]);
    expect(stateWatermarks("lt > rt - INTERVAL '5' SECOND")).toEqual([95_000, null]);
    expect(stateWatermarks("rt BETWEEN lt - INTERVAL 1 HOUR AND lt")).toEqual([99_999, -3_500_001]);
    expect(stateWatermarks("lt <= rt + INTERVAL '0 00:00:01.5' DAY TO SECOND")).toEqual([null, 98_499]);
    // A year-month interval has no fixed length: no constraint (StreamingJoinHelper marks it invalid).
    expect(stateWatermarks("lt >= rt AND lt <= rt + INTERVAL 1 MONTH")).toEqual([99_999, null]);
  });

  it("finds no constraint where Spark finds none", () => {
    expect(stateWatermarks("lt <= rt")).toEqual([null, 99_999]);
    expect(stateWatermarks("lt = rt")).toEqual([null, null]);
    expect(stateWatermarks("CAST(lt AS STRING) > CAST(rt AS STRING)")).toEqual([null, null]);
    // Spark collects the terms in a set, so a repeated term counts once (lt + lt is taken as lt).
    expect(stateWatermarks("CAST(lt AS LONG) + CAST(lt AS LONG) > CAST(rt AS LONG)")).toEqual([100_000, null]);
  });

  it("takes a window of the watermarked column in the join keys as the key watermark", () => {
    const { a, b } = streams();
    const j = joinOf(a.select(F.col("lk"), F.window(F.col("lt"), "10 seconds").alias("lw")).join(b.select(F.col("rk"), F.window(F.col("rt"), "10 seconds").alias("rw")), F.expr("lk = rk AND lw = rw")));
    expect(joinKeyOrdinalForWatermark(j, watermarkCarriers(j.left), watermarkCarriers(j.right))).toEqual({ ordinal: 1, isWindow: true });
  });

  it("refuses outer joins without a key watermark or a range bounding the other side", () => {
    const { a, b } = streams();
    const check = (df: DataFrame): void => {
      const j = joinOf(df);
      checkStreamStreamJoin(j, "append", watermarkCarriers(j.left), watermarkCarriers(j.right));
    };
    expect(() => check(a.join(b, F.expr("lk = rk AND lt <= rt"), "left"))).toThrow(/Stream-stream LeftOuter join between two streaming DataFrame\/Datasets is not supported without a watermark/);
    expect(() => check(a.join(b, F.expr("lk = rk AND lt >= rt"), "left"))).not.toThrow();
    expect(() => check(a.join(b, F.expr("lk = rk AND lt <= rt"), "right"))).not.toThrow();
    expect(() => check(a.join(b, F.expr("lk = rk AND lt >= rt"), "right"))).toThrow(/Stream-stream RightOuter join/);
    expect(() => check(a.join(b, F.expr("lk = rk AND lt <= rt"), "full"))).not.toThrow();
    expect(() => check(a.join(b, F.expr("lk = rk"), "left_anti"))).toThrow(/LeftAnti joins with a streaming DataFrame\/Dataset on the right are not supported/);
    expect(() => check(a.join(b, F.expr("lt <= rt")))).toThrow(/Stream-stream join without equality predicate is not supported/);
  });
});

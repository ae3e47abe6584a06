import { describe, expect, it } from "vitest";
import { SparkSession, functions as F } from "../../index.js";
import { MemoryStream } from "../../connectors/memory/memory-stream.js";
import { parseSchemaDDL } from "../../types/ddl.js";
import { streamingDataFrame } from "../data-stream-reader.js";

function joined(): ReturnType<typeof streamingDataFrame> {
  const spark = SparkSession.builder.getOrCreate();
  const a = streamingDataFrame(spark, new MemoryStream(parseSchemaDDL("lk INT, lt TIMESTAMP"))).withWatermark("lt", "10 seconds");
  const b = streamingDataFrame(spark, new MemoryStream(parseSchemaDDL("rk INT, rt TIMESTAMP"))).withWatermark("rt", "10 seconds");
  return a.join(b, F.expr("lk = rk AND lt >= rt AND CAST(lt AS LONG) <= CAST(rt AS LONG) + 60"));
}

describe("StatefulJoin placement", () => {
  it("says which stateful operators around a stream-stream join Kindling cannot run yet", () => {
    const agg = joined().groupBy(F.window(F.col("lt"), "1 minute")).count();
    expect(() => agg.writeStream.outputMode("append").format("memory").queryName("sj_agg").start()).toThrow(/a streaming aggregation in a query with a join between two streams is not supported by Kindling yet/);
    const dedup = joined().dropDuplicates(["lk", "lt"]);
    expect(() => dedup.writeStream.format("memory").queryName("sj_dedup").start()).toThrow(/deduplication after a join between two streams is not supported by Kindling yet/);
  });

  it("runs a join of two streams whose inputs are deduplicated first", async () => {
    const spark = SparkSession.builder.getOrCreate();
    const li = new MemoryStream(parseSchemaDDL("lk INT, lt TIMESTAMP"), { stepsPerBatch: 1 });
    const ri = new MemoryStream(parseSchemaDDL("rk INT, rt TIMESTAMP"), { stepsPerBatch: 1 });
    const a = streamingDataFrame(spark, li).withWatermark("lt", "10 seconds").dropDuplicates(["lk", "lt"]);
    const b = streamingDataFrame(spark, ri).withWatermark("rt", "10 seconds");
    li.addData([{ lk: 1, lt: new Date(100_000) }, { lk: 1, lt: new Date(100_000) }]);
    ri.addData([{ rk: 1, rt: new Date(95_000) }]);
    const q = a.join(b, F.expr("lk = rk AND lt >= rt")).writeStream.format("memory").queryName("sj_dedup_below").trigger({ availableNow: true }).start();
    await q.awaitTermination();
    expect(spark.table("sj_dedup_below").count()).toBe(1);
    expect(q.lastProgress?.stateOperators.map((s) => s.operatorName)).toEqual(["dedupe", "symmetricHashJoin"]);
  });
});

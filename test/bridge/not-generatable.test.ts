/**
 * What cannot run on Spark is refused with a NotImplementedError that names the part of the job
 * and the way out, never replaced by a different job.
 */
import { describe, expect, it } from "vitest";
import { NotImplementedError } from "../../src/common/errors.js";
import { MemoryStream, functions as F } from "../../src/index.js";
import { SparkSession } from "../../src/session/spark-session.js";
import { parseSchemaDDL } from "../../src/types/ddl.js";

const spark = SparkSession.builder.appName("not-generatable").getOrCreate();
const rate = () => spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 1).load();

function thrown(fn: () => unknown): NotImplementedError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NotImplementedError);
    return e as NotImplementedError;
  }
  throw new Error("expected a NotImplementedError");
}

describe("jobs that cannot run on Spark", () => {
  it("a foreachBatch callback written in TypeScript", () => {
    const e = thrown(() => rate().writeStream.foreachBatch(() => undefined).queryName("q1").toPySpark());
    expect(e.message).toContain("foreachBatch sink of query q1 calls a TypeScript function");
    expect(e.hint).toContain('format("kafka")');
  });

  it("a foreach writer", () => {
    const e = thrown(() => rate().writeStream.foreach({ process: () => undefined }).toPySpark());
    expect(e.message).toContain("foreach sink");
  });

  it("a MemoryStream source", () => {
    const ms = new MemoryStream(parseSchemaDDL("id INT"));
    const e = thrown(() => ms.toDF(spark).select(F.col("id")).writeStream.format("console").toPySpark());
    expect(e.message).toContain("MemoryStream");
    expect(e.hint).toContain("Kafka topic");
  });

  it("try_cast for PySpark 3.5", () => {
    const df = spark.createDataFrame([["1"]], "s STRING");
    const e = thrown(() => df.select(F.col("s").try_cast("int")).toPySpark({ version: "3.5" }));
    expect(e.message).toContain("try_cast");
  });
});

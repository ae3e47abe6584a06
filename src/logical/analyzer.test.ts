import { describe, expect, it } from "vitest";
import { col, window } from "../expr/functions.js";
import { SparkSession } from "../session/spark-session.js";
import { castOfNamedName } from "./analyzer.js";

describe("castOfNamedName", () => {
  it("names a top-level cast (or chain of casts) of a column after the column, as Spark does", () => {
    expect(castOfNamedName(col("s").cast("int").expr)).toBe("s");
    expect(castOfNamedName(col("s").cast("int").cast("string").expr)).toBe("s");
    expect(castOfNamedName(col("s").alias("x").cast("int").expr)).toBe("x");
    expect(castOfNamedName(col("s").try_cast("int").expr)).toBe("s");
  });
  it("leaves other expressions to the generated name", () => {
    expect(castOfNamedName(col("s").plus(1).cast("int").expr)).toBeNull();
    expect(castOfNamedName(col("s").expr)).toBeNull();
  });
});

describe("window column", () => {
  const spark = SparkSession.builder.appName("analyzer-test").config("spark.sql.session.timeZone", "UTC").getOrCreate();
  const df = spark.createDataFrame([["2020-07-01 00:00:00"]], "ts TIMESTAMP");
  it("is a non-null struct for tumbling windows and nullable for sliding ones, as in Spark", () => {
    expect(df.groupBy(window("ts", "10 minutes")).count().schema.fields[0]!.nullable).toBe(false);
    expect(df.groupBy(window("ts", "10 minutes", "5 minutes")).count().schema.fields[0]!.nullable).toBe(true);
    expect(df.select(window("ts", "10 minutes")).schema.fields[0]!.nullable).toBe(false);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { AnalysisError, ExecutionError } from "../common/errors.js";
import * as F from "../expr/functions.js";
import { SparkSession } from "./spark-session.js";

// Expected texts follow Spark's showString/ToPrettyString rules (Dataset.scala, ToStringBase.scala):
// right-aligned cells when truncating, NULL for nulls, Java double text, min width 3.
const spark = SparkSession.builder.appName("test").config("spark.sql.session.timeZone", "UTC").getOrCreate();
afterAll(() => spark.conf.set("spark.sql.ansi.enabled", true));

const df = spark.createDataFrame([[1, "a", 1.5], [2, "b", null], [3, null, 1e10], [null, "a", 0.0001]], "id INT, name STRING, x DOUBLE");

describe("show", () => {
  it("renders a table like Spark", () => {
    expect(df.showString()).toBe(
      "+----+----+------+\n|  id|name|     x|\n+----+----+------+\n|   1|   a|   1.5|\n|   2|   b|  NULL|\n|   3|NULL|1.0E10|\n|NULL|   a|1.0E-4|\n+----+----+------+\n",
    );
  });
  it("left-aligns without truncation and adds the footer", () => {
    expect(df.select("id").showString(1, false)).toBe("+---+\n|id |\n+---+\n|1  |\n+---+\nonly showing top 1 row");
  });
  it("truncates long cells to 20 characters with ...", () => {
    const s = spark.createDataFrame([["abcdefghijklmnopqrstuvwxyz"]], "s STRING");
    expect(s.showString()).toBe("+--------------------+\n|                   s|\n+--------------------+\n|abcdefghijklmnopq...|\n+--------------------+\n");
  });
  it("prints vertical mode and empty results", () => {
    expect(df.select("id", "name").limit(1).showString(20, true, true)).toBe("-RECORD 0---\n id   | 1   \n name | a   \n");
    expect(df.filter(F.col("id").gt(100)).showString(20, true, true)).toBe("(0 rows)");
  });
});

describe("expressions", () => {
  it("names columns like Spark and divides to double", () => {
    const r = df.select(F.col("id").plus(1), F.col("id").divide(2), F.upper("name"));
    expect(r.columns).toEqual(["(id + 1)", "(id / 2)", "upper(name)"]);
    expect(r.dtypes.map(([, t]) => t)).toEqual(["int", "double", "string"]);
    expect(df.select(F.count("*"), F.countDistinct("name")).columns).toEqual(["count(1)", "count(DISTINCT name)"]);
    // Spark refuses a non-aggregated column next to an aggregate without GROUP BY.
    expect(() => df.select(F.col("id"), F.count("*")).collect()).toThrow(/MISSING_AGGREGATION/);
  });
  it("wraps on integer overflow with ANSI off and raises with ANSI on", () => {
    const big = spark.createDataFrame([[2147483647]], "v INT");
    expect(() => big.select(F.col("v").plus(1)).collect()).toThrow(/ARITHMETIC_OVERFLOW/);
    spark.conf.set("spark.sql.ansi.enabled", false);
    expect(big.select(F.col("v").plus(1).alias("w")).collect()[0]!.get("w")).toBe(-2147483648);
    expect(big.select(F.col("v").divide(0).alias("w")).collect()[0]!.get("w")).toBeNull();
    spark.conf.set("spark.sql.ansi.enabled", true);
    expect(() => big.select(F.col("v").divide(0)).collect()).toThrow(ExecutionError);
  });
  it("raises CAST_INVALID_INPUT under ANSI and gives null otherwise", () => {
    const s = spark.createDataFrame([["12"], ["x"]], "s STRING");
    expect(() => s.select(F.col("s").cast("int")).collect()).toThrow(/CAST_INVALID_INPUT.*'x'.*"INT"/);
    spark.conf.set("spark.sql.ansi.enabled", false);
    expect(s.select(F.col("s").cast("int").alias("i")).collect().map((r) => r.get("i"))).toEqual([12, null]);
    spark.conf.set("spark.sql.ansi.enabled", true);
  });
  it("uses three-valued logic", () => {
    const b = spark.createDataFrame([[true, null], [false, null], [null, null]], "a BOOLEAN, b BOOLEAN");
    expect(b.select(F.col("a").and(F.col("b")).alias("x")).collect().map((r) => r.get("x"))).toEqual([null, false, null]);
    expect(b.select(F.col("a").or(F.col("b")).alias("x")).collect().map((r) => r.get("x"))).toEqual([true, null, null]);
  });
  it("names the missing column and suggests existing ones", () => {
    expect(() => df.select("nme").collect()).toThrow(AnalysisError);
    expect(() => df.select("nme").collect()).toThrow("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nme` cannot be resolved. Did you mean one of the following? [`name`");
  });
  it("evaluates when/otherwise, isin, between, like, coalesce", () => {
    const r = df.select(
      F.when(F.col("id").gt(1), "big").otherwise("small").alias("w"),
      F.col("id").isin(1, 3).alias("i"),
      F.col("id").between(2, 3).alias("b"),
      F.col("name").like("a%").alias("l"),
      F.coalesce(F.col("name"), F.lit("?")).alias("c"),
    ).collect().map((x) => x.asDict());
    expect(r[0]).toEqual({ w: "small", i: true, b: false, l: true, c: "a" });
    expect(r[2]).toEqual({ w: "big", i: true, b: true, l: null, c: "?" });
    expect(r[3]).toEqual({ w: "small", i: null, b: null, l: true, c: "a" });
  });
});

describe("aggregation, windows, joins", () => {
  it("groups with nulls first in ascending order", () => {
    const g = df.groupBy("name").agg(F.count("*").alias("n"), F.sum("id"), F.avg("x")).orderBy("name");
    expect(g.columns).toEqual(["name", "n", "sum(id)", "avg(x)"]);
    expect(g.collect().map((r) => r.values())).toEqual([[null, 1, 3, 1e10], ["a", 2, 1, 0.75005], ["b", 1, 2, null]]);
  });
  it("a global aggregate over no rows gives one row; a grouped one gives none", () => {
    const empty = df.filter(F.col("id").gt(100));
    expect(empty.agg(F.count("*").alias("n"), F.sum("id").alias("s")).collect().map((r) => r.values())).toEqual([[0, null]]);
    expect(empty.groupBy("name").count().count()).toBe(0);
  });
  it("assigns sliding windows aligned to the epoch, start inclusive end exclusive", () => {
    const t = spark.createDataFrame([["2020-07-01 00:25:32"], ["2020-07-01 00:30:00"]], "ts STRING")
      .withColumn("pickup", F.to_timestamp(F.col("ts")));
    const w = t.groupBy(F.window(F.col("pickup"), "10 minutes", "5 minutes")).agg(F.count("*").alias("n")).orderBy("window");
    expect(w.showString(20, false)).toBe(
      "+------------------------------------------+---+\n" +
      "|window                                    |n  |\n" +
      "+------------------------------------------+---+\n" +
      "|{2020-07-01 00:20:00, 2020-07-01 00:30:00}|1  |\n" +
      "|{2020-07-01 00:25:00, 2020-07-01 00:35:00}|2  |\n" +
      "|{2020-07-01 00:30:00, 2020-07-01 00:40:00}|1  |\n" +
      "+------------------------------------------+---+\n",
    );
  });
  it("joins on names (full outer coalesces the key) and on conditions", () => {
    const a = spark.createDataFrame([[1, "x"], [2, "y"]], "id INT, a STRING");
    const b = spark.createDataFrame([[1, "p"], [3, "q"]], "id INT, b STRING");
    expect(a.join(b, "id", "full").orderBy("id").collect().map((r) => r.values())).toEqual([[1, "x", "p"], [2, "y", null], [3, null, "q"]]);
    expect(a.join(b, a.col("id").eq(b.col("id")), "left").columns).toEqual(["id", "a", "id", "b"]);
    expect(a.join(b, "id", "left_anti").collect().map((r) => r.values())).toEqual([[2, "y"]]);
    expect(a.crossJoin(b).count()).toBe(4);
  });
  it("unions, distinct and na functions", () => {
    const u = df.select("name").union(df.select("name"));
    expect(u.count()).toBe(8);
    expect(u.distinct().count()).toBe(3);
    expect(df.na.drop().count()).toBe(1);
    expect(df.na.fill(0).collect().map((r) => r.get("id"))).toEqual([1, 2, 3, 0]);
  });
});

/**
 * End to end, batch: each query is built in Kindling, turned into a PySpark script by
 * `toPySpark()`, run on real Spark (the oracle), and Spark's rows must equal Kindling's own
 * result (schema names, types and nullability too). The script carries its data as literal rows
 * (or reads the same file), so nothing but the generated code is shared between the engines.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functions as F } from "../../src/index.js";
import type { DataFrame } from "../../src/session/dataframe.js";
import { SparkSession } from "../../src/session/spark-session.js";
import { simpleString } from "../../src/types/data-types.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";
import { kindlingRows } from "../differential/support/diff-case.js";
import { bridgeFrames, type BridgeFrames } from "./support/bridge-frames.js";

interface E2ECase {
  readonly name: string;
  readonly query: (f: BridgeFrames, spark: SparkSession) => DataFrame;
  readonly ordered?: boolean;
  /** Sort array cells (collect_set's order is Spark's partition order). */
  readonly sortArrays?: boolean;
}

const dir = mkdtempSync(join(tmpdir(), "kindling-bridge-"));
const csvPath = join(dir, "trips.csv");
writeFileSync(csvPath, 'id,zone,fare,note\n1,Midtown,12.5,"a, b"\n2,JFK,52.0,\n3,Midtown,7.25,x\n4,Harlem,,"say ""hi"""\n');

const CASES: E2ECase[] = [
  { name: "arithmetic, alias and operator precedence", query: ({ nums }) => nums.filter(F.col("id").lt(5)).select(F.col("id"), F.col("i").plus(1).multiply(2).alias("a"), F.col("d").divide(F.col("i").minus(3)).alias("b"), F.col("i").mod(3), F.lit(1).minus(F.col("i")).alias("c"), F.col("i").negate()) },
  { name: "filter with and/or/not and !=", query: ({ nums }) => nums.filter(F.col("i").gt(0).and(F.col("s").ne("a")).or(F.col("d").isNull().and(F.not(F.col("id").eq(4))))) },
  { name: "withColumn chain, withColumns, rename, drop", query: ({ nums }) => nums.filter(F.col("id").ne(5).and(F.col("id").ne(6))).withColumn("i2", F.col("i").multiply(F.col("i"))).withColumns({ d: F.col("d").plus(1), s2: F.upper(F.col("s")) }).withColumnRenamed("s", "label").drop("f", "l") },
  { name: "when / otherwise", query: ({ nums }) => nums.select(F.col("id"), F.when(F.col("i").gt(5), "big").when(F.col("i").gt(0), "small").otherwise("other").alias("size"), F.when(F.col("d").isNaN(), F.lit(-1.0)).alias("nan_flag")) },
  { name: "casts and try_cast", query: ({ strs }) => strs.select(F.col("k"), F.col("s").try_cast("int").alias("i"), F.col("s").try_cast("double").alias("d"), F.col("k").cast("string").alias("ks"), F.col("k").cast("double")) },
  { name: "isin, between, like, rlike, startswith, contains", query: ({ strs }) => strs.select(F.col("k"), F.col("k").isin(1, 3, 5).alias("odd"), F.col("k").between(2, 4).alias("mid"), F.col("s").like("%b%").alias("l"), F.col("s").rlike("^[0-9]+$").alias("r"), F.col("s").startswith("a"), F.col("s").contains(",")) },
  { name: "string functions", query: ({ strs }) => strs.select(F.col("k"), F.upper(F.col("s")), F.trim(F.col("s")), F.length(F.col("s")), F.concat_ws("-", F.col("s"), F.lit("x")), F.split(F.col("s"), ",").getItem(0).alias("first"), F.substring(F.col("s"), 2, 3), F.regexp_replace(F.col("s"), "[0-9]+", "#"), F.regexp_extract(F.col("s"), "([a-z]+)([0-9]+)", 2)) },
  { name: "coalesce and null tests", query: ({ nums }) => nums.select(F.col("id"), F.coalesce(F.col("i"), F.lit(0)).alias("i0"), F.col("s").isNotNull(), F.isnan(F.col("d")), F.col("l").eqNullSafe(null).alias("l_null")) },
  { name: "math functions", query: ({ nums }) => nums.filter(F.col("d").isNotNull().and(F.col("id").lt(5))).select(F.col("id"), F.round(F.col("d"), 1), F.bround(F.col("d")), F.abs(F.col("i")), F.pow(F.col("id"), 2), F.sqrt(F.abs(F.col("d"))), F.floor(F.col("d")), F.ceil(F.col("d"))) },
  { name: "groupBy().agg() over rides", query: ({ rides }) => rides.groupBy("VendorID").agg(F.sum("fare_amount").alias("fares"), F.avg("trip_distance"), F.min("tip_amount"), F.max("total_amount"), F.count("*").alias("n"), F.countDistinct("payment_type")) },
  { name: "groupBy().count() with two keys", query: ({ rides }) => rides.groupBy("VendorID", "payment_type").count() },
  { name: "global aggregate", query: ({ nums }) => nums.agg(F.sum("i").alias("s"), F.count("d"), F.max("s")) },
  { name: "orderBy with nulls ordering and limit", query: ({ nums }) => nums.orderBy(F.col("d").desc_nulls_first(), F.col("id").asc()).limit(6), ordered: true },
  { name: "inner join on a column name", query: ({ emp, dept }) => emp.join(dept, "dept_id") },
  { name: "left join on a condition with pinned columns", query: ({ emp, dept }) => emp.join(dept, emp.col("dept_id").eq(dept.col("dept_id")), "left").select(emp.col("name"), dept.col("dept_name"), emp.col("salary")) },
  { name: "left_anti and left_semi joins", query: ({ emp, dept }) => emp.join(dept, "dept_id", "left_anti").union(emp.join(dept, "dept_id", "left_semi")) },
  { name: "full outer join and crossJoin", query: ({ emp, dept, pay_names }) => emp.join(dept, "dept_id", "full").crossJoin(pay_names.filter(F.col("payment_type").lt(3))) },
  { name: "union and unionByName with missing columns", query: ({ nums, nums2 }) => nums.select("id", "s").union(nums.select("id", "s")).unionByName(nums2, true) },
  { name: "distinct and dropDuplicates", query: ({ nums }) => nums.select("i", "l").distinct().union(nums.dropDuplicates(["i"]).select("i", "l")) },
  { name: "batch window aggregation over time", query: ({ rides }) => rides.groupBy(F.window(F.col("tpep_pickup_datetime"), "10 minutes", "5 minutes"), F.col("VendorID")).agg(F.count("*").alias("n"), F.sum("fare_amount").alias("fares")) },
  { name: "date and time functions", query: ({ times }) => times.select(F.col("k"), F.year(F.col("ts")), F.month(F.col("d")), F.hour(F.col("ts")), F.date_format(F.col("ts"), "yyyy-MM-dd HH:mm"), F.to_date(F.col("d").cast("string")), F.dayofweek(F.col("d")), F.unix_timestamp(F.col("ts")), F.from_unixtime(F.col("e"))) },
  { name: "timestamp and date literals", query: ({ times }) => times.filter(F.col("ts").gt(F.lit(new Date(Date.UTC(2000, 0, 1))))).select(F.col("k"), F.col("ts")) },
  { name: "spark.sql with GROUP BY, HAVING, ORDER BY", query: ({ rides }, spark) => { rides.createOrReplaceTempView("rides"); return spark.sql("SELECT count(*) AS n, VendorID, round(avg(fare_amount), 2) AS avg_fare FROM rides WHERE trip_distance > 1 GROUP BY VendorID HAVING n > 3 ORDER BY n DESC"); }, ordered: true },
  { name: "spark.sql join of two views", query: ({ emp, dept }, spark) => { emp.createOrReplaceTempView("emp"); dept.createOrReplaceTempView("dept"); return spark.sql("SELECT e.name, d.dept_name, e.salary * 1.5 AS raised FROM emp e JOIN dept d ON e.dept_id = d.dept_id WHERE e.salary IS NOT NULL"); } },
  { name: "selectExpr and filter strings", query: ({ nums }) => nums.filter("id NOT IN (5, 6)").selectExpr("id", "i * 2 AS twice", "CAST(l AS STRING) AS ls", "d + 0.5 AS dh", "i div 2 AS half").filter("id < 9 AND twice IS NOT NULL") },
  { name: "range with a step", query: (_f, spark) => spark.range(3, 40, 7).withColumn("m", F.col("id").mod(2)) },
  { name: "withWatermark is a pass-through in batch", query: ({ times }) => times.withWatermark("ts", "10 minutes").filter(F.col("k").lt(5)).select("k", "ts") },
  { name: "self-join through a shared DataFrame", query: ({ emp }) => { const e = emp.filter(F.col("id").lt(6)); return e.alias("a").join(e.alias("b"), F.col("a.dept_id").eq(F.col("b.dept_id"))).select(F.col("a.name").alias("n1"), F.col("b.name").alias("n2")); } },
  { name: "first/last ignorenulls and collect_set", query: ({ emp }) => emp.groupBy("dept_id").agg(F.collect_set("name").alias("names"), F.first("salary", true).alias("fs"), F.count("salary")), sortArrays: true },
  { name: "CSV read with header, inferSchema and quotes", query: (_f, spark) => spark.read.option("header", true).option("inferSchema", true).csv(csvPath).filter(F.col("fare").isNotNull()).withColumn("tip", F.col("fare").multiply(0.1)) },
];

const spark = SparkSession.builder.appName("bridge-e2e").config("spark.sql.session.timeZone", "UTC").getOrCreate();
let oracle: PySparkOracle | undefined;
let frames: BridgeFrames;

beforeAll(async () => {
  oracle = await PySparkOracle.start();
  frames = bridgeFrames(spark);
});
afterAll(async () => {
  await oracle?.stop();
});

function sortArrayCells(rows: readonly unknown[][]): unknown[][] {
  const key = (v: unknown): string => (v === null ? "" : `${typeof v}:${String(v)}`);
  return rows.map((r) => r.map((v) => (Array.isArray(v) ? [...v].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) : v)));
}

describe("generated PySpark gives Kindling's rows on real Spark", () => {
  it("has at least 20 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(20));
  for (const c of CASES) {
    it(c.name, async () => {
      const df = c.query(frames, spark);
      const code = df.toPySpark({ action: "none" });
      const result = await oracle!.run(`${code}\ndf = result\n`, { timeoutMs: 180_000 });
      const kSchema = df.schema.fields.map((f) => ({ name: f.name, type: simpleString(f.dataType), nullable: f.nullable }));
      const sSchema = result.schema.map(({ name, type, nullable }) => ({ name, type, nullable }));
      expect(sSchema, `schema (Spark vs Kindling)\n${code}`).toEqual(kSchema);
      const sort = c.sortArrays === true ? sortArrayCells : (r: readonly unknown[][]) => [...r];
      expectSameRows(sort(kindlingRows(df)), sort(result.rows as unknown[][]), { ordered: c.ordered ?? false, names: ["kindling", "spark"], columns: kSchema.map((f) => f.name) });
    }, 240_000);
  }
});

/**
 * Golden files of generated PySpark: one script per supported plan node / expression family,
 * compared byte for byte with test/bridge/golden/<name>.py (paths under the repository are
 * written relative, `./test/...`). `UPDATE_GOLDEN=1 npx vitest run test/bridge/golden.test.ts`
 * rewrites them; review the diff. Every golden must also parse with Python's `ast`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { functions as F } from "../../src/index.js";
import { SparkSession } from "../../src/session/spark-session.js";
import { parsePython } from "./support/python-ast.js";

const GOLDEN = join(import.meta.dirname, "golden");
const FIXTURES = join(import.meta.dirname, "fixtures");
const spark = SparkSession.builder.appName("golden").config("spark.sql.session.timeZone", "UTC").getOrCreate();

const trips = () => spark.createDataFrame([[1, "Midtown", 12.5], [2, "JFK", null]], "id INT, zone STRING, fare DOUBLE");
const zones = () => spark.createDataFrame([["Midtown", "Manhattan"], ["JFK", "Queens"]], "zone STRING, borough STRING");
const kafka = () => spark.readStream.format("kafka").option("kafka.bootstrap.servers", "127.0.0.1:9092").option("subscribe", "rides_csv").option("startingOffsets", "earliest").load();

const CASES: Record<string, () => string> = {
  "local-rows-all-types": () => spark.createDataFrame(
    [[1, 2n, 1.5, "a\"b", true, "2020-07-01", "2020-07-01 00:25:32.5", "12.50", new Uint8Array([0, 65]), ["x", null], { k: 1 }, [7, "s"]], [null, null, -0, "", false, null, null, null, null, null, null, null]],
    "i INT, l BIGINT, d DOUBLE, s STRING, b BOOLEAN, dt DATE, ts TIMESTAMP, dec DECIMAL(5,2), bin BINARY, arr ARRAY<STRING>, m MAP<STRING, INT>, st STRUCT<n: INT, `a b`: STRING>",
  ).toPySpark(),
  "range": () => spark.range(0, 100, 5).toPySpark(),
  "file-scan-csv": () => spark.read.option("header", true).option("inferSchema", true).csv(join(FIXTURES, "trips")).toPySpark(),
  "file-scan-json-schema": () => spark.read.schema("id BIGINT, ts TIMESTAMP").json(join(FIXTURES, "events.json")).toPySpark(),
  "project-operators": () => trips().select(
    F.col("id").plus(1).multiply(2), F.col("fare").minus(F.col("id").divide(3)), F.lit(10).minus(F.col("id")), F.col("id").mod(2).eq(0),
    F.col("id").gt(1).and(F.col("fare").lt(20).or(F.col("zone").isNull())), F.not(F.col("id").eq(1)), F.col("id").ne(2), F.col("fare").negate(),
    F.col("zone").eqNullSafe(null), F.col("*"),
  ).toPySpark(),
  "filter": () => trips().filter(F.col("fare").gt(10).and(F.col("zone").isin("Midtown", "JFK"))).where("id > 0").toPySpark(),
  "with-column-shapes": () => trips().withColumn("tip", F.col("fare").multiply(0.1)).withColumns({ fare: F.round(F.col("fare"), 1), big: F.col("fare").gt(20) }).withColumnRenamed("zone", "pickup_zone").drop("big").toPySpark(),
  "when-cast-literals": () => trips().select(
    F.when(F.col("fare").gt(50), "airport").when(F.col("fare").gt(10), "long").otherwise("short").alias("kind"),
    F.col("id").cast("string"), F.col("zone").try_cast("int"), F.col("fare").cast("decimal(10,2)"),
    F.lit(5n), F.lit(2 ** 40), F.lit(null), F.lit(true), F.lit(new Date(Date.UTC(2020, 6, 1, 12))), F.lit(Number.NaN), F.expr("1.50"), F.expr("2Y"), F.expr("DATE'2020-07-01'"),
  ).toPySpark(),
  "functions": () => spark.createDataFrame([["a, b", "2020-07-01 00:25:32"]], "s STRING, t STRING").select(
    F.split(F.col("s"), ", ").getItem(0), F.split(F.col("s"), ",", 2), F.upper(F.trim(F.col("s"))), F.concat_ws("|", F.col("s"), F.col("t")), F.concat(F.col("s"), F.lit("!")),
    F.substring(F.col("s"), 1, 2), F.col("s").substr(1, 2), F.regexp_replace(F.col("s"), "\\s+", " "), F.regexp_extract(F.col("s"), "(\\w+)", 1), F.length(F.col("s")),
    F.col("s").like("a%"), F.col("s").rlike("^a"), F.col("s").startswith("a"), F.col("s").contains(","),
    F.to_timestamp(F.col("t")), F.to_timestamp(F.col("t"), "yyyy-MM-dd HH:mm:ss"), F.to_date(F.col("t")), F.date_format(F.col("t"), "HH:mm"), F.unix_timestamp(), F.unix_timestamp(F.col("t")),
    F.from_unixtime(F.lit(0)), F.year(F.col("t")), F.hour(F.col("t")), F.coalesce(F.col("s"), F.lit("")), F.isnan(F.lit(1.5)), F.pow(F.lit(2), 10), F.sqrt(F.lit(2)),
    F.struct(F.col("s"), F.col("t")), F.array(F.col("s"), F.col("t")), F.expr("s || t"), F.expr("7 div 2"), F.expr("greatest(1, 2)"),
  ).toPySpark(),
  "aggregate": () => trips().groupBy("zone").agg(F.sum("fare").alias("total"), F.avg("fare"), F.min("id"), F.max("id"), F.count("*"), F.count("fare"), F.countDistinct("id"), F.sum_distinct("id"), F.first("fare", true), F.last("fare"), F.collect_list("id"), F.collect_set("id")).toPySpark(),
  "aggregate-count-and-global": () => trips().groupBy("zone", F.col("id").mod(2).alias("odd")).count().union(trips().groupBy().agg(F.lit("all").alias("zone"), F.count("*").alias("odd"), F.count("*").alias("count"))).toPySpark(),
  "sort-limit": () => trips().orderBy(F.col("fare").desc(), F.col("zone").asc_nulls_last(), "id").limit(10).sort({ ascending: false }, "id").toPySpark(),
  "joins": () => {
    const t = trips();
    const z = zones();
    return t.join(z, "zone").join(z.withColumnRenamed("borough", "b2"), "zone", "left")
      .join(zones().alias("z3"), t.col("zone").eq(F.col("z3.zone")), "left_anti")
      .crossJoin(spark.range(2)).toPySpark();
  },
  "join-pinned-columns": () => {
    const t = trips();
    const z = zones();
    return t.join(z, t.col("zone").eq(z.col("zone")), "full").select(t.col("id"), z.col("borough")).toPySpark();
  },
  "union-distinct": () => trips().union(trips()).unionByName(trips().select("zone", "id"), true).distinct().dropDuplicates(["zone"]).toPySpark(),
  "alias-self-join": () => {
    const t = trips().filter(F.col("id").gt(0));
    return t.alias("a").join(t.alias("b"), F.col("a.id").lt(F.col("b.id"))).select("a.zone", "b.zone").toPySpark();
  },
  "json-csv-session-approx": () => spark.createDataFrame([["u1", '{"a":1,"t":"2020-07-01 00:25:32"}', "1,x"]], "user STRING, v STRING, c STRING")
    .select("user", F.from_json(F.col("v"), "a INT, t TIMESTAMP").alias("j"), F.from_json("v", "a INT", { mode: "FAILFAST" }).alias("j2"),
      F.from_csv(F.col("c"), "n INT, s STRING", { sep: "," }).alias("r"), F.expr("from_json(v, 'MAP<STRING, STRING>')"))
    .select("user", "j.*", F.to_json(F.struct("user", "r")).alias("js"), F.to_json(F.col("r"), { ignoreNullFields: false }))
    .groupBy(F.session_window("t", "5 minutes"), "user").agg(F.approx_count_distinct("a"), F.approx_count_distinct("js", 0.01).alias("d"), F.count("*"))
    .toPySpark(),
  "sql": () => {
    trips().createOrReplaceTempView("trips");
    zones().createOrReplaceTempView("zones");
    return spark.sql("SELECT z.borough, count(*) AS n, sum(t.fare) FROM trips t JOIN zones z ON t.zone = z.zone WHERE t.fare > 1 GROUP BY z.borough HAVING n > 0 ORDER BY n DESC LIMIT 3").toPySpark();
  },
  "stream-kafka-window-to-kafka": () => {
    const fields = F.split(F.col("value").cast("string"), ", ");
    return kafka()
      .select(fields.getItem(0).cast("int").alias("vendor_id"), fields.getItem(1).cast("timestamp").alias("pickup"))
      .withWatermark("pickup", "10 minutes")
      .groupBy(F.window(F.col("pickup"), "10 minutes", "5 minutes"), F.col("vendor_id")).count()
      .select(F.col("vendor_id").cast("string").alias("key"), F.concat_ws(",", F.col("window").getField("start").cast("string"), F.col("count").cast("string")).alias("value"))
      .writeStream.outputMode("update").format("kafka").option("kafka.bootstrap.servers", "127.0.0.1:9092").option("topic", "vendor_counts_windowed")
      .option("checkpointLocation", "/tmp/ckpt/windowed").trigger({ processingTime: "5 seconds" }).queryName("windowed").toPySpark();
  },
  "stream-rate-to-console": () => spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 5).option("numPartitions", 1).load()
    .select(F.col("value"), F.col("value").multiply(10).alias("tenfold"))
    .writeStream.format("console").option("truncate", false).trigger({ availableNow: true }).toPySpark(),
  "stream-files-to-parquet": () => spark.readStream.schema("id BIGINT, ts TIMESTAMP").option("maxFilesPerTrigger", 1).json(FIXTURES)
    .filter(F.col("id").isNotNull())
    .writeStream.format("parquet").option("checkpointLocation", "/tmp/ckpt/files").trigger({ once: true }).toPySpark("/tmp/out/files"),
  "intervals": () => spark.createDataFrame([["2020-07-01 00:25:32", "2020-07-01", 5400_000_000n]], "t TIMESTAMP, d DATE, i INTERVAL DAY TO SECOND")
    .filter(F.expr("t < t + INTERVAL 30 MINUTES"))
    .select(
      F.col("t").plus(F.expr("INTERVAL 1 HOUR")), F.expr("t - INTERVAL '1 02:03:04.5' DAY TO SECOND"), F.expr("d + INTERVAL 2 YEARS"),
      F.expr("d - INTERVAL '1-3' YEAR TO MONTH"), F.expr("t - t"), F.col("i").multiply(2), F.col("i").negate(), F.col("i").gt(F.expr("INTERVAL -90 MINUTES")), F.col("i").cast("string"),
    ).toPySpark(),
  "pyspark-3.5": () => trips().select(F.col("id").plus(1)).toPySpark({ version: "3.5", action: "none", resultName: "trips_out" }),
};

// Paths under the repository are machine-specific; goldens keep them relative.
const normalise = (code: string): string => code.split(join(import.meta.dirname, "..", "..")).join(".");

describe("golden PySpark scripts", () => {
  for (const [name, make] of Object.entries(CASES)) {
    it(name, () => {
      const code = normalise(make());
      const file = join(GOLDEN, `${name}.py`);
      if (process.env["UPDATE_GOLDEN"] === "1" || !existsSync(file)) {
        if (process.env["UPDATE_GOLDEN"] !== "1" && process.env["CI"] !== undefined) throw new Error(`missing golden ${file}: run with UPDATE_GOLDEN=1`);
        writeFileSync(file, code);
      }
      expect(code).toBe(readFileSync(file, "utf8"));
      expect(() => parsePython(code)).not.toThrow();
    });
  }
});

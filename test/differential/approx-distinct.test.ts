/**
 * Differential: approx_count_distinct (HyperLogLog++ with Spark's xxHash64 per type and its
 * bias-correction tables) must give PySpark 4.1.1's estimate to the unit, for every type, for
 * counts in the linear-counting, bias-corrected and raw ranges, for several rsd values, grouped
 * and global, from F.* and from SQL.
 */
import { describe, it } from "vitest";
import * as F from "../../src/expr/functions.js";
import type { SparkSession } from "../../src/session/spark-session.js";
import { useDiffHarness, type DiffCase } from "./support/diff-case.js";

const h = useDiffHarness();

/** Columns of every type over spark.range(n), the same SQL text in both engines. */
const TYPED = [
  "id % 37 AS g",
  "CAST((id * 7919) % 20011 AS INT) AS i",
  "(id * 104729) % 1000003 AS l",
  "CAST((id * 31) % 1000 AS SMALLINT) AS sh",
  "CASE WHEN id % 11 = 0 THEN NULL WHEN id % 13 = 0 THEN CAST('NaN' AS DOUBLE) WHEN id % 17 = 0 THEN CAST('-0.0' AS DOUBLE) WHEN id % 19 = 0 THEN 0.0D ELSE CAST(id % 5000 AS DOUBLE) / 8 END AS d",
  "CAST(CAST(id % 3000 AS DOUBLE) / 3 AS FLOAT) AS f",
  "concat('user-', CAST(id % 2000 AS STRING), CASE WHEN id % 2 = 0 THEN 'é' ELSE 'a-longer-suffix-past-32-bytes-of-utf8' END) AS s",
  "CAST(CAST(id % 999 AS DOUBLE) / 4 AS DECIMAL(10,2)) AS dec",
  "CAST(id % 777 AS DECIMAL(30,5)) AS bigdec",
  "to_date(from_unixtime((id % 500) * 86400)) AS dt",
  "to_timestamp(from_unixtime((id * 7) % 100000)) AS ts",
  "id % 3 = 0 AS b",
  "CAST(CAST(id % 1500 AS STRING) AS BINARY) AS bin",
];

const typedPy = (n: number): string => `spark.range(${n}).selectExpr(*${JSON.stringify(TYPED)})`;
const typedTs = (spark: SparkSession, n: number) => spark.range(n).selectExpr(...TYPED);

const ALL = ["i", "l", "sh", "d", "f", "s", "dec", "bigdec", "dt", "ts", "b", "bin"] as const;
const SOME = ["l", "d", "s", "ts"] as const;

const cases: DiffCase[] = [
  {
    name: "every type, global, default rsd (p = 9)",
    kindling: (_f, spark) => typedTs(spark, 20000).agg(...ALL.map((c) => F.approx_count_distinct(c))),
    pyspark: `df = ${typedPy(20000)}.agg(*[F.approx_count_distinct(c) for c in ${JSON.stringify(ALL)}])`,
    show: { vertical: true },
  },
  {
    name: "every type, grouped by 37 keys, rsd 0.2 (p = 5); four types at rsd 0.01 (p = 14)",
    kindling: (_f, spark) => typedTs(spark, 10000).groupBy("g").agg(
      ...SOME.map((c) => F.approx_count_distinct(c, 0.01).alias(`${c}_01`)), ...ALL.map((c) => F.approx_count_distinct(c, 0.2).alias(`${c}_2`)),
    ),
    pyspark: `
      df = ${typedPy(10000)}.groupBy("g").agg(*[F.approx_count_distinct(c, 0.01).alias(c + "_01") for c in ${JSON.stringify(SOME)}],
                                             *[F.approx_count_distinct(c, 0.2).alias(c + "_2") for c in ${JSON.stringify(ALL)}])
    `,
  },
  ...[10, 100, 1000, 1500, 2000, 2600, 5000, 60000].map((k): DiffCase => ({
    name: `${k} distinct longs and ints in 60000 rows, rsd 0.05 / 0.02 / 0.1 / 0.3 (linear counting, bias-corrected and raw ranges)`,
    kindling: (_f, spark) => spark.range(60000).selectExpr(`(id * 2654435761) % ${k} AS v`, `CAST(id % ${k} AS INT) AS w`)
      .agg(F.approx_count_distinct("v"), F.approx_count_distinct("v", 0.02).alias("v02"), F.approx_count_distinct("w", 0.1).alias("w1"), F.approx_count_distinct("w", 0.3).alias("w3")),
    pyspark: `
      df = spark.range(60000).selectExpr("(id * 2654435761) % ${k} AS v", "CAST(id % ${k} AS INT) AS w") \\
          .agg(F.approx_count_distinct("v"), F.approx_count_distinct("v", 0.02).alias("v02"), F.approx_count_distinct("w", 0.1).alias("w1"), F.approx_count_distinct("w", 0.3).alias("w3"))
    `,
  })),
  {
    name: "skewed strings on the rides: per vendor, pickup zone ids and flags; a group of only nulls gives 0",
    ordered: true,
    kindling: ({ rides }) => rides.groupBy("VendorID").agg(
      F.approx_count_distinct("PULocationID"), F.approx_count_distinct(F.concat_ws("/", F.col("PULocationID"), F.col("DOLocationID"))).alias("pairs"),
      F.approx_count_distinct("store_and_fwd_flag"), F.approx_count_distinct("total_amount"), F.approx_count_distinct(F.lit(null).cast("int")).alias("nulls"),
    ).orderBy("VendorID"),
    pyspark: `
      df = rides.groupBy("VendorID").agg(F.approx_count_distinct("PULocationID"),
          F.approx_count_distinct(F.concat_ws("/", F.col("PULocationID"), F.col("DOLocationID"))).alias("pairs"),
          F.approx_count_distinct("store_and_fwd_flag"), F.approx_count_distinct("total_amount"), F.approx_count_distinct(F.lit(None).cast("int")).alias("nulls")).orderBy("VendorID")
    `,
    show: {},
  },
  {
    name: "over empty input: 0, not null",
    kindling: ({ nums_empty }) => nums_empty.agg(F.approx_count_distinct("i"), F.approx_count_distinct("s", 0.1)),
    pyspark: `df = nums_empty.agg(F.approx_count_distinct("i"), F.approx_count_distinct("s", 0.1))`,
    show: {},
  },
  {
    name: "an rsd above 0.39 fails with FAILED_FUNCTION_CALL",
    kindling: ({ nums }) => nums.agg(F.approx_count_distinct("i", 0.5)),
    pyspark: `df = nums.agg(F.approx_count_distinct("i", 0.5))`,
    error: "FAILED_FUNCTION_CALL",
  },
  {
    name: "SQL spelling: approx_count_distinct(x) and (x, 0.1), named without the rsd",
    kindling: (_f, spark) => typedTs(spark, 5000).selectExpr("approx_count_distinct(l)", "approx_count_distinct(s, 0.1)", "approx_count_distinct(d, 0.01D) AS dd"),
    pyspark: `df = ${typedPy(5000)}.selectExpr("approx_count_distinct(l)", "approx_count_distinct(s, 0.1)", "approx_count_distinct(d, 0.01D) AS dd")`,
    show: {},
  },
];

describe("differential: approx_count_distinct equals Spark's HLL++ estimate", () => {
  for (const c of cases) it(c.name, () => h.check(c), 180_000);
});

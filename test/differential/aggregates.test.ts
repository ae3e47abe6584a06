/**
 * Differential: aggregation and ordering (groupBy with count/sum/avg/min/max/first/last/
 * countDistinct/collect_list, global aggregates over empty input, the course's window() query,
 * orderBy with null ordering, limit, distinct/dropDuplicates), Kindling against real PySpark 4.1.1.
 */
import { describe, it } from "vitest";
import * as F from "../../src/expr/functions.js";
import { useDiffHarness, type DiffCase } from "./support/diff-case.js";

const h = useDiffHarness();

const groups: DiffCase[] = [
  {
    name: "groupBy VendorID over rides: count, sum, avg, min, max, countDistinct",
    kindling: ({ rides }) =>
      rides.groupBy("VendorID").agg(
        F.count("*"), F.count("passenger_count"), F.sum("passenger_count"), F.sum("total_amount"), F.avg("trip_distance"),
        F.min("tpep_pickup_datetime"), F.max("total_amount"), F.countDistinct("payment_type"), F.mean("fare_amount"),
      ),
    pyspark: `
      df = rides.groupBy("VendorID").agg(F.count("*"), F.count("passenger_count"), F.sum("passenger_count"), F.sum("total_amount"),
          F.avg("trip_distance"), F.min("tpep_pickup_datetime"), F.max("total_amount"), F.countDistinct("payment_type"), F.mean("fare_amount"))
    `,
  },
  {
    name: "GroupedData.count and sorted output by two keys, with null keys as a group",
    kindling: ({ rides }) => rides.groupBy("VendorID", "payment_type").count().orderBy("VendorID", "payment_type"),
    pyspark: `df = rides.groupBy("VendorID", "payment_type").count().orderBy("VendorID", "payment_type")`,
    ordered: true,
    show: { n: 5 },
  },
  {
    name: "first/last with ignorenulls (order-independent: one non-null value) and min/max of strings",
    kindling: ({ emp }) =>
      emp.filter(F.col("dept_id").eq(10)).groupBy("dept_id").agg(F.first("salary", true), F.last("salary", true), F.min("name"), F.max("name")),
    pyspark: `df = emp.filter(F.col("dept_id") == 10).groupBy("dept_id").agg(F.first("salary", True), F.last("salary", True), F.min("name"), F.max("name"))`,
  },
  {
    name: "collect_list and collect_set per group, nulls skipped (arrays sorted for comparison)",
    kindling: ({ emp }) => emp.groupBy("dept_id").agg(F.collect_list("name"), F.collect_set("salary")),
    pyspark: `df = emp.groupBy("dept_id").agg(F.collect_list("name"), F.collect_set("salary"))`,
    sortArrays: true,
  },
  {
    name: "sum/avg/min/max of doubles with NaN and infinities, and of ints that overflow int (sum is bigint)",
    kindling: ({ nums }) => nums.groupBy(F.col("id").mod(2).alias("odd")).agg(F.sum("d"), F.avg("d"), F.min("d"), F.max("d"), F.sum("i"), F.avg("i"), F.min("s"), F.max("f")),
    pyspark: `df = nums.groupBy((F.col("id") % 2).alias("odd")).agg(F.sum("d"), F.avg("d"), F.min("d"), F.max("d"), F.sum("i"), F.avg("i"), F.min("s"), F.max("f"))`,
  },
  {
    name: "decimal arithmetic and aggregates: cast to decimal(10,2), sum is decimal(20,2), avg decimal(14,6)",
    kindling: ({ rides }) =>
      rides.select("VendorID", F.col("total_amount").cast("decimal(10,2)").alias("amt"), F.col("tip_amount").cast("decimal(8,2)").alias("tip"))
        .groupBy("VendorID").agg(F.sum("amt"), F.avg("amt"), F.max("tip"), F.sum(F.col("amt").plus(F.col("tip"))), F.min(F.col("amt").multiply(F.col("tip"))))
        .orderBy("VendorID"),
    pyspark: `
      df = rides.select("VendorID", F.col("total_amount").cast("decimal(10,2)").alias("amt"), F.col("tip_amount").cast("decimal(8,2)").alias("tip")) \
          .groupBy("VendorID").agg(F.sum("amt"), F.avg("amt"), F.max("tip"), F.sum(F.col("amt") + F.col("tip")), F.min(F.col("amt") * F.col("tip"))) \
          .orderBy("VendorID")
    `,
    ordered: true,
    show: {},
  },
  {
    name: "countDistinct over two columns and aggregates of expressions, with a HAVING-style filter",
    kindling: ({ rides }) =>
      rides.groupBy("PULocationID").agg(F.countDistinct("VendorID", "payment_type").alias("combos"), F.sum(F.col("fare_amount").multiply(1.1)).alias("fare_plus"), F.count(F.when(F.col("tip_amount").gt(0), 1)).alias("tipped"))
        .filter(F.col("combos").ge(2)),
    pyspark: `
      df = rides.groupBy("PULocationID").agg(F.countDistinct("VendorID", "payment_type").alias("combos"),
          F.sum(F.col("fare_amount") * 1.1).alias("fare_plus"), F.count(F.when(F.col("tip_amount") > 0, 1)).alias("tipped")).filter(F.col("combos") >= 2)
    `,
  },
  {
    name: "GroupedData shortcuts sum/avg/max/min over all numeric columns or named ones, and agg with a dict",
    kindling: ({ nums }) =>
      nums.select(F.col("id").mod(3).alias("g"), "i", "d", "f").groupBy("g").sum().join(nums.select(F.col("id").mod(3).alias("g"), "i", "d").groupBy("g").max("i", "d"), "g")
        .join(nums.select(F.col("id").mod(3).alias("g"), "l").groupBy("g").agg({ l: "avg" }), "g"),
    pyspark: `
      df = nums.select((F.col("id") % 3).alias("g"), "i", "d", "f").groupBy("g").sum() \
          .join(nums.select((F.col("id") % 3).alias("g"), "i", "d").groupBy("g").max("i", "d"), "g") \
          .join(nums.select((F.col("id") % 3).alias("g"), "l").groupBy("g").agg({"l": "avg"}), "g")
    `,
  },
  {
    name: "groupBy an aliased expression (pickup hour) with a count and a rounded average",
    kindling: ({ rides }) => rides.groupBy(F.hour("tpep_pickup_datetime").alias("h")).agg(F.count("*").alias("n"), F.round(F.avg("trip_distance"), 3).alias("avg_km")).orderBy("h"),
    pyspark: `df = rides.groupBy(F.hour("tpep_pickup_datetime").alias("h")).agg(F.count("*").alias("n"), F.round(F.avg("trip_distance"), 3).alias("avg_km")).orderBy("h")`,
    ordered: true,
    show: {},
  },
  {
    name: "a sum of longs that overflows raises ARITHMETIC_OVERFLOW under ANSI",
    kindling: ({ nums }) => nums.filter(F.col("l").gt(0)).agg(F.sum("l")),
    pyspark: `df = nums.filter(F.col("l") > 0).agg(F.sum("l"))`,
    error: "ARITHMETIC_OVERFLOW",
  },
  {
    name: "global aggregates over empty input: one row, count 0, the others null",
    kindling: ({ nums_empty }) => nums_empty.agg(F.count("*"), F.count("i"), F.sum("i"), F.avg("d"), F.min("s"), F.max("l"), F.countDistinct("i"), F.collect_list("i"), F.first("d")),
    pyspark: `df = nums_empty.agg(F.count("*"), F.count("i"), F.sum("i"), F.avg("d"), F.min("s"), F.max("l"), F.countDistinct("i"), F.collect_list("i"), F.first("d"))`,
    show: { vertical: true },
  },
  {
    name: "groupBy over empty input gives no rows",
    kindling: ({ nums_empty }) => nums_empty.groupBy("s").agg(F.count("*"), F.sum("d")),
    pyspark: `df = nums_empty.groupBy("s").agg(F.count("*"), F.sum("d"))`,
    show: {},
  },
];

const windows: DiffCase[] = [
  {
    name: "the course query: 10-minute tumbling windows by VendorID, sorted, window shown as a struct",
    kindling: ({ rides }) =>
      rides.groupBy(F.window("tpep_pickup_datetime", "10 minutes"), "VendorID").agg(F.count("*").alias("rides"), F.round(F.sum("total_amount"), 2).alias("total"))
        .orderBy("window", "VendorID"),
    pyspark: `
      df = rides.groupBy(F.window("tpep_pickup_datetime", "10 minutes"), "VendorID") \\
          .agg(F.count("*").alias("rides"), F.round(F.sum("total_amount"), 2).alias("total")).orderBy("window", "VendorID")
    `,
    ordered: true,
    show: { truncate: false, n: 6 },
  },
  {
    name: "sliding windows (10 minutes every 5) with a startTime, window.start/end extracted",
    kindling: ({ rides }) =>
      rides.groupBy(F.window("tpep_pickup_datetime", "10 minutes", "5 minutes", "2 minutes"), "VendorID").count()
        .select(F.col("window").getField("start").alias("start"), F.col("window").getField("end").alias("end"), "VendorID", "count"),
    pyspark: `
      df = rides.groupBy(F.window("tpep_pickup_datetime", "10 minutes", "5 minutes", "2 minutes"), "VendorID").count() \\
          .select(F.col("window").getField("start").alias("start"), F.col("window").getField("end").alias("end"), "VendorID", "count")
    `,
  },
  {
    name: "select(window(...)) keeps every row's windows, with the struct's schema",
    kindling: ({ times }) => times.select("k", F.window("ts", "1 hour", "30 minutes")),
    pyspark: `df = times.select("k", F.window("ts", "1 hour", "30 minutes"))`,
    show: { truncate: false },
  },
];

const ordering: DiffCase[] = [
  {
    name: "orderBy: ascending puts nulls first; ties broken by a descending key",
    kindling: ({ nums }) => nums.select("id", "i", "d").orderBy(F.col("i").asc(), F.col("id").desc()),
    pyspark: `df = nums.select("id", "i", "d").orderBy(F.col("i").asc(), F.col("id").desc())`,
    ordered: true,
    show: {},
  },
  {
    name: "orderBy a double with NaN (largest) and infinities, descending",
    kindling: ({ nums }) => nums.select("id", "d").orderBy(F.col("d").desc(), "id"),
    pyspark: `df = nums.select("id", "d").orderBy(F.col("d").desc(), "id")`,
    ordered: true,
  },
  {
    name: "asc_nulls_last on strings: the empty string first, nulls last",
    kindling: ({ nums }) => nums.select("id", "s").orderBy(F.col("s").asc_nulls_last(), "id"),
    pyspark: `df = nums.select("id", "s").orderBy(F.col("s").asc_nulls_last(), "id")`,
    ordered: true,
  },
  {
    name: "orderBy with ascending=False for several columns, then limit",
    kindling: ({ rides }) => rides.select("VendorID", "total_amount", "tpep_pickup_datetime").orderBy(["VendorID", "total_amount", "tpep_pickup_datetime"], { ascending: false }).limit(7),
    pyspark: `df = rides.select("VendorID", "total_amount", "tpep_pickup_datetime").orderBy(["VendorID", "total_amount", "tpep_pickup_datetime"], ascending=False).limit(7)`,
    ordered: true,
    show: { n: 3 },
  },
  {
    name: "limit(0) shows an empty table with its header",
    kindling: ({ nums }) => nums.select("id", "s").limit(0),
    pyspark: `df = nums.select("id", "s").limit(0)`,
    show: {},
  },
  {
    name: "structs of columns (nulls inside), a null literal column (void) and orderBy an expression",
    kindling: ({ nums }) => nums.select(F.struct("id", "s", "d").alias("st"), F.lit(null).alias("nothing"), "id").orderBy(F.col("id").multiply(-1)).drop("id"),
    pyspark: `df = nums.select(F.struct("id", "s", "d").alias("st"), F.lit(None).alias("nothing"), "id").orderBy(F.col("id") * -1).drop("id")`,
    ordered: true,
    show: { truncate: 15 },
  },
  {
    name: "distinct removes duplicate rows (NaN equal to NaN, null equal to null)",
    kindling: ({ nums }) => nums.select("i", "l", "d", "f", "s").union(nums.select("i", "l", "d", "f", "s")).distinct(),
    pyspark: `df = nums.select("i", "l", "d", "f", "s").union(nums.select("i", "l", "d", "f", "s")).distinct()`,
  },
  {
    name: "dropDuplicates on a subset keeps one row per key (keys compared; which row is arbitrary)",
    kindling: ({ emp }) => emp.dropDuplicates(["dept_id"]).select("dept_id"),
    pyspark: `df = emp.dropDuplicates(["dept_id"]).select("dept_id")`,
  },
  {
    name: "dropDuplicates on a subset where duplicates are whole-row equal",
    kindling: ({ emp }) => emp.select("dept_id", "salary").dropDuplicates(["dept_id", "salary"]),
    pyspark: `df = emp.select("dept_id", "salary").dropDuplicates(["dept_id", "salary"])`,
  },
];

describe("groupBy and global aggregates, Kindling vs PySpark", () => {
  for (const c of groups) it(c.name, () => h.check(c));
});
describe("event-time windows, Kindling vs PySpark", () => {
  for (const c of windows) it(c.name, () => h.check(c));
});
describe("ordering, limit and duplicates, Kindling vs PySpark", () => {
  for (const c of ordering) it(c.name, () => h.check(c));
});

/**
 * Differential: joins (inner/left/right/full/left_semi/left_anti/cross, on names and on
 * expressions, with null and duplicate keys), unions (by position, by name, with missing
 * columns), na.drop/na.fill and column renames/drops, Kindling against real PySpark 4.1.1.
 */
import { describe, it } from "vitest";
import * as F from "../../src/expr/functions.js";
import { useDiffHarness, type DiffCase } from "./support/diff-case.js";

const h = useDiffHarness();

const joins: DiffCase[] = [
  {
    name: "inner join on a column name: the key once, first; null keys never match; duplicate keys multiply",
    kindling: ({ emp, dept }) => emp.join(dept, "dept_id").orderBy("id", "dept_name"),
    pyspark: `df = emp.join(dept, "dept_id").orderBy("id", "dept_name")`,
    ordered: true,
    show: {},
  },
  {
    name: "left join on a name keeps unmatched left rows with nulls",
    kindling: ({ emp, dept }) => emp.join(dept, "dept_id", "left"),
    pyspark: `df = emp.join(dept, "dept_id", "left")`,
  },
  {
    name: "right join on a name keeps unmatched right rows, the key from the right",
    kindling: ({ emp, dept }) => emp.join(dept, ["dept_id"], "right"),
    pyspark: `df = emp.join(dept, ["dept_id"], "right")`,
  },
  {
    name: "full outer join on a name coalesces the key",
    kindling: ({ emp, dept }) => emp.join(dept, "dept_id", "outer").orderBy("dept_id", "id", "dept_name"),
    pyspark: `df = emp.join(dept, "dept_id", "outer").orderBy("dept_id", "id", "dept_name")`,
    ordered: true,
    show: { truncate: false },
  },
  {
    name: "left_semi and left_anti joins return left columns only",
    kindling: ({ emp, dept }) => emp.join(dept, "dept_id", "left_semi").withColumn("kind", F.lit("semi")).union(emp.join(dept, "dept_id", "left_anti").withColumn("kind", F.lit("anti"))),
    pyspark: `df = emp.join(dept, "dept_id", "left_semi").withColumn("kind", F.lit("semi")).union(emp.join(dept, "dept_id", "left_anti").withColumn("kind", F.lit("anti")))`,
  },
  {
    name: "cross join of every pair",
    kindling: ({ emp, dept }) => emp.select("id").crossJoin(dept.select("dept_name")),
    pyspark: `df = emp.select("id").crossJoin(dept.select("dept_name"))`,
  },
  {
    name: "left join on an expression keeps both key columns",
    kindling: ({ emp, dept }) => emp.join(dept, emp.col("dept_id").eq(dept.col("dept_id")), "left"),
    pyspark: `df = emp.join(dept, emp["dept_id"] == dept["dept_id"], "left")`,
  },
  {
    name: "an expression join followed by drop(right key column) keeps the left key",
    kindling: ({ emp, dept }) => emp.join(dept, emp.col("dept_id").eq(dept.col("dept_id")), "left").drop(dept.col("dept_id")).filter(F.col("id").gt(2)),
    pyspark: `df = emp.join(dept, emp["dept_id"] == dept["dept_id"], "left").drop(dept["dept_id"]).filter(F.col("id") > 2)`,
  },
  {
    name: "full outer join on a compound condition with a non-equi part",
    kindling: ({ emp, dept }) => emp.join(dept, emp.col("dept_id").eq(dept.col("dept_id")).and(emp.col("salary").gt(4500)), "full").select(emp.col("id"), dept.col("dept_name")),
    pyspark: `df = emp.join(dept, (emp["dept_id"] == dept["dept_id"]) & (emp["salary"] > 4500), "full").select(emp["id"], dept["dept_name"])`,
  },
  {
    name: "right join on a list of conditions, then filter and select by qualified columns",
    kindling: ({ emp, dept }) =>
      emp.alias("e").join(dept.alias("d"), [F.col("e.dept_id").eq(F.col("d.dept_id"))], "right").filter(F.col("d.dept_id").isNotNull()).select("e.name", "d.dept_name"),
    pyspark: `df = emp.alias("e").join(dept.alias("d"), [F.col("e.dept_id") == F.col("d.dept_id")], "right").filter(F.col("d.dept_id").isNotNull()).select("e.name", "d.dept_name")`,
  },
  {
    name: "the rides joined to a small lookup on payment_type, aggregated",
    kindling: ({ rides, pay_names }) => rides.join(pay_names, "payment_type", "left").groupBy("payment_name").agg(F.count("*"), F.round(F.avg("tip_amount"), 4)),
    pyspark: `df = rides.join(pay_names, "payment_type", "left").groupBy("payment_name").agg(F.count("*"), F.round(F.avg("tip_amount"), 4))`,
  },
];

const unions: DiffCase[] = [
  {
    name: "union by position keeps duplicates and widens types (int with bigint, int with double)",
    kindling: ({ nums }) => nums.select("i", "d").union(nums.select("l", "i")),
    pyspark: `df = nums.select("i", "d").union(nums.select("l", "i"))`,
  },
  {
    name: "unionByName matches columns by name whatever their order",
    kindling: ({ nums, nums2 }) => nums.select("id", "s").unionByName(nums2.select("s", "id")),
    pyspark: `df = nums.select("id", "s").unionByName(nums2.select("s", "id"))`,
    show: { n: 3 },
  },
  {
    name: "unionByName(allowMissingColumns=True) fills missing columns on both sides with nulls",
    kindling: ({ nums, nums2 }) => nums.select("id", "s", "d").unionByName(nums2, true),
    pyspark: `df = nums.select("id", "s", "d").unionByName(nums2, allowMissingColumns=True)`,
  },
];

const missing: DiffCase[] = [
  {
    name: "na.drop (any), how=all, thresh and subset",
    kindling: ({ nums }) =>
      nums.na.drop().withColumn("mode", F.lit("any"))
        .union(nums.na.drop("all").withColumn("mode", F.lit("all")))
        .union(nums.na.drop("any", 6).withColumn("mode", F.lit("thresh")))
        .union(nums.na.drop("any", undefined, ["d"]).withColumn("mode", F.lit("subset"))),
    pyspark: `
      df = nums.na.drop().withColumn("mode", F.lit("any")) \\
          .union(nums.na.drop(how="all").withColumn("mode", F.lit("all"))) \\
          .union(nums.na.drop(thresh=6).withColumn("mode", F.lit("thresh"))) \\
          .union(nums.na.drop(subset=["d"]).withColumn("mode", F.lit("subset")))
    `,
  },
  {
    name: "na.fill with a number fills numeric columns only (NaN stays), with a string strings only",
    kindling: ({ nums }) => nums.na.fill(0).select("id", "i", "l", "d", "f", "s").union(nums.na.fill("none")),
    pyspark: `df = nums.na.fill(0).select("id", "i", "l", "d", "f", "s").union(nums.na.fill("none"))`,
  },
  {
    name: "fillna with a per-column dict and a double into int columns",
    kindling: ({ nums, emp }) => nums.fillna({ i: -1, s: "?", d: 0.5 }).select("id", "i", "s", "d").union(emp.na.fill(1.5).select("id", "dept_id", "name", "salary")),
    pyspark: `df = nums.fillna({"i": -1, "s": "?", "d": 0.5}).select("id", "i", "s", "d").union(emp.na.fill(1.5).select("id", "dept_id", "name", "salary"))`,
  },
  {
    name: "withColumnRenamed, drop and withColumn replacing a column keep Spark's column order",
    kindling: ({ emp }) =>
      emp.withColumnRenamed("name", "who").withColumn("big", F.col("salary").multiply(1e6)).drop("salary", "nope").withColumn("id", F.col("id").multiply(10)).withColumn("x", F.lit(0.1)).orderBy("id"),
    pyspark: `
      df = emp.withColumnRenamed("name", "who").withColumn("big", F.col("salary") * 1e6).drop("salary", "nope") \
          .withColumn("id", F.col("id") * 10).withColumn("x", F.lit(0.1)).orderBy("id")
    `,
    ordered: true,
    show: {},
  },
  {
    name: "a missing column after a join raises UNRESOLVED_COLUMN.WITH_SUGGESTION",
    kindling: ({ emp, dept }) => emp.join(dept, "dept_id").select("dept_nam"),
    pyspark: `df = emp.join(dept, "dept_id").select("dept_nam")`,
    error: "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    errorMessage: true,
  },
];

describe("joins, Kindling vs PySpark", () => {
  for (const c of joins) it(c.name, () => h.check(c));
});
describe("unions, Kindling vs PySpark", () => {
  for (const c of unions) it(c.name, () => h.check(c));
});
describe("missing values and column management, Kindling vs PySpark", () => {
  for (const c of missing) it(c.name, () => h.check(c));
});

import { describe, expect, it } from "vitest";
import * as F from "../expr/functions.js";
import { SparkSession } from "./spark-session.js";

describe("DataFrame.drop", () => {
  const spark = SparkSession.builder.appName("drop-test").getOrCreate();
  const emp = spark.createDataFrame([[1, "a", 10, 5.0]], "id INT, name STRING, dept_id INT, salary DOUBLE");
  const dept = spark.createDataFrame([[10, "x"]], "dept_id INT, dname STRING");
  it("can be followed by more transformations (kept columns survive re-analysis)", () => {
    expect(emp.drop("salary").orderBy("id").columns).toEqual(["id", "name", "dept_id"]);
    expect(emp.drop("salary").withColumn("id", F.col("id").multiply(10)).collect()[0]!.asDict()).toEqual({ id: 10, name: "a", dept_id: 10 });
  });
  it("drops one side's copy of a join key by Column and keeps the other", () => {
    const joined = emp.join(dept, emp.col("dept_id").eq(dept.col("dept_id"))).drop(dept.col("dept_id"));
    expect(joined.columns).toEqual(["id", "name", "dept_id", "salary", "dname"]);
    expect(joined.orderBy("id").collect()[0]!.asDict()).toEqual({ id: 1, name: "a", dept_id: 10, salary: 5, dname: "x" });
  });
});

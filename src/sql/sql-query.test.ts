import { describe, expect, it } from "vitest";
import { AnalysisError, NotImplementedError } from "../common/errors.js";
import * as F from "../expr/functions.js";
import type { DataFrame } from "../session/dataframe.js";
import { SparkSession } from "../session/spark-session.js";
import { parseSqlStatement } from "./query-parser.js";

// Expected schemas and rows were read from real PySpark 4.1.1 running the same queries over the
// same data (spark.sql.session.timeZone=UTC).
const spark = SparkSession.builder.appName("sql-test").config("spark.sql.session.timeZone", "UTC").getOrCreate();
spark.createDataFrame([[1, "x", 10.0], [2, "y", 20.0], [1, "z", 30.0], [3, "x", null]], "k INT, c STRING, v DOUBLE").createOrReplaceTempView("t");
spark.createDataFrame([[1, "one"], [2, "two"], [4, "four"]], "k INT, name STRING").createOrReplaceTempView("u");
const at = (m: number): Date => new Date(Date.UTC(2020, 6, 1, 0, m));
spark.createDataFrame([[at(3), 1], [at(12), 2], [at(14), 3]], "ts TIMESTAMP, n INT").createOrReplaceTempView("ev");

/** Rows as arrays, decimals as strings and timestamps as ISO text (for readable expectations). */
function rows(df: DataFrame): unknown[][] {
  const plain = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString().slice(11, 16);
    if (typeof v === "object" && v !== null && !Array.isArray(v) && "asDict" in v && "values" in v) return (v as { values(): unknown[] }).values().map(plain);
    if (typeof v === "object" && v !== null && v.constructor.name !== "Object") return String(v);
    return v;
  };
  return df.collect().map((r) => r.values().map(plain));
}
const sql = (q: string): DataFrame => spark.sql(q);

describe("spark.sql", () => {
  it("types literals as Spark SQL does: 1.5 is decimal(2,1), 7 / 2 double, 7 div 2 bigint", () => {
    const df = sql("SELECT 1.5, 7 / 2, 7 div 2, -1, 2147483648, 0.1 + 0.2, 'a' 'b'");
    expect(df.dtypes).toEqual([["1.5", "decimal(2,1)"], ["(7 / 2)", "double"], ["(7 div 2)", "bigint"], ["-1", "int"], ["2147483648", "bigint"], ["(0.1 + 0.2)", "decimal(2,1)"], ["ab", "string"]]);
    expect(rows(df)).toEqual([["1.5", 3.5, 3, -1, 2147483648, "0.3", "ab"]]);
  });
  it("filters, projects, orders and limits", () => {
    expect(rows(sql("SELECT k, c FROM t WHERE k IN (1, 3) AND c LIKE 'x%'"))).toEqual([[1, "x"], [3, "x"]]);
    expect(rows(sql("SELECT * FROM t WHERE k BETWEEN 1 AND 2 ORDER BY v"))).toEqual([[1, "x", 10], [2, "y", 20], [1, "z", 30]]);
    expect(rows(sql("SELECT c, k FROM t ORDER BY k LIMIT 2"))).toEqual([["x", 1], ["z", 1]]);
    expect(rows(sql("SELECT c FROM t ORDER BY v DESC NULLS FIRST"))).toEqual([["x"], ["z"], ["y"], ["x"]]);
    expect(rows(sql("SELECT k + 1 AS k1 FROM t ORDER BY k1 DESC"))).toEqual([[4], [3], [2], [2]]);
    const named = sql("SELECT k AS `the key`, c FROM t LIMIT 1");
    expect(named.columns).toEqual(["the key", "c"]);
  });
  it("orders by a column that is not selected, as Spark's ResolveMissingReferences does", () => {
    expect(rows(sql("SELECT k FROM t ORDER BY c DESC"))).toEqual([[1], [2], [1], [3]]);
    expect(sql("SELECT k FROM t ORDER BY c DESC").columns).toEqual(["k"]);
    expect(() => sql("SELECT DISTINCT c FROM t ORDER BY v").collect()).toThrow(/UNRESOLVED_COLUMN.*`v`/);
    expect(rows(sql("SELECT DISTINCT c FROM t ORDER BY c DESC"))).toEqual([["z"], ["y"], ["x"]]);
  });
  it("aggregates with GROUP BY, ordinals, aliases and HAVING", () => {
    const g = sql("SELECT k, count(*) AS n FROM t GROUP BY k HAVING n > 1");
    expect(g.dtypes).toEqual([["k", "int"], ["n", "bigint"]]);
    expect(rows(g)).toEqual([[1, 2]]);
    expect(rows(sql("SELECT k, count(*) FROM t GROUP BY k HAVING count(*) > 1"))).toEqual([[1, 2]]);
    const hidden = sql("SELECT k FROM t GROUP BY k HAVING max(v) > 15 ORDER BY k");
    expect(hidden.columns).toEqual(["k"]);
    expect(rows(hidden)).toEqual([[1], [2]]);
    expect(rows(sql("SELECT k, sum(v) FROM t GROUP BY 1 ORDER BY 2 DESC"))).toEqual([[1, 40], [2, 20], [3, null]]);
    expect(rows(sql("SELECT k * 2 AS kk, count(*) FROM t GROUP BY kk ORDER BY kk"))).toEqual([[2, 2], [4, 1], [6, 1]]);
    expect(rows(sql("SELECT k, count(*) FROM t GROUP BY k ORDER BY count(*) DESC, k"))).toEqual([[1, 2], [2, 1], [3, 1]]);
    expect(rows(sql("SELECT upper(c) AS uc, count(*) FROM t GROUP BY upper(c) ORDER BY uc"))).toEqual([["X", 2], ["Y", 1], ["Z", 1]]);
    expect(rows(sql("SELECT sum(k) FROM t WHERE c = 'x'"))).toEqual([[4]]);
    expect(rows(sql("SELECT count(*) FROM t HAVING count(*) > 2"))).toEqual([[4]]);
    expect(() => sql("SELECT k, count(*) FROM t GROUP BY 3")).toThrow("[GROUP_BY_POS_OUT_OF_RANGE] GROUP BY position 3 is not in select list (valid range is [1, 2]). SQLSTATE: 42805");
    expect(() => sql("SELECT k FROM t ORDER BY 5")).toThrow("[ORDER_BY_POS_OUT_OF_RANGE] ORDER BY position 5 is not in select list (valid range is [1, 1]). SQLSTATE: 42805");
  });
  it("groups by event-time windows, with window.start in the select list", () => {
    const w = sql("SELECT window.start, window.end, count(*) FROM ev GROUP BY window(ts, '10 minutes') ORDER BY start");
    expect(w.dtypes).toEqual([["start", "timestamp"], ["end", "timestamp"], ["count(1)", "bigint"]]);
    expect(rows(w)).toEqual([["00:00", "00:10", 1], ["00:10", "00:20", 2]]);
    const sliding = sql("SELECT window, count(*) AS n FROM ev GROUP BY window(ts, '10 minutes', '5 minutes') ORDER BY window.start");
    expect(rows(sliding)).toEqual([[["23:55", "00:05"], 1], [["00:00", "00:10"], 1], [["00:05", "00:15"], 2], [["00:10", "00:20"], 2]]);
    // The same plan as the DataFrame API builds, so the same rows.
    const api = spark.table("ev").groupBy(F.window("ts", "10 minutes")).agg(F.sum("n"));
    const viaSql = sql("SELECT window(ts, '10 minutes') AS w, sum(n) FROM ev GROUP BY window(ts, '10 minutes') ORDER BY w.start");
    expect(rows(viaSql)).toEqual(rows(api.orderBy("window.start")));
    expect(rows(viaSql)).toEqual([[["00:00", "00:10"], 1], [["00:10", "00:20"], 5]]);
  });
  it("joins views: inner, USING, semi, anti, full, cross and comma", () => {
    expect(rows(sql("SELECT t.k, u.name FROM t JOIN u ON t.k = u.k ORDER BY t.k, name"))).toEqual([[1, "one"], [1, "one"], [2, "two"]]);
    const using = sql("SELECT * FROM t LEFT JOIN u USING (k) ORDER BY k, c");
    expect(using.columns).toEqual(["k", "c", "v", "name"]);
    expect(rows(using)).toEqual([[1, "x", 10, "one"], [1, "z", 30, "one"], [2, "y", 20, "two"], [3, "x", null, null]]);
    expect(rows(sql("SELECT * FROM t x LEFT SEMI JOIN u y ON x.k = y.k ORDER BY c"))).toEqual([[1, "x", 10], [2, "y", 20], [1, "z", 30]]);
    expect(rows(sql("SELECT * FROM t LEFT ANTI JOIN u ON t.k = u.k"))).toEqual([[3, "x", null]]);
    expect(rows(sql("SELECT * FROM t FULL OUTER JOIN u ON t.k = u.k ORDER BY t.k, u.k"))).toEqual([
      [null, null, null, 4, "four"], [1, "x", 10, 1, "one"], [1, "z", 30, 1, "one"], [2, "y", 20, 2, "two"], [3, "x", null, null, null],
    ]);
    expect(rows(sql("SELECT count(*) FROM t, u"))).toEqual([[12]]);
    expect(rows(sql("SELECT count(*) FROM t CROSS JOIN u"))).toEqual([[12]]);
    expect(() => sql("SELECT x.k FROM t AS x WHERE t.k = 1").collect()).toThrow(/UNRESOLVED_COLUMN.*`t`.`k`/);
  });
  it("reads subqueries, UNION and WITH", () => {
    expect(rows(sql("SELECT s.k FROM (SELECT k FROM t WHERE v > 15) s ORDER BY 1"))).toEqual([[1], [2]]);
    expect(rows(sql("SELECT k FROM t UNION SELECT k FROM u ORDER BY k"))).toEqual([[1], [2], [3], [4]]);
    expect(rows(sql("SELECT k FROM t UNION ALL SELECT k FROM u"))).toEqual([[1], [2], [1], [3], [1], [2], [4]]);
    expect(rows(sql("WITH x AS (SELECT k FROM t) SELECT count(*) FROM x"))).toEqual([[4]]);
  });
  it("builds the plan the DataFrame API builds", () => {
    const viaSql = sql("SELECT c, max(v) FROM t GROUP BY c ORDER BY max(v)");
    const api = spark.table("t").groupBy("c").agg(F.max("v")).orderBy("max(v)");
    expect(viaSql.columns).toEqual(api.columns);
    expect(rows(viaSql)).toEqual(rows(api));
  });
  it("names the missing view and lists the ones that exist", () => {
    let err: unknown;
    try { sql("SELECT k FROM nope"); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AnalysisError);
    const e = err as AnalysisError;
    expect(e.message).toBe("[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01\n== SQL (line 1, position 15) ==\nSELECT k FROM nope\n              ^^^^\n");
    expect(e.hint).toMatch(/Temporary views in this session: .*`t`, `u`, `ev`/);
  });
  it("reports syntax errors with line, position and caret", () => {
    expect(() => sql("SELECT k\nFROM t\nWHERE k > )")).toThrow("[PARSE_SYNTAX_ERROR] Syntax error at or near ')'. SQLSTATE: 42601 (line 3, pos 10)\n\n== SQL ==\nSELECT k\nFROM t\nWHERE k > )\n----------^^^\n");
    expect(() => sql("SELECT 1 FROM t WHERE k = 1)")).toThrow("[PARSE_SYNTAX_ERROR] Syntax error at or near ')': extra input ')'. SQLSTATE: 42601 (line 1, pos 27)");
    expect(() => sql("SELEC 1")).toThrow("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)");
    expect(() => sql("DROP VIEW t")).toThrow(NotImplementedError);
  });
  it("parses statements to plain data", () => {
    const s = parseSqlStatement("SELECT a FROM t AS x LEFT JOIN u USING (k) ORDER BY a DESC LIMIT 3");
    expect(s.query).toMatchObject({
      kind: "select", limit: 3, orderBy: [{ kind: "sort", child: { kind: "col", name: "a" }, ascending: false, nullsFirst: false }],
      from: { kind: "join", joinType: "left", using: ["k"], left: { kind: "table", name: "t", alias: "x" }, right: { kind: "table", name: "u", alias: null } },
    });
  });
});

describe("SQL strings in the DataFrame API", () => {
  const t = spark.table("t");
  it("filter/where take a condition string", () => {
    expect(rows(t.filter("k > 1 AND c = 'x'"))).toEqual([[3, "x", null]]);
    expect(rows(t.where("v IS NULL OR k = 2").select("k"))).toEqual([[2], [3]]);
  });
  it("selectExpr accepts aliases and casts", () => {
    const df = t.selectExpr("k * 2 AS d", "c", "k x", "split(c, ',')[0] AS first");
    expect(df.columns).toEqual(["d", "c", "x", "first"]);
    expect(rows(df.limit(1))).toEqual([[2, "x", 1, "x"]]);
  });
  it("F.expr builds a Column", () => {
    expect(rows(t.select(F.expr("CASE WHEN v > 15 THEN 'big' ELSE 'small' END AS size")))).toEqual([["small"], ["big"], ["big"], ["small"]]);
    expect(() => t.selectExpr("k +")).toThrow("[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 3)\n\n== SQL ==\nk +\n---^^^\n");
  });
});

import { describe, expect, it } from "vitest";
import { AnalysisError, NotImplementedError } from "../common/errors.js";
import type { Expr } from "../expr/expression.js";
import { exprName } from "../expr/expr-name.js";
import * as F from "../expr/functions.js";
import { simpleString } from "../types/data-types.js";
import { parseSqlExpression } from "./parse-expression.js";

const p = (s: string): Expr => parseSqlExpression(s);

describe("parseSqlExpression builds the same Expr as functions (F.*)", () => {
  const cases: [string, Expr][] = [
    ["a + 1", F.col("a").plus(1).expr],
    ["a != 1", F.col("a").ne(1).expr],
    ["a <> 1", F.col("a").ne(1).expr],
    ["a == 1", F.col("a").eq(1).expr],
    // Not Column.negate(): PySpark's -col is named negative(a), SQL's -a is (- a).
    ["-a", { kind: "unary", op: "negate", child: F.col("a").expr }],
    ["NOT a", F.not("a").expr],
    ["a IS NULL", F.col("a").isNull().expr],
    ["a IS NOT NULL", F.col("a").isNotNull().expr],
    ["a IN (1, 2)", F.col("a").isin(1, 2).expr],
    ["b LIKE 'x%'", F.col("b").like("x%").expr],
    ["b RLIKE '^x'", F.col("b").rlike("^x").expr],
    ["CAST(a AS INT)", F.col("a").cast("int").expr],
    ["a::decimal(10, 2)", F.col("a").cast("decimal(10,2)").expr],
    ["TRY_CAST(s AS DATE)", F.col("s").try_cast("date").expr],
    ["CASE WHEN a > 1 THEN 'big' ELSE 'small' END", F.when(F.col("a").gt(1), "big").otherwise("small").expr],
    ["count(*)", F.count("*").expr],
    ["COUNT(DISTINCT a)", F.countDistinct("a").expr],
    ["count(a)", F.count("a").expr],
    ["sum(a)", F.sum("a").expr],
    ["sum(DISTINCT a)", F.sum_distinct("a").expr],
    ["avg(a)", F.avg("a").expr],
    ["min(a)", F.min("a").expr],
    ["max(a)", F.max("a").expr],
    ["first(a, true)", F.first("a", true).expr],
    ["collect_list(a)", F.collect_list("a").expr],
    ["upper(b)", F.upper("b").expr],
    ["round(a)", F.round("a").expr],
    ["round(a, 2)", F.round("a", 2).expr],
    ["regexp_replace(b, 'x', 'y')", F.regexp_replace("b", "x", "y").expr],
    ["to_timestamp(s, 'yyyy-MM-dd')", F.to_timestamp("s", "yyyy-MM-dd").expr],
    ["coalesce(a, 0)", F.coalesce("a", F.lit(0)).expr],
    // A Kafka source's column: OFFSET is a non-reserved keyword in Spark's default mode.
    ["offset", F.col("offset").expr],
    ["CAST(offset AS STRING)", F.col("offset").cast("string").expr],
    ["split(value, ', ')[0]", F.split("value", ", ").getItem(0).expr],
    ["window(ts, '10 minutes', '5 minutes')", F.window("ts", "10 minutes", "5 minutes").expr],
    ["window(ts, INTERVAL 10 MINUTES)", F.window("ts", "10 minutes").expr],
    ["a + 1 AS b", F.col("a").plus(1).alias("b").expr],
    ["a b", F.col("a").alias("b").expr],
    ["`my col`", { kind: "col", name: "`my col`" }],
    ["t.a", F.col("t.a").expr],
    ["s.`x.y`", { kind: "col", name: "s.`x.y`" }],
    ["*", { kind: "star" }],
    ["t.*", { kind: "star", target: "t" }],
    ["s.f.g", F.col("s.f.g").expr],
    ["split(v, ',')[0].x", F.split("v", ",").getItem(0).getField("x").expr],
  ];
  for (const [sql, expected] of cases) it(sql, () => expect(p(sql)).toEqual(expected));
});

describe("precedence and names match Spark 4.1 (from PySpark's column names)", () => {
  // Expected names were read from real PySpark 4.1.1: spark.sql("SELECT <expr> FROM t").columns.
  const names: [string, string][] = [
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["NOT true AND false", "((NOT true) AND false)"],
    ["true OR false AND false", "(true OR (false AND false))"],
    ["2 - 1 - 1", "((2 - 1) - 1)"],
    ["8 / 2 / 2", "((8 / 2) / 2)"],
    ["-2 * 3", "(-2 * 3)"],
    ["-(1)", "(- 1)"],
    ["- 1", "-1"],
    ["a - -1", "(a - -1)"],
    ["1 = 1 = true", "((1 = 1) = true)"],
    ["10 div 3 * 2", "((10 div 3) * 2)"],
    ["1 + 2 || 'x'", "concat((1 + 2), x)"],
    ["1 IN (1,2) AND false", "((1 IN (1, 2)) AND false)"],
    ["'2'::int + 1", "(CAST(2 AS INT) + 1)"],
    ["-a::string", "(- CAST(a AS STRING))"],
    ["NOT a = 1", "(NOT (a = 1))"],
    ["!(a > 1)", "(NOT (a > 1))"],
    ["a BETWEEN 1 AND 3", "between(a, 1, 3)"],
    ["a NOT BETWEEN 1 AND 3", "(NOT between(a, 1, 3))"],
    ["a NOT IN (1,2)", "(NOT (a IN (1, 2)))"],
    ["b NOT LIKE 'x%'", "(NOT b LIKE x%)"],
    ["a IS NOT DISTINCT FROM 1", "(a <=> 1)"],
    ["a IS DISTINCT FROM 1", "(NOT (a <=> 1))"],
    ["CASE a WHEN 1 THEN 'x' END", "CASE WHEN (a = 1) THEN x END"],
    ["split(s, ', ')[0]", "split(s, , , -1)[0]"],
    ["isnull(a)", "(a IS NULL)"],
    ["substring(b, 2)", "substring(b, 2, 2147483647)"],
    ["regexp_replace(b, 'x', 'z')", "regexp_replace(b, x, z, 1)"],
    ["ceiling(a)", "ceiling(a)"],
    ["pow(a,2)", "pow(a, 2)"],
    ["mean(a)", "mean(a)"],
    ["abs(-a)", "abs((- a))"],
    ["max(a) + 1", "(max(a) + 1)"],
    ["`a` + 1", "(a + 1)"],
    ["((a + 1))", "(a + 1)"],
    ["t.a", "a"],
  ];
  for (const [sql, name] of names) it(`${sql} -> ${name}`, () => expect(exprName(p(sql))).toBe(name));
});

describe("literals are typed as Spark's AstBuilder types them", () => {
  const lit = (s: string): [string, unknown] => {
    const e = p(s);
    if (e.kind !== "lit") throw new Error(`not a literal: ${s}`);
    return [simpleString(e.dataType), e.value];
  };
  const cases: [string, string, unknown][] = [
    ["1.5", "decimal(2,1)", 15n],
    ["7", "int", 7],
    ["2147483648", "bigint", 2147483648n],
    ["-2147483648", "int", -2147483648],
    ["9223372036854775808", "decimal(19,0)", 9223372036854775808n],
    ["-9223372036854775808", "bigint", -9223372036854775808n],
    ["1e3", "double", 1000],
    ["1.5D", "double", 1.5],
    ["10L", "bigint", 10n],
    ["1S", "smallint", 1],
    ["1Y", "tinyint", 1],
    ["1.5BD", "decimal(2,1)", 15n],
    ["1.5F", "float", 1.5],
    [".5", "decimal(1,1)", 5n],
    ["1.", "decimal(1,0)", 1n],
    ["0.000", "decimal(3,3)", 0n],
    ["1.50", "decimal(3,2)", 150n],
    ["123.45e2", "double", 12345],
    ["1e3BD", "decimal(4,0)", 1000n],
    ["00012", "int", 12],
    ["'it''s'", "string", "it's"],
    ["'a\\tb'", "string", "a\tb"],
    ["'a' \"b\"", "string", "ab"],
    ["TRUE", "boolean", true],
    ["NULL", "void", null],
    ["DATE '2020-07-01'", "date", 18444],
    ["TIMESTAMP '2020-07-01 00:00:00'", "timestamp", 1593561600000000n],
  ];
  for (const [sql, type, value] of cases) it(`${sql} is ${type}`, () => expect(lit(sql)).toEqual([type, value]));
  it("binary literals", () => expect(lit("X'1F'")).toEqual(["binary", new Uint8Array([31])]));
  it("rejects out-of-range numbers as Spark does", () => {
    expect(() => p("1e309")).toThrow(/INVALID_NUMERIC_LITERAL_RANGE\] Numeric literal 1e309 is outside the valid range for double/);
    expect(() => p("128Y")).toThrow(/outside the valid range for tinyint with minimum value of -128 and maximum value of 127/);
    expect(() => p("12345678901234567890123456789012345678901234.5")).toThrow(/DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION\] Decimal precision 45 exceeds max precision 38/);
    expect(() => p("DATE '2020-13-01'")).toThrow(/INVALID_TYPED_LITERAL.*"DATE".*'2020-13-01'/);
  });
});

describe("errors carry Spark's layout with line, position and caret", () => {
  it("points at the end of input", () => {
    expect(() => p("a +")).toThrow("[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 3)\n\n== SQL ==\na +\n---^^^\n");
  });
  it("points at the offending token on its line", () => {
    let err: unknown;
    try { p("a = 1\n  AND b c d"); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AnalysisError);
    expect((err as AnalysisError).message).toBe("[PARSE_SYNTAX_ERROR] Syntax error at or near 'd': extra input 'd'. SQLSTATE: 42601 (line 2, pos 10)\n\n== SQL ==\na = 1\n  AND b c d\n----------^^^\n");
    expect((err as AnalysisError).context).toMatchObject({ line: 2, position: 10 });
  });
  it("reports a bad CAST type where it is", () => {
    expect(() => p("CAST(a AS foo)")).toThrow('[UNSUPPORTED_DATATYPE] Unsupported data type "FOO".\n== SQL (line 1, position 11) ==\nCAST(a AS foo)\n          ^^^\n');
  });
  it("names valid Spark syntax that Kindling lacks as NotImplementedError", () => {
    expect(() => p("a & 1")).toThrow(NotImplementedError);
    expect(() => p("row_number() OVER (ORDER BY a)")).toThrow(/window functions \(OVER\)/);
    expect(() => p("a IN (SELECT b FROM t)")).toThrow(NotImplementedError);
  });
  it("reports a number out of range under the literal, as Spark's query context does", () => {
    expect(() => p("1 + 1e309")).toThrow("== SQL (line 1, position 5) ==\n1 + 1e309\n    ^^^^^\n");
  });
  it("rejects DISTINCT outside aggregates and * outside count", () => {
    expect(() => p("upper(DISTINCT b)")).toThrow(/DISTINCT is only allowed in aggregate functions.*\n== SQL \(line 1, position 1\) ==/);
    expect(() => p("sum(*)")).toThrow(/Invalid usage of '\*'/);
  });
});

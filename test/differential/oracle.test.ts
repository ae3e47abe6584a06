/**
 * Proves the PySpark oracle against real PySpark (the stack's venv, or KINDLING_ORACLE_PYTHON):
 * values cross with their types intact, show() text is Spark's own, errors come back as Spark's.
 * Expected values are written by hand from Spark's docs and semantics, never computed by Kindling.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRides } from "../../src/datagen/rides.js";
import { writeRidesCsv } from "../../src/datagen/rides-file.js";
import { RIDE_COLUMNS } from "../../src/datagen/ride-columns.js";
import { parseTimestamp } from "../../src/datagen/ride-format.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle, PySparkQueryError } from "../support/pyspark-oracle.js";

let oracle: PySparkOracle;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "oracle-test-"));
  oracle = await PySparkOracle.start();
});

afterAll(async () => {
  await oracle?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("PySparkOracle", () => {
  it("runs spark.range(5): bigint ids as bigint", async () => {
    const { schema, rows } = await oracle.run("df = spark.range(5)");
    expect(oracle.sparkVersion).toBe("4.1.1");
    expect(schema.map(({ name, type, nullable }) => ({ name, type, nullable }))).toEqual([{ name: "id", type: "bigint", nullable: false }]);
    expect(rows).toEqual([[0n], [1n], [2n], [3n], [4n]]);
  });

  it("round-trips nulls, floats, timestamps, dates, decimals, binary, arrays, maps and structs", async () => {
    const { schema, rows } = await oracle.run(`
      schema = T.StructType([
          T.StructField("i", T.IntegerType()), T.StructField("l", T.LongType()),
          T.StructField("d", T.DoubleType()), T.StructField("f", T.FloatType()),
          T.StructField("s", T.StringType()), T.StructField("b", T.BooleanType()),
          T.StructField("ts", T.TimestampType()), T.StructField("dt", T.DateType()),
          T.StructField("dec", T.DecimalType(10, 2)), T.StructField("bin", T.BinaryType()),
          T.StructField("arr", T.ArrayType(T.LongType())),
          T.StructField("m", T.MapType(T.StringType(), T.DoubleType())),
          T.StructField("st", T.StructType([T.StructField("x", T.LongType()), T.StructField("y", T.StringType())])),
      ])
      data = [
          (1, 9007199254740993, 0.1, 1.5, "a", True, datetime.datetime(2020, 7, 1, 0, 25, 32, 123456),
           datetime.date(2020, 7, 1), Decimal("1.50"), bytearray(b"\\x00\\xff"), [1, None, 3],
           {"k": float("nan")}, (2**62, "z")),
          (None,) * 13,
          (-1, -1, float("inf"), float("-inf"), "é", False, datetime.datetime(1969, 12, 31, 23, 59, 59, 999999),
           datetime.date(1969, 12, 31), Decimal("-0.01"), bytearray(), [], {}, (None, None)),
      ]
      df = spark.createDataFrame(data, schema)
    `);
    expect(schema.map((f) => f.type)).toEqual([
      "int", "bigint", "double", "float", "string", "boolean", "timestamp", "date", "decimal(10,2)", "binary",
      "array<bigint>", "map<string,double>", "struct<x:bigint,y:string>",
    ]);
    expect(rows).toEqual([
      [1, 9007199254740993n, 0.1, 1.5, "a", true, 1593563132123456n, 18444, "1.50", new Uint8Array([0, 255]),
        [1n, null, 3n], [["k", Number.NaN]], { x: 4611686018427387904n, y: "z" }],
      [null, null, null, null, null, null, null, null, null, null, null, null, null],
      [-1, -1n, Infinity, -Infinity, "é", false, -1n, -1, "-0.01", new Uint8Array([]), [], [], { x: null, y: null }],
    ]);
  });

  it("round-trips timestamp_ntz, day-time intervals, -0.0, byte/short and nested arrays of structs", async () => {
    const { schema, rows } = await oracle.run(`
      df = spark.sql("""
        SELECT TIMESTAMP_NTZ '2020-07-01 00:25:32.5' AS ntz,
               INTERVAL '1 02:03:04.000005' DAY TO SECOND AS iv,
               CAST('-0.0' AS DOUBLE) AS negzero,
               CAST(-128 AS TINYINT) AS b, CAST(32767 AS SMALLINT) AS s,
               array(named_struct('k', 1L, 'v', map(1, 'one'))) AS nested
      """)
    `);
    expect(schema.map((f) => f.type)).toEqual([
      "timestamp_ntz", "interval day to second", "double", "tinyint", "smallint", "array<struct<k:bigint,v:map<int,string>>>",
    ]);
    expect(rows).toEqual([[1593563132500000n, 93_784_000_005n, -0, -128, 32767, [{ k: 1n, v: [[1, "one"]] }]]]);
    expect(Object.is(rows[0]![2], -0)).toBe(true);
  });

  it("keeps timestamps exact whatever the session time zone, and restores per-request conf", async () => {
    const code = `df = spark.range(1).select(F.to_timestamp(F.lit("2020-07-01 00:00:00")).alias("t"))`;
    const ny = await oracle.run(code, { conf: { "spark.sql.session.timeZone": "America/New_York" } });
    expect(ny.rows).toEqual([[1593576000000000n]]); // 04:00 UTC
    const utc = await oracle.run(code);
    expect(utc.rows).toEqual([[1593561600000000n]]);
  });

  it("passes params and keeps the longest doubles exact", async () => {
    const { rows } = await oracle.run(`df = spark.createDataFrame([(x, x / 3)], "a double, b double")`, { params: { x: 1e308 } });
    expect(rows).toEqual([[1e308, 1e308 / 3]]);
  });

  // showString ends the table with "\n" but not the "only showing top n rows" footer (Spark 4.1);
  // df.show() prints either through print(), which adds one.
  it("show() is Spark's text, byte for byte (examples from the PySpark DataFrame.show docs)", async () => {
    const code = `df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])`;
    expect(await oracle.show(code)).toBe(
      ["+---+-----+", "|age| name|", "+---+-----+", "| 14|  Tom|", "| 23|Alice|", "| 16|  Bob|", "+---+-----+", ""].join("\n"),
    );
    expect(await oracle.show(code, 2)).toBe(
      ["+---+-----+", "|age| name|", "+---+-----+", "| 14|  Tom|", "| 23|Alice|", "+---+-----+", "only showing top 2 rows"].join("\n"),
    );
    expect(await oracle.show(code, 20, 3)).toBe(
      ["+---+----+", "|age|name|", "+---+----+", "| 14| Tom|", "| 23| Ali|", "| 16| Bob|", "+---+----+", ""].join("\n"),
    );
    expect(await oracle.show(code, 20, true, true)).toBe(
      ["-RECORD 0-----", " age  | 14    ", " name | Tom   ", "-RECORD 1-----", " age  | 23    ", " name | Alice ",
        "-RECORD 2-----", " age  | 16    ", " name | Bob   ", ""].join("\n"),
    );
  });

  it("returns an AnalysisException as an error with Spark's class and message, and stays up", async () => {
    const error = await oracle.run(`df = spark.range(3).select("nope")`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PySparkQueryError);
    const info = (error as PySparkQueryError).info;
    expect(info.type).toBe("AnalysisException");
    expect(info.errorClass).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
    expect(info.sqlState).toBe("42703");
    expect(info.message).toContain("A column, variable, or function parameter with name `nope` cannot be resolved");
    expect((await oracle.run("df = spark.range(1)")).rows).toEqual([[0n]]);
  });

  it("returns runtime (ANSI) errors and snippet mistakes as errors too", async () => {
    const cast = await oracle.run(`df = spark.createDataFrame([("x",)], "s string").select(F.col("s").cast("int"))`).catch((e: unknown) => e);
    expect((cast as PySparkQueryError).errorClass).toBe("CAST_INVALID_INPUT");
    const noDf = await oracle.run("x = 1").catch((e: unknown) => e);
    expect((noDf as PySparkQueryError).message).toContain("the snippet must assign a DataFrame to `df`");
    const typo = await oracle.run("df = spark.rnge(1)").catch((e: unknown) => e);
    expect((typo as PySparkQueryError).info.type).toBe("AttributeError");
  });

  it("cancels a query that runs past its timeout and serves the next request", async () => {
    // A task that sleeps a minute (no CPU burnt on a shared machine); the cancel interrupts it.
    const started = Date.now();
    const slow = oracle.run(`df = spark.range(1).selectExpr("reflect('java.lang.Thread', 'sleep', 60000L) AS r")`, { timeoutMs: 3_000 });
    await expect(slow).rejects.toThrow(/timed out after 3000 ms; its Spark jobs were cancelled/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await oracle.run("df = spark.range(2)")).rows).toEqual([[0n], [1n]]);
  });

  it("infers the rides CSV's schema as Spark does, with empty fields as nulls", async () => {
    const path = join(dir, "rides.csv");
    const count = 5_000;
    writeRidesCsv(path, { seed: 42, count });
    const { schema, rows } = await oracle.run(`df = spark.read.csv(inputs["rides"], header=True, inferSchema=True)`, { inputs: { rides: path } });
    const ints = ["VendorID", "passenger_count", "RatecodeID", "PULocationID", "DOLocationID", "payment_type"];
    const expected = RIDE_COLUMNS.map((name) =>
      name.endsWith("_datetime") ? "timestamp" : name === "store_and_fwd_flag" ? "string" : ints.includes(name) ? "int" : "double",
    );
    expect(schema.map((f) => f.name)).toEqual([...RIDE_COLUMNS]);
    expect(schema.map((f) => f.type)).toEqual(expected);
    expect(rows).toHaveLength(count);

    // Every field as Spark read it, against the generator's text read by hand.
    const fromText = Array.from(generateRides({ seed: 42, count }), (row) =>
      row.map((text, i) => {
        if (text === "") return null;
        if (expected[i] === "timestamp") return BigInt(parseTimestamp(text)) * 1_000_000n;
        if (expected[i] === "int") return Number.parseInt(text, 10);
        if (expected[i] === "double") return Number.parseFloat(text);
        return text;
      }),
    );
    expectSameRows(rows, fromText, { ordered: true, names: ["spark", "text"], columns: [...RIDE_COLUMNS] });
  });
});

describe("PySparkOracle.start", () => {
  it("names the missing python and the fix", async () => {
    await expect(PySparkOracle.start({ python: "/nonexistent/venv/bin/python" })).rejects.toThrow(
      /the PySpark oracle needs Python with PySpark at \/nonexistent\/venv\/bin\/python, which does not exist/,
    );
  });
});

/**
 * Kindling's file readers and writers against real PySpark 4.1: the same files read with the same
 * options must give the same schema (names, types, nullability) and the same rows: the generated
 * rides CSV (header, inferSchema, explicit DDL), a hand-written CSV with malformed rows, quotes,
 * empty fields and nulls in each mode, JSON lines, and files Kindling wrote read back by Spark.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRidesCsv } from "../../src/datagen/rides-file.js";
import { getValue, type Vec } from "../../src/physical/vector.js";
import { SparkSession } from "../../src/session/spark-session.js";
import type { DataFrame } from "../../src/session/dataframe.js";
import { simpleString, type DataType } from "../../src/types/data-types.js";
import { decimalToPlainString } from "../../src/types/java-format.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";

let oracle: PySparkOracle;
let dir: string;
let spark: SparkSession;
let rides: string;
let messy: string;
let events: string;

const MESSY_CSV = [
  "id,name,amount,flag,when,day,note",
  '1,alice,1.5,true,2020-07-01 00:25:32,2020-07-01,"hello, world"',
  '2,,2,false,2020-07-01T01:00:00,2020-07-02,""',
  '3,"bob ""b""",x,TRUE,2020-07-01 02:00:00.5,2020-7-3,plain',
  ',carol,3.25,,,,"a\\"b"',
  "5,dan,NaN,false,bad,2020-07-05,",
  "6,eve,7,true,2020-07-01 03:00:00,2020-07-06,extra,field",
  "",
  "7,short",
  "8,NA,-0.5,False,2020-12-31 23:59:59.999999,2020-12-31,NA",
].join("\n");

const EVENTS_JSON = [
  '{"b": 1, "a": "x", "c": 1.5, "d": true, "e": {"z": 1, "y": [1, 2]}, "ts": "2020-07-01 00:25:32"}',
  '{"b": 12345678901234567890, "a": "", "c": 2, "d": null, "e": {"z": 2.5}, "f": [1, "s"]}',
  "",
  '{"b": "str", "a": null, "d": false, "e": "notobj"}',
  "{bad json",
  '[{"a": "arr1"}, {"a": "arr2"}]',
  '{"c": 1e400, "n": 1.0, "ts": "2020-07-01T10:00:00Z"}',
].join("\n");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "readers-diff-"));
  rides = join(dir, "rides.csv");
  writeRidesCsv(rides, { count: 20_000, seed: 7 });
  messy = join(dir, "messy.csv");
  writeFileSync(messy, MESSY_CSV);
  events = join(dir, "events.json");
  writeFileSync(events, EVENTS_JSON);
  spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
  oracle = await PySparkOracle.start();
});

afterAll(async () => {
  await oracle?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** A physical value in the oracle's decoded form (decimals as text, structs as objects). */
function oracleForm(x: unknown, t: DataType): unknown {
  if (x === null || x === undefined) return null;
  switch (t.kind) {
    case "decimal": return decimalToPlainString(x as bigint, t.scale);
    case "boolean": return x === true || x === 1;
    case "struct": return Object.fromEntries(t.fields.map((f, i) => [f.name, oracleForm((x as unknown[])[i], f.dataType)]));
    case "array": return (x as unknown[]).map((e) => oracleForm(e, t.elementType));
    case "map": return (x as [unknown, unknown][]).map(([k, v]) => [oracleForm(k, t.keyType), oracleForm(v, t.valueType)]);
    default: return x;
  }
}

function kindlingResult(df: DataFrame): { schema: { name: string; type: string; nullable: boolean }[]; rows: unknown[][] } {
  const schema = df.schema.fields.map((f) => ({ name: f.name, type: simpleString(f.dataType), nullable: f.nullable }));
  const rows: unknown[][] = [];
  for (const b of df.collectBatches()) {
    for (let i = 0; i < b.numRows; i++) rows.push(b.columns.map((c: Vec) => oracleForm(getValue(c, i), c.type)));
  }
  return { schema, rows };
}

async function expectSame(df: DataFrame, code: string, inputs: Record<string, string>): Promise<void> {
  const mine = kindlingResult(df);
  const theirs = await oracle.run(code, { inputs });
  expect(theirs.rows.length).toBeGreaterThan(0);
  expect(mine.schema).toEqual(theirs.schema.map(({ name, type, nullable }) => ({ name, type, nullable })));
  expectSameRows(mine.rows, theirs.rows);
}

const MESSY_DDL = "id INT, name STRING, amount DOUBLE, flag BOOLEAN, when TIMESTAMP, day DATE, note STRING";

describe("CSV reader vs PySpark", () => {
  it("rides CSV with header and inferSchema", async () => {
    await expectSame(spark.read.csv(rides, { header: true, inferSchema: true }), 'df = spark.read.csv(inputs["f"], header=True, inferSchema=True)', { f: rides });
  });

  it("rides CSV with header only (all strings)", async () => {
    await expectSame(spark.read.option("header", true).csv(rides), 'df = spark.read.option("header", True).csv(inputs["f"])', { f: rides });
  });

  it("rides CSV with an explicit DDL schema", async () => {
    const ddl = "VendorID INT, pickup TIMESTAMP, dropoff TIMESTAMP, passengers INT, distance DOUBLE, RatecodeID INT, flag STRING, " +
      "PU INT, DO INT, payment_type INT, fare DECIMAL(10,2), extra DOUBLE, mta_tax DOUBLE, tip DOUBLE, tolls DOUBLE, surcharge DOUBLE, total DOUBLE, congestion DOUBLE";
    await expectSame(spark.read.schema(ddl).option("header", "true").csv(rides), `df = spark.read.schema("${ddl}").option("header", "true").csv(inputs["f"])`, { f: rides });
  });

  it("rides CSV without a header: _c0.._c17, header line kept as data", async () => {
    await expectSame(spark.read.csv(rides), 'df = spark.read.csv(inputs["f"])', { f: rides });
  });

  it("messy CSV: inferSchema", async () => {
    await expectSame(spark.read.csv(messy, { header: true, inferSchema: true }), 'df = spark.read.csv(inputs["f"], header=True, inferSchema=True)', { f: messy });
  });

  it("messy CSV: PERMISSIVE with a corrupt-record column", async () => {
    const ddl = `${MESSY_DDL}, _corrupt_record STRING`;
    await expectSame(spark.read.schema(ddl).csv(messy, { header: true }), `df = spark.read.schema("${ddl}").csv(inputs["f"], header=True)`, { f: messy });
  });

  it("messy CSV: PERMISSIVE without a corrupt-record column, and DROPMALFORMED", async () => {
    await expectSame(spark.read.schema(MESSY_DDL).csv(messy, { header: true }), `df = spark.read.schema("${MESSY_DDL}").csv(inputs["f"], header=True)`, { f: messy });
    await expectSame(spark.read.schema(MESSY_DDL).csv(messy, { header: true, mode: "DROPMALFORMED" }),
      `df = spark.read.schema("${MESSY_DDL}").csv(inputs["f"], header=True, mode="DROPMALFORMED")`, { f: messy });
  });

  it("messy CSV: nullValue and emptyValue", async () => {
    await expectSame(spark.read.csv(messy, { header: true, nullValue: "NA", emptyValue: "EMPTY" }),
      'df = spark.read.csv(inputs["f"], header=True, nullValue="NA", emptyValue="EMPTY")', { f: messy });
  });

  it("messy CSV: FAILFAST fails in both", async () => {
    expect(() => spark.read.schema(MESSY_DDL).csv(messy, { header: true, mode: "FAILFAST" }).collect()).toThrow(/MALFORMED_RECORD_IN_PARSING[\s\S]*messy\.csv:4/);
    await expect(oracle.run(`df = spark.read.schema("${MESSY_DDL}").csv(inputs["f"], header=True, mode="FAILFAST")`, { inputs: { f: messy } }))
      .rejects.toThrow(/MALFORMED_RECORD_IN_PARSING|FAILED_READ_FILE/);
  });
});

describe("JSON reader vs PySpark", () => {
  it("infers the schema of JSON lines (PERMISSIVE adds _corrupt_record)", async () => {
    await expectSame(spark.read.json(events), 'df = spark.read.json(inputs["f"])', { f: events });
  });

  it("DROPMALFORMED leaves the corrupt column out", async () => {
    await expectSame(spark.read.json(events, { mode: "DROPMALFORMED" }), 'df = spark.read.json(inputs["f"], mode="DROPMALFORMED")', { f: events });
  });

  it("an explicit schema keeps partial rows with the raw record", async () => {
    const ddl = "a STRING, b INT, c DOUBLE, d BOOLEAN, e STRING, ts TIMESTAMP, _corrupt_record STRING";
    await expectSame(spark.read.schema(ddl).json(events), `df = spark.read.schema("${ddl}").json(inputs["f"])`, { f: events });
  });
});

describe("files Kindling writes, read by PySpark", () => {
  it("CSV with header, partitioned by VendorID", async () => {
    const out = join(dir, "out-csv");
    const df = spark.read.csv(rides, { header: true, inferSchema: true });
    df.write.mode("overwrite").option("header", true).partitionBy("VendorID").csv(out);
    await expectSame(spark.read.csv(out, { header: true, inferSchema: true }), 'df = spark.read.csv(inputs["f"], header=True, inferSchema=True)', { f: out });
  });

  it("JSON and Parquet", async () => {
    const df = spark.read.csv(rides, { header: true, inferSchema: true });
    const js = join(dir, "out-json");
    df.write.mode("overwrite").json(js);
    await expectSame(spark.read.json(js), 'df = spark.read.json(inputs["f"])', { f: js });
    const pq = join(dir, "out-parquet");
    df.write.mode("overwrite").parquet(pq);
    await expectSame(spark.read.parquet(pq), 'df = spark.read.parquet(inputs["f"])', { f: pq });
  });

  it("Parquet written by Spark (INT96 timestamps) reads the same in Kindling", async () => {
    const pq = join(dir, "spark-parquet");
    await oracle.run(`spark.read.csv(inputs["f"], header=True, inferSchema=True).coalesce(1).write.mode("overwrite").parquet(inputs["out"])\ndf = spark.range(1)`, { inputs: { f: rides, out: pq } });
    await expectSame(spark.read.parquet(pq), 'df = spark.read.parquet(inputs["f"])', { f: pq });
  });
});

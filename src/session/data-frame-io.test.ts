import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vectorToValues } from "../physical/vector.js";
import { simpleString } from "../types/data-types.js";
import { SparkSession } from "./spark-session.js";

let dir: string;
let spark: SparkSession;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kindling-io-"));
  spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
});
afterAll(() => { rmSync(dir, { recursive: true, force: true }); spark.conf.unset("spark.sql.session.timeZone"); });

const rowsOf = (df: ReturnType<SparkSession["range"]>): unknown[][] => {
  const out: unknown[][] = [];
  for (const b of df.collectBatches()) {
    const cols = b.columns.map(vectorToValues);
    for (let i = 0; i < b.numRows; i++) out.push(cols.map((c) => c[i]));
  }
  return out;
};
const schemaOf = (df: ReturnType<SparkSession["range"]>): string => df.schema.fields.map((f) => `${f.name}:${simpleString(f.dataType)}`).join(",");

function sample(): ReturnType<SparkSession["range"]> {
  return spark.createDataFrame([
    [1, "a,b", 'q"x', new Date("2020-07-01T00:25:32Z"), 1.0, 1.5e20, null, true, ""],
    [2, "plain", " sp ", null, Number.NaN, 1e-5, null, null, null],
  ], "id INT, s STRING, q STRING, ts TIMESTAMP, x DOUBLE, y DOUBLE, n STRING, bo BOOLEAN, e STRING");
}

describe("df.write", () => {
  it("writes CSV as Spark does: part file, _SUCCESS, quoting, Java doubles, ISO timestamps", () => {
    const out = join(dir, "csv1");
    sample().write.option("header", true).csv(out);
    const names = readdirSync(out).sort();
    expect(names[0]).toBe("_SUCCESS");
    expect(names[1]).toMatch(/^part-00000-[0-9a-f-]{36}-c000\.csv$/);
    // The text Spark 4.1 wrote for the same rows (session time zone UTC).
    expect(readFileSync(join(out, names[1]!), "utf8")).toBe(
      'id,s,q,ts,x,y,n,bo,e\n1,"a,b","q\\"x",2020-07-01T00:25:32.000Z,1.0,1.5E20,,true,""\n2,plain,sp,,NaN,1.0E-5,,,\n',
    );
  });

  it("writes JSON lines as Spark does: nulls left out, NaN as a string", () => {
    const out = join(dir, "json1");
    sample().write.json(out);
    const part = readdirSync(out).find((n) => n.endsWith(".json"))!;
    expect(readFileSync(join(out, part), "utf8")).toBe(
      '{"id":1,"s":"a,b","q":"q\\"x","ts":"2020-07-01T00:25:32.000Z","x":1.0,"y":1.5E20,"bo":true,"e":""}\n{"id":2,"s":"plain","q":" sp ","x":"NaN","y":1.0E-5}\n',
    );
  });

  it("honours save modes", () => {
    const out = join(dir, "modes");
    const df = spark.range(3);
    df.write.json(out);
    expect(() => df.write.json(out)).toThrow(/PATH_ALREADY_EXISTS.*overwrite/s);
    expect(df.write.mode("ignore").json(out)).toEqual([]);
    df.write.mode("append").json(out);
    expect(spark.read.json(out).count()).toBe(6);
    df.write.mode("overwrite").json(out);
    expect(spark.read.json(out).count()).toBe(3);
    expect(() => df.write.mode("sometimes")).toThrow(/Unknown save mode/);
  });

  it("partitionBy writes col=value folders and reading discovers them", () => {
    const out = join(dir, "parts");
    spark.createDataFrame([[1, "a", null], [2, "b/c", 1.5], [3, "a", 2.0]], "id INT, k STRING, v DOUBLE").write.partitionBy("k", "v").csv(out);
    const dirs = readdirSync(out).sort();
    expect(dirs).toEqual(["_SUCCESS", "k=a", "k=b%2Fc"]);
    expect(readdirSync(join(out, "k=a")).sort()).toEqual(["v=2.0", "v=__HIVE_DEFAULT_PARTITION__"]);
    const back = spark.read.csv(out);
    expect(schemaOf(back)).toBe("_c0:string,k:string,v:double");
    expect(rowsOf(back).sort()).toEqual([["1", "a", null], ["2", "b/c", 1.5], ["3", "a", 2.0]].sort());
  });

  it("round-trips Parquet with types intact", () => {
    const out = join(dir, "pq");
    sample().write.parquet(out);
    expect(readdirSync(out).some((n) => /^part-00000-.*-c000\.snappy\.parquet$/.test(n))).toBe(true);
    const back = spark.read.parquet(out);
    expect(schemaOf(back)).toBe("id:int,s:string,q:string,ts:timestamp,x:double,y:double,n:string,bo:boolean,e:string");
    expect(rowsOf(back)).toEqual(rowsOf(sample()));
  });
});

describe("spark.read", () => {
  it("reads CSV with a DDL schema and PERMISSIVE corrupt records", () => {
    const f = join(dir, "bad.csv");
    writeFileSync(f, "id,amount\n1,1.5\n2,x\n3\n");
    const df = spark.read.schema("id INT, amount DOUBLE, _corrupt_record STRING").option("header", true).csv(f);
    expect(rowsOf(df)).toEqual([[1, 1.5, null], [2, null, "2,x"], [3, null, "3"]]);
    expect(rowsOf(spark.read.schema("id INT, amount DOUBLE").options({ header: true, mode: "DROPMALFORMED" }).csv(f))).toEqual([[1, 1.5]]);
  });

  it("FAILFAST names the file, the line and the bad value", () => {
    const f = join(dir, "bad2.csv");
    writeFileSync(f, "id,amount\n1,1.5\n2,x\n");
    const df = spark.read.schema("id INT, amount DOUBLE").options({ header: true, mode: "FAILFAST" }).csv(f);
    expect(() => df.collect()).toThrow(/MALFORMED_RECORD_IN_PARSING[\s\S]*bad2\.csv:3[\s\S]*"x" as double/);
  });

  it("reads directories (skipping _ and . files), globs and lists of files", () => {
    const d = join(dir, "many");
    mkdirSync(d);
    writeFileSync(join(d, "a.csv"), "1\n2\n");
    writeFileSync(join(d, "b.csv"), "3\n");
    writeFileSync(join(d, "_SUCCESS"), "");
    writeFileSync(join(d, ".a.csv.crc"), "junk");
    expect(spark.read.csv(d).count()).toBe(3);
    expect(spark.read.csv(join(d, "b*.csv")).count()).toBe(1);
    expect(spark.read.csv([join(d, "a.csv"), join(d, "b.csv")]).count()).toBe(3);
    expect(() => spark.read.csv(join(d, "nope.csv"))).toThrow(/PATH_NOT_FOUND/);
  });

  it("infers JSON schemas with sorted fields and a corrupt-record column", () => {
    const f = join(dir, "e.json");
    writeFileSync(f, '{"b": 1, "a": "x"}\n{bad\n\n{"b": 2.5}\n');
    const df = spark.read.json(f);
    expect(schemaOf(df)).toBe("_corrupt_record:string,a:string,b:double");
    expect(rowsOf(df)).toEqual([[null, "x", 1], ["{bad", null, null], [null, null, 2.5]]);
  });
});

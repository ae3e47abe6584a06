/**
 * Differential: from_json, to_json and from_csv against PySpark 4.1.1 on the same strings:
 * PERMISSIVE partial results (a bad field is null, the others kept), blank and null input,
 * syntax errors, every atomic type, arrays and maps, FAILFAST errors, options, the SQL spelling,
 * and to_json's formatting (no spaces, Java number text, ISO timestamps in the session zone).
 */
import { describe, it } from "vitest";
import * as F from "../../src/expr/functions.js";
import type { SparkSession } from "../../src/session/spark-session.js";
import { IntegerType, StructField, StructType } from "../../src/types/data-types.js";
import { useDiffHarness, type DiffCase } from "./support/diff-case.js";

const h = useDiffHarness();

/** A two-column frame (k INT, v STRING) built from the same rows in both engines. */
function frame(strings: readonly (string | null)[]): { ts: (spark: SparkSession) => ReturnType<SparkSession["createDataFrame"]>; py: string } {
  const rows = strings.map((s, i) => [i, s]);
  return {
    ts: (spark) => spark.createDataFrame(rows, "k INT, v STRING"),
    py: `spark.createDataFrame([tuple(r) for r in __import__("json").loads(${JSON.stringify(JSON.stringify(rows))})], "k INT, v STRING")`,
  };
}

const EDGE = frame([
  '{"a":1,"b":"x"}', '{"a":"bad","b":"x"}', '{"b":"x","a":"bad"}', '{"a":1.5,"b":"y"}', '{"a":"1","b":"z"}', '{"a":3000000000}', '{"a":true}',
  '{"A":1,"B":"u"}', '{"a":1,"a":2}', '{"b":12}', '{"b":{"x":1, "y": [1,2]}}', '{"b": 1.50}', '{"b": [1e2, -0, 1.0, NaN]}', '{"b":true}',
  '{"b":null,"a":null}', '{"a":1', '{"a":1}{"a":2}', '{"a":1} trailing', "null", "123", '"str"', "  ", "", "{}", '{"a":01}', '{"a":-0}',
  '{"a":1e2}', "{'a':1}", '{"a":1,}', '{"b":"\\u00e9\\n"}', '[{"a":3}]', "not json", null,
]);

const TYPED = frame([
  '{"d":"NaN","f":1,"dec":1.234,"t":"2020-07-01 00:25:32","dt":"2020-07-01","bo":true,"l":9007199254740993}',
  '{"d":1,"f":"Infinity","dec":"1.5","t":"2020-07-01T00:25:32.123456Z","dt":"2020-07-01T10:00:00","bo":"true","l":-1}',
  '{"d":"1.5","f":-0.0,"dec":12345678.9,"t":"2020-07-01T00:25:32+02:00","dt":"2020-7-1","bo":1,"l":"5"}',
  '{"d":1E400,"t":1593563132,"dt":18444,"arr":[1,null,"x"],"m":{"x":1,"y":"bad"},"s":{"p":1,"q":[1]}}',
  '{"arr":[1,2],"m":{"x":1},"s":{"p":"x"},"dec":123456789.5}', '{"t":"2020-07-01T00:25","dt":"2020"}', '{"t":"not a time","s":5}',
]);
const TYPED_SCHEMA = "d DOUBLE, f FLOAT, dec DECIMAL(10,2), t TIMESTAMP, dt DATE, bo BOOLEAN, l BIGINT, arr ARRAY<INT>, m MAP<STRING,INT>, s STRUCT<p: INT, q: ARRAY<INT>>";

const NESTED = frame(['[{"a":1},{"a":"x"}]', '{"a":2}', "[1,2]", "[]", '{"x":1,"y":2}', "[1,\"x\"]", null]);

const CSV_LINES = ["1,abc,2.5", "x,y", "1,,2.5", "1,a,2.5,extra", "", "  ", "1", " 1 , b ,3", '"q,1",2', "1,NaN,Infinity", "2,null,-Inf", '3,"",1e3', null];
const CSV = frame(CSV_LINES);
const CSV_TYPED = frame(["2020-07-01 00:25:32,2020-07-01,true,1.25", "2020-07-01T00:25:32.5Z,2020-7-1,TRUE,x", "bad,bad,1,123456.7", "2020-07-01T02:00:00+02:00,2020-07-01T10:00:00,false,-0.05"]);

/** Typed columns over two rows (the second all null but k), the same SQL in both engines. */
const TO_JSON_COLS = [
  "k", "CASE WHEN k = 0 THEN 1.0E10 END AS d", "CASE WHEN k = 0 THEN CAST(1.5 AS FLOAT) END AS f", "CASE WHEN k = 0 THEN CAST('NaN' AS DOUBLE) END AS n",
  "CASE WHEN k = 0 THEN CAST('12.30' AS DECIMAL(10,2)) END AS dec", "CASE WHEN k = 0 THEN CAST('0.00000001' AS DECIMAL(10,8)) END AS tiny",
  "CASE WHEN k = 0 THEN CAST('2020-07-01 00:25:32' AS TIMESTAMP) END AS ts", "CASE WHEN k = 0 THEN CAST('2020-07-01 00:25:32.123456' AS TIMESTAMP) END AS ts2",
  "CASE WHEN k = 0 THEN CAST('2020-07-01' AS DATE) END AS dt", "CASE WHEN k = 0 THEN v END AS s", "CASE WHEN k = 0 THEN CAST('ab' AS BINARY) END AS b",
  "CASE WHEN k = 0 THEN array(1, NULL, 3) END AS arr", "k = 0 AS bo", "CASE WHEN k = 0 THEN 1.0E-5 END AS small",
  "CASE WHEN k = 0 THEN CAST('-0.0' AS DOUBLE) END AS nz", "CASE WHEN k = 0 THEN CAST('Infinity' AS DOUBLE) END AS inf",
];
const TO_JSON = frame(['q"\\/\n\t\u0001\u001f\u007fé\u2028', "unused"]);
const toJsonTs = (spark: SparkSession) => TO_JSON.ts(spark).selectExpr(...TO_JSON_COLS);
const toJsonPy = `${TO_JSON.py}.selectExpr(*${JSON.stringify(TO_JSON_COLS)})`;

const fromJson: DiffCase[] = [
  {
    name: "from_json, struct schema: partial results, blank/null input, syntax errors, non-objects, trailing text (DDL and StructType)",
    kindling: (_f, spark) => EDGE.ts(spark).select("k", "v", F.from_json("v", "a INT, b STRING"), F.from_json("v", StructType([StructField("a", IntegerType())])).alias("x")),
    pyspark: `df = ${EDGE.py}.select("k", "v", F.from_json("v", "a INT, b STRING"), F.from_json("v", T.StructType([T.StructField("a", T.IntegerType())])).alias("x"))`,
    show: { truncate: false, n: 40 },
  },
  {
    name: "from_json into every type: numbers, NaN strings, decimals rounded, timestamps (cast rules, epoch seconds), dates, nested partial structs",
    kindling: (_f, spark) => TYPED.ts(spark).select("k", F.from_json("v", TYPED_SCHEMA).alias("r")).select("k", "r.*"),
    pyspark: `df = ${TYPED.py}.select("k", F.from_json("v", "${TYPED_SCHEMA}").alias("r")).select("k", "r.*")`,
    show: { truncate: false },
  },
  {
    name: "from_json with array and map schemas: an object read as a one-element array of structs, bad elements",
    kindling: (_f, spark) => NESTED.ts(spark).select("k", F.from_json("v", "ARRAY<STRUCT<a: INT>>").alias("x"), F.from_json("v", "MAP<STRING, INT>").alias("m"), F.from_json("v", "ARRAY<INT>").alias("ai")),
    pyspark: `df = ${NESTED.py}.select("k", F.from_json("v", "ARRAY<STRUCT<a: INT>>").alias("x"), F.from_json("v", "MAP<STRING, INT>").alias("m"), F.from_json("v", "ARRAY<INT>").alias("ai"))`,
    show: { truncate: false },
  },
  {
    name: "from_json options: timestampFormat and dateFormat",
    kindling: (_f, spark) => frame(['{"t":"01/07/2020 00:25","d":"01.07.2020"}', '{"t":"2020-07-01 00:25:32","d":"2020-07-01"}']).ts(spark)
      .select("k", F.from_json("v", "t TIMESTAMP, d DATE", { timestampFormat: "dd/MM/yyyy HH:mm", dateFormat: "dd.MM.yyyy" }).alias("r")),
    pyspark: `df = ${frame(['{"t":"01/07/2020 00:25","d":"01.07.2020"}', '{"t":"2020-07-01 00:25:32","d":"2020-07-01"}']).py}.select("k", F.from_json("v", "t TIMESTAMP, d DATE", {"timestampFormat": "dd/MM/yyyy HH:mm", "dateFormat": "dd.MM.yyyy"}).alias("r"))`,
  },
  {
    name: "from_json FAILFAST on a bad field raises MALFORMED_RECORD_IN_PARSING",
    kindling: (_f, spark) => EDGE.ts(spark).select(F.from_json("v", "a INT, b STRING", { mode: "FAILFAST" })),
    pyspark: `df = ${EDGE.py}.select(F.from_json("v", "a INT, b STRING", {"mode": "FAILFAST"}))`,
    error: "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
  },
  {
    name: "SQL spelling: from_json(v, 'a INT, b STRING') and a field of it, named from_json(v)",
    kindling: (_f, spark) => EDGE.ts(spark).selectExpr("k", "from_json(v, 'a INT, b STRING')", "from_json(v, 'a INT').a AS a"),
    pyspark: `df = ${EDGE.py}.selectExpr("k", "from_json(v, 'a INT, b STRING')", "from_json(v, 'a INT').a AS a")`,
  },
];

const toJson: DiffCase[] = [
  {
    name: "to_json(struct(*)) of every type: Java number text, quoted NaN/Infinity, ISO timestamps, base64, Jackson escapes, nulls left out",
    kindling: (_f, spark) => toJsonTs(spark).select(F.to_json(F.struct("*")).alias("j")),
    pyspark: `df = ${toJsonPy}.select(F.to_json(F.struct("*")).alias("j"))`,
    show: { truncate: false },
  },
  {
    name: "to_json of arrays, arrays of structs, maps from from_json, ignoreNullFields=false, timestampFormat",
    kindling: (_f, spark) => toJsonTs(spark).select(
      F.to_json(F.struct("k", "d"), { ignoreNullFields: false }), F.to_json("arr"), F.to_json(F.array(F.struct("k", "dt"))).alias("as"),
      F.to_json(F.struct("ts"), { timestampFormat: "yyyy/MM/dd HH:mm" }).alias("tf"), F.to_json(F.from_json(F.lit('{"z":1,"a":null}'), "MAP<STRING,INT>")).alias("m"),
    ),
    pyspark: `
      df = ${toJsonPy}.select(F.to_json(F.struct("k", "d"), {"ignoreNullFields": "false"}), F.to_json("arr"), F.to_json(F.array(F.struct("k", "dt"))).alias("as"),
          F.to_json(F.struct("ts"), {"timestampFormat": "yyyy/MM/dd HH:mm"}).alias("tf"), F.to_json(F.from_json(F.lit('{"z":1,"a":null}'), "MAP<STRING,INT>")).alias("m"))
    `,
    show: { truncate: false },
  },
  {
    name: "to_json timestamps in the session time zone (America/New_York) and a round trip through from_json",
    kindling: (_f, spark) => toJsonTs(spark).select(F.to_json(F.struct("ts", "ts2", "dt")).alias("j"))
      .select("j", F.from_json("j", "ts TIMESTAMP, ts2 TIMESTAMP, dt DATE").alias("back")),
    pyspark: `df = ${toJsonPy}.select(F.to_json(F.struct("ts", "ts2", "dt")).alias("j")).select("j", F.from_json("j", "ts TIMESTAMP, ts2 TIMESTAMP, dt DATE").alias("back"))`,
    conf: { "spark.sql.session.timeZone": "America/New_York" },
    show: { truncate: false },
  },
];

const fromCsv: DiffCase[] = [
  {
    name: "from_csv: missing, extra, empty, quoted and unparsable fields; NaN/Inf texts; null input",
    kindling: (_f, spark) => CSV.ts(spark).select("k", "v", F.from_csv("v", "a INT, b STRING, c DOUBLE").alias("r")),
    pyspark: `df = ${CSV.py}.select("k", "v", F.from_csv("v", "a INT, b STRING, c DOUBLE").alias("r"))`,
    show: { truncate: false },
  },
  {
    name: "from_csv with sep=';' and with timestamp/date/boolean/decimal fields",
    kindling: (_f, spark) => CSV_TYPED.ts(spark).select("k", F.from_csv("v", "a INT, b STRING, c DOUBLE", { sep: ";" }).alias("semi"),
      F.from_csv("v", "t TIMESTAMP, d DATE, y BOOLEAN, x DECIMAL(5,1)").alias("r")).select("k", "semi", "r.*"),
    pyspark: `
      df = ${CSV_TYPED.py}.select("k", F.from_csv("v", "a INT, b STRING, c DOUBLE", {"sep": ";"}).alias("semi"),
          F.from_csv("v", "t TIMESTAMP, d DATE, y BOOLEAN, x DECIMAL(5,1)").alias("r")).select("k", "semi", "r.*")
    `,
    show: { truncate: false },
  },
  {
    name: "from_csv(CAST(value AS STRING)) over a binary column, as on Kafka's value (Kindling's fused byte path), ASCII and not",
    kindling: (_f, spark) => frame([...CSV_LINES, "5,é∑ü,1.5", "6,日本,2"]).ts(spark).select("k", F.col("v").cast("binary").alias("value"))
      .select("k", F.from_csv(F.col("value").cast("string"), "a INT, b STRING, c DOUBLE").alias("r")),
    pyspark: `
      df = ${frame([...CSV_LINES, "5,é∑ü,1.5", "6,日本,2"]).py}.select("k", F.col("v").cast("binary").alias("value")) \
          .select("k", F.from_csv(F.col("value").cast("string"), "a INT, b STRING, c DOUBLE").alias("r"))
    `,
    show: { truncate: false },
  },
  {
    name: "from_csv FAILFAST on a short record raises MALFORMED_RECORD_IN_PARSING",
    kindling: (_f, spark) => CSV.ts(spark).select(F.from_csv("v", "a INT, b STRING, c DOUBLE", { mode: "FAILFAST" })),
    pyspark: `df = ${CSV.py}.select(F.from_csv("v", "a INT, b STRING, c DOUBLE", {"mode": "FAILFAST"}))`,
    error: "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
  },
  {
    name: "the course's ride lines parsed with from_csv (sep ', ') and SQL from_csv",
    kindling: ({ rides }) => rides.select(F.concat_ws(",", "VendorID", "tpep_pickup_datetime", "trip_distance", "store_and_fwd_flag").alias("line"))
      .selectExpr("from_csv(line, 'vendor INT, pickup TIMESTAMP, km DOUBLE, flag STRING') AS r").select("r.*"),
    pyspark: `
      df = rides.select(F.concat_ws(",", "VendorID", "tpep_pickup_datetime", "trip_distance", "store_and_fwd_flag").alias("line")) \\
          .selectExpr("from_csv(line, 'vendor INT, pickup TIMESTAMP, km DOUBLE, flag STRING') AS r").select("r.*")
    `,
  },
];

const ERR = frame(["x"]);
type Frame = ReturnType<SparkSession["createDataFrame"]>;
/** A case where both engines must fail with Spark's error class `cls` on the one-row frame. */
function errorCase(what: string, ts: (d: Frame) => Frame, py: string, cls: string): DiffCase {
  return { name: `${what} fails with ${cls}`, kindling: (_f, spark) => ts(ERR.ts(spark)), pyspark: `df = ${ERR.py}.select(${py})`, error: cls };
}
const errors: DiffCase[] = [
  errorCase("to_json of an INT", (d) => d.select(F.to_json("k")), `F.to_json("k")`, "DATATYPE_MISMATCH.INVALID_JSON_SCHEMA"),
  errorCase("from_json of an INT", (d) => d.select(F.from_json("k", "a INT")), `F.from_json("k", "a INT")`, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"),
  errorCase("from_json with a schema that does not parse", (d) => d.select(F.from_json("v", "a INTT")), `F.from_json("v", "a INTT")`, "PARSE_SYNTAX_ERROR"),
  errorCase("from_json in DROPMALFORMED mode", (d) => d.select(F.from_json("v", "a INT", { mode: "DROPMALFORMED" })), `F.from_json("v", "a INT", {"mode": "DROPMALFORMED"})`, "PARSE_MODE_UNSUPPORTED"),
  errorCase("from_csv with a non-struct schema", (d) => d.select(F.from_csv("v", "ARRAY<INT>")), `F.from_csv("v", "ARRAY<INT>")`, "INVALID_SCHEMA.NON_STRUCT_TYPE"),
];

describe("differential: errors of from_json, to_json, from_csv", () => { for (const c of errors) it(c.name, () => h.check(c), 120_000); });
describe("differential: from_json", () => { for (const c of fromJson) it(c.name, () => h.check(c), 120_000); });
describe("differential: to_json", () => { for (const c of toJson) it(c.name, () => h.check(c), 120_000); });
describe("differential: from_csv", () => { for (const c of fromCsv) it(c.name, () => h.check(c), 120_000); });

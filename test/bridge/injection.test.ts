/**
 * No user string can escape its Python literal: hostile topic names, paths, option values, column
 * names, SQL text and string literals go into generated scripts, Python's own `ast` parses them,
 * and every hostile string comes back as one exact string constant, with no call the generator
 * did not write (no `__import__`, no `os.system`).
 */
import { describe, expect, it } from "vitest";
import { functions as F } from "../../src/index.js";
import { SparkSession } from "../../src/session/spark-session.js";
import { parsePython } from "./support/python-ast.js";

const HOSTILE = [
  'a"b', "a'b", 'x"""y', "x'''y", "back\\slash\\", "trailing\\", "new\nline", "cr\rlf\r\n", "tab\there", "nul\u0000byte",
  "__import__('os').system('x')", '"); __import__("os").system("x"); ("', "line\u2028sep", "para\u2029sep", "\u0085nel", "bell\u0007",
  "zwj\u200dx", "bidi\u202eevil", "emoji 🚕", "café ñandú", "{f}", "%s %d", "\\x41\\u0041\\N{DASH}", "#comment", "\\\n",
];

const spark = SparkSession.builder.appName("injection").getOrCreate();

function expectRoundTrip(code: string, strings: readonly string[]): void {
  const parsed = parsePython(code);
  for (const s of strings) expect(parsed.strings, `the constant ${JSON.stringify(s)} in\n${code}`).toContain(s);
  for (const evil of ["__import__", "system", "eval", "exec", "open", "compile"]) expect(parsed.calls).not.toContain(evil);
}

describe("hostile strings stay inside their Python literals", () => {
  it("in literal values, column names, aliases and rows", () => {
    const df = spark.createDataFrame(HOSTILE.map((s, i) => [i, s]), "id INT, s STRING");
    const q = df
      .withColumn(HOSTILE[0]!, F.lit(HOSTILE[1]!))
      .select(...HOSTILE.map((s, i) => F.col("s").eq(s).alias(`${s}#${i}`)))
      .filter(F.col(`${HOSTILE[10]!}#10`).isNotNull());
    const code = q.toPySpark();
    expectRoundTrip(code, [...HOSTILE, ...HOSTILE.map((s, i) => `${s}#${i}`)]);
  });

  it("in string filters and functions' arguments", () => {
    const df = spark.createDataFrame([[1, "x"]], "id INT, s STRING");
    const code = df.select(F.concat_ws(HOSTILE[2]!, F.col("s")), F.regexp_replace(F.col("s"), HOSTILE[4]!, HOSTILE[6]!), F.col("s").like(HOSTILE[12]!)).toPySpark();
    expectRoundTrip(code, [HOSTILE[2]!, HOSTILE[4]!, HOSTILE[6]!, HOSTILE[12]!]);
  });

  it("in a Kafka topic, option values, the app name, conf, a checkpoint path and a query name", () => {
    const s = SparkSession.builder.appName(HOSTILE[3]!).config("spark.hostile", HOSTILE[7]!).getOrCreate();
    const stream = s.readStream.format("kafka").option("kafka.bootstrap.servers", "127.0.0.1:9092").option("kafka.client.id", HOSTILE[10]!).option("subscribe", HOSTILE[11]!).load();
    const code = stream.select(F.col("value")).writeStream.format("kafka").option("topic", HOSTILE[12]!).option("checkpointLocation", HOSTILE[13]!)
      .option(HOSTILE[15]!, HOSTILE[16]!).queryName(HOSTILE[17]!).toPySpark();
    expectRoundTrip(code, [HOSTILE[3]!, HOSTILE[7]!, HOSTILE[10]!, HOSTILE[11]!, HOSTILE[12]!, HOSTILE[13]!, HOSTILE[16]!, HOSTILE[17]!]);
    s.conf.unset("spark.hostile");
  });

  it("keeps the escapes readable: printable text as itself, separators escaped", () => {
    const code = spark.createDataFrame([["café\u2028🚕\u0000"]], "s STRING").toPySpark();
    expect(code).toContain('"café\\u2028🚕\\x00"');
  });
});

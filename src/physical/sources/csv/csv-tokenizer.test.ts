import { describe, expect, it } from "vitest";
import { csvOptions } from "./csv-options.js";
import { CsvTokenizer } from "./csv-tokenizer.js";

function fields(line: string, options: Record<string, string> = {}): (string | null)[] {
  const t = new CsvTokenizer(csvOptions(options));
  const buf = Buffer.from(line);
  const n = t.tokenize(buf, 0, buf.length);
  return Array.from({ length: n }, (_, k) => (t.isNull(buf, k) ? null : t.text(buf, k)));
}

// Expected splits are what Spark 4.1 returned for the same lines (read as all-string columns).
describe("CsvTokenizer", () => {
  it("splits plain, quoted and empty fields", () => {
    expect(fields('1,alice,"hello, world"')).toEqual(["1", "alice", "hello, world"]);
    expect(fields('2,,""')).toEqual(["2", null, null]);
    expect(fields("5,dan,")).toEqual(["5", "dan", null]);
  });
  it("reads an escaped quote and keeps an unescaped one raw (STOP_AT_DELIMITER)", () => {
    expect(fields('x,"a\\"b"')).toEqual(["x", 'a"b']);
    expect(fields('3,"bob ""b""",x')).toEqual(["3", '"bob ""b"""', "x"]);
    expect(fields('"a ""q"" b",2', { escape: '"' })).toEqual(['a "q" b', "2"]);
  });
  it("applies nullValue and emptyValue like univocity", () => {
    expect(fields('alice,,""', { nullvalue: "alice", emptyvalue: "EMPTY" })).toEqual([null, null, "EMPTY"]);
  });
  it("keeps whitespace unless told to trim; honours sep", () => {
    expect(fields("a; b ;c", { sep: ";" })).toEqual(["a", " b ", "c"]);
    expect(fields("a; b ;c", { sep: ";", ignoreleadingwhitespace: "true", ignoretrailingwhitespace: "true" })).toEqual(["a", "b", "c"]);
  });
});

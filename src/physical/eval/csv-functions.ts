/**
 * from_csv (Spark's CsvToStructs over UnivocityParser): each string is one CSV record split by
 * the CSV reader's tokenizer and converted field by field with its converters and options (`sep`,
 * `nullValue`, `timestampFormat`...), straight from the record's UTF-8 bytes. A null input is
 * null; missing fields are null and extra ones ignored; a field that does not convert is null
 * (PERMISSIVE, Spark's partial result), and in FAILFAST a bad field or a wrong field count raises
 * MALFORMED_RECORD_IN_PARSING.
 *
 * `from_csv(CAST(value AS STRING), ...)` over Kafka's binary value is fused: an all-ASCII value is
 * tokenized straight from its bytes, with no JS string per record; any other value is decoded as
 * the cast decodes it (Java's UTF-8 rules) and re-encoded, so the result is exactly the unfused
 * one (csv-functions.test.ts checks the two against each other). Plain version:
 * `evalFromCsv(args, castVector(binary, STRING), ctx, n)`.
 *
 * ```ts
 * evalFromCsv([col, lit("a INT, b STRING")], strings, ctx, n); // struct<a:int,b:string> values
 * ```
 */
import type { Expr } from "../../expr/expression.js";
import { functionParseMode, parseFunctionSchema } from "../../expr/text-format-types.js";
import type { StructType } from "../../types/data-types.js";
import type { ExecContext } from "../exec-context.js";
import { ColumnBuilder } from "../sources/column-builder.js";
import { csvConverter } from "../sources/csv/csv-converters.js";
import { csvOptions } from "../sources/csv/csv-options.js";
import { CsvTokenizer } from "../sources/csv/csv-tokenizer.js";
import { ZoneCache } from "../sources/zone-cache.js";
import { getValue, vectorFromValues, type Vec } from "../vector.js";
import { decodeUtf8LikeJava } from "./java-utf8.js";
import { callOptions, malformedInParsing } from "./json-functions.js";

/** from_csv(input, schema[, options]) over a batch of strings. */
export function evalFromCsv(args: readonly Expr[], input: Vec, ctx: ExecContext, n: number): Vec {
  return fromCsvRecords(args, ctx, n, (i) => {
    const s = getValue(input, i) as string | null;
    return s === null ? null : Buffer.from(s, "utf8");
  });
}

/** from_csv over a binary column read as CAST(binary AS STRING) would read it. */
export function evalFromCsvBinary(args: readonly Expr[], binary: Vec, ctx: ExecContext, n: number): Vec {
  return fromCsvRecords(args, ctx, n, (i) => {
    const b = getValue(binary, i) as Uint8Array | null;
    if (b === null) return null;
    for (let k = 0; k < b.length; k++) if (b[k]! >= 0x80) return Buffer.from(decodeUtf8LikeJava(b), "utf8");
    return Buffer.from(b.buffer, b.byteOffset, b.length); // a view: the tokenizer reads text through Buffer
  });
}

function fromCsvRecords(args: readonly Expr[], ctx: ExecContext, n: number, record: (i: number) => Buffer | null): Vec {
  const schema = parseFunctionSchema("from_csv", String((args[1] as { value: unknown }).value)) as StructType;
  const raw = callOptions(args, 2);
  const failFast = functionParseMode("from_csv", raw) === "FAILFAST";
  const opts = csvOptions(raw);
  const zone = new ZoneCache(raw["timezone"] ?? ctx.timeZone);
  const fields = schema.fields;
  const converters = fields.map((f) => csvConverter(f.dataType, opts, zone));
  const builders = fields.map((f) => new ColumnBuilder(f.dataType, Math.max(n, 1)));
  const tok = new CsvTokenizer(opts);
  const isNull = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const buf = record(i);
    if (buf === null) { isNull[i] = 1; builders.forEach((b) => b.appendNull()); continue; }
    const count = tok.tokenize(buf, 0, buf.length);
    let bad: string | null = count === fields.length ? null : `${count} fields for a schema of ${fields.length}`;
    for (let k = 0; k < fields.length; k++) {
      if (k >= count) { builders[k]!.appendNull(); continue; }
      const problem = converters[k]!(tok, buf, k, builders[k]!);
      if (problem !== null) { builders[k]!.appendNull(); bad ??= problem; }
    }
    if (bad !== null && failFast) throw malformedInParsing(Buffer.from(buf.buffer, buf.byteOffset, buf.length).toString("utf8"), bad);
  }
  const cols = builders.map((b) => b.finish());
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = isNull[i] === 1 ? null : cols.map((c) => getValue(c, i));
  return vectorFromValues(schema, out);
}

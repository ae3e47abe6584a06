/**
 * The schema of a CSV read without a user schema: column names from the first line (header) or
 * `_c0.._cN`, types all string, or inferred over every line of every file when `inferSchema` is
 * on (Spark reads the data twice too).
 *
 * ```ts
 * inferCsvSchema(["/data/rides.csv"], csvOptions({ header: "true", inferschema: "true" }), "UTC", false);
 * ```
 */
import { readFileSync } from "node:fs";
import { NullType, StringType, StructField, StructType, type DataType } from "../../../types/data-types.js";
import { forEachLine } from "../line-reader.js";
import { inferCsvField, safeHeader } from "./csv-infer.js";
import type { CsvOptions } from "./csv-options.js";
import { CsvTokenizer } from "./csv-tokenizer.js";
import { sliceDate, sliceDouble, sliceInt, sliceLocalTimestamp } from "./field-bytes.js";

/**
 * True when a plain field certainly leaves the column's type as it is, checked on the bytes
 * (the common case: another int in an int column); otherwise the full text rules decide.
 */
function keepsType(t: DataType, buf: Uint8Array, s: number, e: number, opts: CsvOptions): boolean {
  switch (t.kind) {
    case "integer": { const v = sliceInt(buf, s, e); return v >= -2147483648 && v <= 2147483647; }
    case "long": return !Number.isNaN(sliceInt(buf, s, e));
    case "double": return !Number.isNaN(sliceDouble(buf, s, e));
    case "timestamp": return opts.timestampFormat === null && !Number.isNaN(sliceLocalTimestamp(buf, s, e));
    case "date": return opts.dateFormat === null && e - s === 10 && !Number.isNaN(sliceDate(buf, s));
    default: return false;
  }
}

/** Infers the data schema of CSV files (all fields nullable, as Spark's file sources). */
export function inferCsvSchema(files: readonly string[], opts: CsvOptions, tz: string, caseSensitive: boolean): StructType {
  const tok = new CsvTokenizer(opts);
  let names: string[] | null = null;
  let types: DataType[] = [];
  for (const file of files) {
    const buf = readFileSync(file);
    let first = true;
    forEachLine(buf, (s, e) => {
      if (s === e) return;
      const n = tok.tokenize(buf, s, e);
      if (names === null) {
        const raw = Array.from({ length: n }, (_, k) => tok.text(buf, k));
        names = opts.header ? safeHeader(raw, caseSensitive, opts.nullValue) : raw.map((_, k) => `_c${k}`);
        types = names.map(() => NullType());
        if (!opts.inferSchema) return false;
      }
      if (first && opts.header) { first = false; return; }
      first = false;
      if (!opts.inferSchema) return false;
      const m = Math.min(n, types.length);
      for (let k = 0; k < m; k++) {
        if (tok.isNull(buf, k)) continue;
        if (tok.isSlice(k) && keepsType(types[k]!, buf, tok.starts[k]!, tok.ends[k]!, opts)) continue;
        types[k] = inferCsvField(types[k]!, tok.text(buf, k), opts, tz);
      }
    });
    if (names !== null && !opts.inferSchema) break;
  }
  const finalNames: string[] = names ?? [];
  return StructType(finalNames.map((name, k) => StructField(name, !opts.inferSchema || types[k]!.kind === "null" ? StringType() : types[k]!, true)));
}

/**
 * Encodes batches as CSV text the way Spark's `UnivocityGenerator` writes with default options:
 * a null is `nullValue` (empty), an empty string `""`, leading and trailing whitespace trimmed,
 * a value holding the delimiter, the quote or a line break quoted with quotes escaped by
 * `escape` (`"q\"x"`). Nested types cannot be written to CSV (as in Spark).
 *
 * ```ts
 * encodeCsv([batch], csvOptions({ header: "true" }), "UTC"); // "id,name\n1,a\n"
 * ```
 */
import { AnalysisError } from "../../../common/errors.js";
import { sqlTypeName, type StructType } from "../../../types/data-types.js";
import { getValue, type Batch } from "../../vector.js";
import { atomicText } from "../value-text.js";
import type { CsvOptions } from "./csv-options.js";

/** Fails for a column CSV cannot hold (arrays, structs, maps, binary). */
export function checkCsvWritable(schema: StructType): void {
  for (const f of schema.fields) {
    const k = f.dataType.kind;
    if (k === "array" || k === "struct" || k === "map" || k === "binary") {
      throw new AnalysisError(`[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column \`${f.name}\` of the type "${sqlTypeName(f.dataType)}". SQLSTATE: 0A000`, {
        context: { column: f.name }, hint: `Write JSON or Parquet instead, or turn the column into text first (F.to_json / cast to string).`,
      });
    }
  }
}

function trimWs(s: string): string {
  let a = 0; let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** One field as CSV text. */
export function csvField(text: string, opts: CsvOptions): string {
  const v = trimWs(text);
  if (v.length === 0) return opts.emptyValueWrite;
  const q = opts.quote;
  if (opts.quoteAll || v.includes(opts.delimiter) || v.includes(q) || v.includes("\n") || v.includes("\r")) {
    const body = opts.escapeQuotes ? v.split(q).join(`${opts.escape}${q}`) : v;
    return `${q}${body}${q}`;
  }
  return v;
}

/** The CSV text of `batches` (with a header line when `opts.header`). */
export function encodeCsv(batches: readonly Batch[], schema: StructType, opts: CsvOptions, timeZone: string, timestampPattern?: string, datePattern?: string): string {
  checkCsvWritable(schema);
  const lines: string[] = [];
  if (opts.header) lines.push(schema.fields.map((f) => csvField(f.name, opts)).join(opts.delimiter));
  for (const b of batches) {
    for (let i = 0; i < b.numRows; i++) {
      let line = "";
      for (let c = 0; c < b.columns.length; c++) {
        const col = b.columns[c]!;
        const x = getValue(col, i);
        if (c > 0) line += opts.delimiter;
        line += x === null ? opts.nullValueWrite : csvField(atomicText(x, col.type, timeZone, timestampPattern, datePattern), opts);
      }
      lines.push(line);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

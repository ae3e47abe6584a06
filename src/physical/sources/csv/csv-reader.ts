/**
 * Reads one CSV file into batches of a given schema, with Spark's modes: PERMISSIVE keeps a
 * malformed row (fields that did not parse are null, the others kept, the raw line in the
 * corrupt-record column if the schema has one), DROPMALFORMED drops it, FAILFAST throws an error
 * naming the file, the line and the value. A row with too few or too many fields is malformed.
 *
 * ```ts
 * const batches = readCsvFile("/data/rides.csv", schema, csvOptions({ header: "true" }), new ZoneCache("UTC"));
 * ```
 */
import { readFileSync } from "node:fs";
import { AnalysisError } from "../../../common/errors.js";
import type { StructType } from "../../../types/data-types.js";
import type { Batch, Vec } from "../../vector.js";
import { ColumnBuilder } from "../column-builder.js";
import { forEachLine, lineText } from "../line-reader.js";
import { malformedRecordError } from "../parse-mode.js";
import type { ZoneCache } from "../zone-cache.js";
import { csvConverter, type CsvConverter } from "./csv-converters.js";
import type { CsvOptions } from "./csv-options.js";
import { CsvTokenizer } from "./csv-tokenizer.js";

/** Rows per batch a reader emits. */
export const READ_BATCH_ROWS = 65536;

/** The index of the corrupt-record column in `schema`, or -1; it must be a nullable string. */
export function corruptColumnIndex(schema: StructType, name: string): number {
  const i = schema.fields.findIndex((f) => f.name === name);
  if (i >= 0 && schema.fields[i]!.dataType.kind !== "string") {
    throw new AnalysisError(`[INVALID_CORRUPT_RECORD_TYPE] The column \`${name}\` for corrupt records must have the nullable STRING type, but got ${schema.fields[i]!.dataType.kind.toUpperCase()}.`, {
      hint: `Declare it as "${name} STRING", or rename it with .option("columnNameOfCorruptRecord", ...).`,
    });
  }
  return i;
}

/** Reads `file` into batches of `schema`. */
export function readCsvFile(file: string, schema: StructType, opts: CsvOptions, zone: ZoneCache): Batch[] {
  const buf = readFileSync(file);
  const tok = new CsvTokenizer(opts);
  const corrupt = corruptColumnIndex(schema, opts.columnNameOfCorruptRecord);
  const dataIdx: number[] = schema.fields.map((_, i) => i).filter((i) => i !== corrupt);
  const convs: CsvConverter[] = dataIdx.map((i) => csvConverter(schema.fields[i]!.dataType, opts, zone));
  const nData = dataIdx.length;
  const out: Batch[] = [];
  let builders: ColumnBuilder[] = [];
  const fresh = (): void => { builders = schema.fields.map((f) => new ColumnBuilder(f.dataType, 4096)); };
  fresh();
  let rows = 0;
  const flush = (): void => {
    if (rows === 0) return;
    const columns: Vec[] = builders.map((b) => b.finish());
    out.push({ schema, numRows: rows, columns });
    fresh(); rows = 0;
  };
  let skipHeader = opts.header;
  forEachLine(buf, (s, e, lineNo) => {
    if (s === e) return;
    if (skipHeader) { skipHeader = false; return; }
    const n = tok.tokenize(buf, s, e);
    let problem: string | null = n === nData ? null : `expected ${nData} fields, found ${n}`;
    for (let j = 0; j < nData; j++) {
      const b = builders[dataIdx[j]!]!;
      if (j >= n) { b.appendNull(); continue; }
      const err = convs[j]!(tok, buf, j, b);
      if (err !== null) { b.appendNull(); problem ??= `field ${j + 1} (${schema.fields[dataIdx[j]!]!.name}): ${err}`; }
    }
    if (problem === null) {
      if (corrupt >= 0) builders[corrupt]!.appendNull();
    } else if (opts.mode === "FAILFAST") {
      throw malformedRecordError(file, lineNo, lineText(buf, s, e), problem);
    } else if (opts.mode === "DROPMALFORMED") {
      for (const j of dataIdx) builders[j]!.truncate(rows);
      return;
    } else if (corrupt >= 0) builders[corrupt]!.append(lineText(buf, s, e));
    rows++;
    if (rows >= READ_BATCH_ROWS) flush();
  });
  flush();
  return out;
}

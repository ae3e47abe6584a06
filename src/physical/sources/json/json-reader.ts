/**
 * Reads one JSON-lines file into batches of a given schema. Each line is one object (a line
 * holding an array of objects gives one row per object; blank lines give none). Modes as Spark's:
 * PERMISSIVE keeps a malformed row with the fields that did convert (the raw line in the corrupt
 * record column if the schema has it), DROPMALFORMED drops it, FAILFAST throws naming the file,
 * line and value.
 *
 * ```ts
 * readJsonFile("/data/events.json", schema, jsonOptions({}), "UTC");
 * ```
 */
import { readFileSync } from "node:fs";
import type { StructType } from "../../../types/data-types.js";
import type { Batch } from "../../vector.js";
import { ColumnBuilder } from "../column-builder.js";
import { corruptColumnIndex, READ_BATCH_ROWS } from "../csv/csv-reader.js";
import { forEachLine, lineText } from "../line-reader.js";
import { malformedRecordError } from "../parse-mode.js";
import { JsonConversionError, jsonValue, type JsonConvertContext } from "./json-convert.js";
import type { JsonOptions } from "./json-options.js";
import { JsonSyntaxError, parseJsonTree, type JsonNode } from "./json-tree.js";

/** Reads `file` into batches of `schema`. */
export function readJsonFile(file: string, schema: StructType, opts: JsonOptions, timeZone: string): Batch[] {
  const buf = readFileSync(file);
  const corrupt = corruptColumnIndex(schema, opts.columnNameOfCorruptRecord);
  const ctx: JsonConvertContext = { timeZone, timestampFormat: opts.timestampFormat, dateFormat: opts.dateFormat };
  const out: Batch[] = [];
  let builders: ColumnBuilder[] = [];
  const fresh = (): void => { builders = schema.fields.map((f) => new ColumnBuilder(f.dataType, 1024)); };
  fresh();
  let rows = 0;
  const flush = (): void => {
    if (rows === 0) return;
    out.push({ schema, numRows: rows, columns: builders.map((b) => b.finish()) });
    fresh(); rows = 0;
  };
  const emit = (values: unknown[], problem: string | null, text: string, file: string, lineNo: number): void => {
    if (problem !== null) {
      if (opts.mode === "FAILFAST") throw malformedRecordError(file, lineNo, text, problem);
      if (opts.mode === "DROPMALFORMED") return;
      if (corrupt >= 0) values[corrupt] = text;
    }
    values.forEach((v, i) => builders[i]!.append(v));
    rows++;
    if (rows >= READ_BATCH_ROWS) flush();
  };
  const convertRow = (node: JsonNode, text: string, lineNo: number): void => {
    const values = new Array<unknown>(schema.fields.length).fill(null);
    if (node.kind !== "object") { emit(values, "the record is not a JSON object", text, file, lineNo); return; }
    let problem: string | null = null;
    schema.fields.forEach((f, i) => {
      if (i === corrupt) return;
      const k = node.keys.lastIndexOf(f.name);
      if (k < 0) return;
      try { values[i] = jsonValue(node.values[k]!, f.dataType, text, ctx); } catch (e) {
        if (!(e instanceof JsonConversionError)) throw e;
        problem ??= `field ${f.name}: ${e.message}`;
      }
    });
    emit(values, problem, text, file, lineNo);
  };
  forEachLine(buf, (s, e, lineNo) => {
    const text = lineText(buf, s, e);
    let node: JsonNode | null;
    try { node = parseJsonTree(text); } catch (err) {
      if (!(err instanceof JsonSyntaxError)) throw err;
      emit(new Array<unknown>(schema.fields.length).fill(null), err.message, text, file, lineNo);
      return;
    }
    if (node === null) return;
    if (node.kind === "array") for (const item of node.items) convertRow(item, text, lineNo);
    else convertRow(node, text, lineNo);
  });
  flush();
  return out;
}

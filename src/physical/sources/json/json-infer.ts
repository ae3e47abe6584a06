/**
 * JSON schema inference, Spark's `JsonInferSchema`: integral numbers are bigint (decimal when
 * they exceed a long, double past 38 digits), fractional numbers double, strings string, objects
 * structs with fields sorted by name, arrays arrays of the merged element type; types merge with
 * `compatibleType` (anything irreconcilable becomes string). Null and "" infer nothing; a column
 * that never had a value is string. A malformed line adds `_corrupt_record` in PERMISSIVE mode.
 * https://github.com/apache/spark/blob/v4.0.0/sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/json/JsonInferSchema.scala
 *
 * ```ts
 * inferJsonSchema(["/data/events.json"], jsonOptions({})); // struct<a:bigint,b:string>
 * ```
 */
import { readFileSync } from "node:fs";
import {
  ArrayType, BooleanType, DecimalType, DoubleType, LongType, NullType, StringType, StructField, StructType,
  type DataType, type DecimalType as Dec,
} from "../../../types/data-types.js";
import { compatibleCsvType } from "../csv/csv-infer.js";
import { forEachLine, lineText } from "../line-reader.js";
import { malformedRecordError } from "../parse-mode.js";
import type { JsonOptions } from "./json-options.js";
import { JsonSyntaxError, parseJsonTree, type JsonNode } from "./json-tree.js";

const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

/** The type of one JSON value (Spark's `inferField`). */
export function inferJsonType(n: JsonNode): DataType {
  switch (n.kind) {
    case "null": return NullType();
    case "string": return n.value.length === 0 ? NullType() : StringType();
    case "boolean": return BooleanType();
    case "number": {
      if (!n.integral) return DoubleType();
      const b = BigInt(n.text);
      if (b >= LONG_MIN && b <= LONG_MAX) return LongType();
      const digits = n.text.replace("-", "").length;
      return digits <= 38 ? DecimalType(digits, 0) : DoubleType();
    }
    case "array": {
      let t: DataType = NullType();
      for (const item of n.items) t = compatibleJsonType(t, inferJsonType(item));
      return ArrayType(t, true);
    }
    case "object": {
      const byName = new Map<string, DataType>();
      n.keys.forEach((k, i) => byName.set(k, inferJsonType(n.values[i]!)));
      const names = [...byName.keys()].sort(compareNames);
      return StructType(names.map((k) => StructField(k, byName.get(k)!, true)));
    }
  }
}

/** Java's String.compareTo (UTF-16 code units), the order of inferred struct fields. */
function compareNames(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }

/** Spark's `JsonInferSchema.compatibleType`. */
export function compatibleJsonType(a: DataType, b: DataType): DataType {
  if (a.kind === "struct" && b.kind === "struct") {
    const m = new Map<string, DataType>();
    for (const f of a.fields) m.set(f.name, f.dataType);
    for (const f of b.fields) { const o = m.get(f.name); m.set(f.name, o === undefined ? f.dataType : compatibleJsonType(o, f.dataType)); }
    return StructType([...m.keys()].sort(compareNames).map((k) => StructField(k, m.get(k)!, true)));
  }
  if (a.kind === "array" && b.kind === "array") return ArrayType(compatibleJsonType(a.elementType, b.elementType), a.containsNull || b.containsNull);
  if (a.kind === "struct" || b.kind === "struct" || a.kind === "array" || b.kind === "array") {
    if (a.kind === "null") return b;
    if (b.kind === "null") return a;
    return StringType();
  }
  if (a.kind === "boolean" && b.kind !== "boolean" && b.kind !== "null") return StringType();
  if (b.kind === "boolean" && a.kind !== "boolean" && a.kind !== "null") return StringType();
  return compatibleCsvType(a, b as DataType) ?? StringType();
}

/** NullType -> string, empty nested structs dropped (Spark's `canonicalizeType`). */
function canonical(t: DataType): DataType | null {
  switch (t.kind) {
    case "null": return StringType();
    case "array": { const e = canonical(t.elementType); return e === null ? null : ArrayType(e, t.containsNull); }
    case "struct": {
      const fs = t.fields.flatMap((f) => { const c = canonical(f.dataType); return c === null ? [] : [StructField(f.name, c, true)]; });
      return fs.length === 0 ? null : StructType(fs);
    }
    default: return t;
  }
}

/** Infers the schema of JSON-lines files. */
export function inferJsonSchema(files: readonly string[], opts: JsonOptions): StructType {
  let root: StructType = StructType([]);
  let corrupt = false;
  const addRow = (t: DataType): void => {
    if (t.kind === "struct") root = compatibleJsonType(root, t) as StructType;
    else if (t.kind !== "null") corrupt = true;
  };
  for (const file of files) {
    const buf = readFileSync(file);
    forEachLine(buf, (s, e, lineNo) => {
      const text = lineText(buf, s, e);
      let node: JsonNode | null;
      try { node = parseJsonTree(text); } catch (err) {
        if (!(err instanceof JsonSyntaxError)) throw err;
        if (opts.mode === "FAILFAST") throw malformedRecordError(file, lineNo, text, err.message);
        if (opts.mode === "PERMISSIVE") corrupt = true;
        return;
      }
      if (node === null) return;
      if (node.kind === "array") { for (const item of node.items) addRow(inferJsonType(item)); return; }
      const t = inferJsonType(node);
      if (t.kind !== "struct" && t.kind !== "null" && opts.mode === "FAILFAST") throw malformedRecordError(file, lineNo, text, "the record is not a JSON object");
      if (t.kind !== "struct" && opts.mode === "DROPMALFORMED") return;
      addRow(t);
    });
  }
  const fields = root.fields.flatMap((f) => { const c = canonical(f.dataType); return c === null ? [] : [StructField(f.name, c, true)]; });
  if (corrupt && !fields.some((f) => f.name === opts.columnNameOfCorruptRecord)) {
    fields.push(StructField(opts.columnNameOfCorruptRecord, StringType(), true));
    fields.sort((x, y) => compareNames(x.name, y.name));
  }
  return StructType(fields);
}

export type { Dec };

/**
 * Turning user data (arrays of rows, objects, Rows) into physical columns for
 * `createDataFrame`, including PySpark's type inference (integral numbers -> bigint, other
 * numbers -> double, Date -> timestamp) and checking values against a given schema.
 *
 * ```ts
 * toPhysicalValue(new Date(0), TimestampType()); // 0n
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import {
  ArrayType, BinaryType, BooleanType, DoubleType, LongType, MapType, NullType, StringType, StructField, StructType,
  TimestampType, sqlTypeName, type DataType,
} from "../types/data-types.js";
import { parseDate, parseTimestamp } from "../types/datetime.js";
import { widerType } from "../expr/type-rules.js";
import { Row } from "./row.js";

/** A physical value for a JavaScript value given the column type. */
export function toPhysicalValue(v: unknown, t: DataType, where = ""): unknown {
  if (v === null || v === undefined) return null;
  const bad = (): AnalysisError => new AnalysisError(
    `[FIELD_DATA_TYPE_UNACCEPTABLE] ${where}: the value ${String(v)} (${typeof v}) cannot be accepted for type "${sqlTypeName(t)}".`,
    { hint: "Pass values matching the schema, or let Kindling infer the schema." },
  );
  switch (t.kind) {
    case "boolean": if (typeof v === "boolean") return v; throw bad();
    case "byte": case "short": case "integer": case "float": case "double":
      if (typeof v === "number") return t.kind === "float" ? Math.fround(v) : v;
      if (typeof v === "bigint") return Number(v);
      throw bad();
    case "long": if (typeof v === "number" && Number.isInteger(v)) return BigInt(v); if (typeof v === "bigint") return v; throw bad();
    case "decimal": {
      const s = typeof v === "number" || typeof v === "bigint" ? String(v) : typeof v === "string" ? v : null;
      if (s === null) throw bad();
      const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
      if (m === null) throw bad();
      const frac = (m[3] ?? "").padEnd(t.scale, "0").slice(0, t.scale);
      const u = BigInt(`${m[2]}${frac}`);
      return m[1] === "-" ? -u : u;
    }
    case "string": if (typeof v === "string") return v; throw bad();
    case "binary": if (v instanceof Uint8Array) return v; throw bad();
    case "date":
      if (v instanceof Date) return Math.floor(v.getTime() / 86400000);
      if (typeof v === "string") { const d = parseDate(v); if (d !== null) return d; }
      throw bad();
    case "timestamp":
      if (v instanceof Date) return BigInt(v.getTime()) * 1000n;
      if (typeof v === "string") { const d = parseTimestamp(v, "UTC"); if (d !== null) return d; }
      if (typeof v === "bigint") return v;
      throw bad();
    case "array": if (Array.isArray(v)) return v.map((x) => toPhysicalValue(x, t.elementType, where)); throw bad();
    case "map": {
      const entries = v instanceof Map ? [...v.entries()] : typeof v === "object" ? Object.entries(v as object) : null;
      if (entries === null) throw bad();
      return entries.map(([k, x]) => [toPhysicalValue(k, t.keyType, where), toPhysicalValue(x, t.valueType, where)]);
    }
    case "struct": return structValues(v, t, where);
    case "null": return null;
    // Microseconds (bigint, or an integral number) and months, the physical forms.
    case "dayTimeInterval": if (typeof v === "bigint") return v; if (typeof v === "number" && Number.isInteger(v)) return BigInt(v); throw bad();
    case "yearMonthInterval": if (typeof v === "number" && Number.isInteger(v)) return v; throw bad();
  }
}

/** The field values of a row-like value (array, Row or object) for a struct type. */
export function structValues(v: unknown, t: StructType, where = ""): unknown[] {
  let raw: unknown[];
  if (v instanceof Row) raw = t.fields.map((f, i) => (v.fieldNames().includes(f.name) ? v.get(f.name) : v.get(i)));
  else if (Array.isArray(v)) raw = v;
  else if (typeof v === "object" && v !== null) raw = t.fields.map((f) => (v as Record<string, unknown>)[f.name]);
  else raw = [v];
  if (raw.length !== t.fields.length) {
    throw new AnalysisError(`[AXIS_LENGTH_MISMATCH] ${where}: the row has ${raw.length} values but the schema has ${t.fields.length} fields.`, {
      hint: "Give every row one value per schema field.",
    });
  }
  return t.fields.map((f, i) => {
    const x = raw[i];
    if ((x === null || x === undefined) && !f.nullable) {
      throw new AnalysisError(`[FIELD_NOT_NULLABLE] ${where}: field ${f.name} is not nullable, but got None.`, { hint: "Mark the field nullable or supply a value." });
    }
    return toPhysicalValue(x, f.dataType, where);
  });
}

/** The Spark type PySpark infers for a JavaScript value. */
export function inferType(v: unknown): DataType {
  if (v === null || v === undefined) return NullType();
  if (typeof v === "boolean") return BooleanType();
  if (typeof v === "number") return Number.isInteger(v) ? LongType() : DoubleType();
  if (typeof v === "bigint") return LongType();
  if (typeof v === "string") return StringType();
  if (v instanceof Date) return TimestampType();
  if (v instanceof Uint8Array) return BinaryType();
  if (Array.isArray(v)) {
    const el = v.reduce<DataType>((acc, x) => mergeTypes(acc, inferType(x)), NullType());
    return ArrayType(el.kind === "null" ? StringType() : el, true);
  }
  if (v instanceof Map) {
    const [k, x] = [...v.entries()][0] ?? ["", null];
    return MapType(inferType(k), inferType(x), true);
  }
  if (v instanceof Row) return StructType(v.fieldNames().map((n, i) => StructField(n, inferType(v.get(i)), true)));
  if (typeof v === "object") return StructType(Object.entries(v as object).map(([k, x]) => StructField(k, inferType(x), true)));
  throw new AnalysisError(`[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of ${String(v)}.`, { hint: "Pass a schema." });
}

/** Merges two inferred types (number kinds widen; null gives way). */
export function mergeTypes(a: DataType, b: DataType): DataType {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  const w = widerType(a, b);
  if (w !== null) return w;
  if (a.kind === "struct" && b.kind === "struct") {
    const fields = [...a.fields];
    for (const f of b.fields) {
      const i = fields.findIndex((x) => x.name === f.name);
      if (i < 0) fields.push(f); else fields[i] = StructField(f.name, mergeTypes(fields[i]!.dataType, f.dataType), true);
    }
    return StructType(fields);
  }
  throw new AnalysisError(`[CANNOT_MERGE_TYPE] Can not merge type "${sqlTypeName(a)}" and "${sqlTypeName(b)}".`, { hint: "Pass a schema, or make the column's values one type." });
}

/** Infers a schema from rows (objects, Rows or arrays with `names`). */
export function inferSchema(rows: readonly unknown[], names?: readonly string[]): StructType {
  let fields: StructField[] | null = null;
  for (const r of rows) {
    const t = Array.isArray(r)
      ? StructType(r.map((x, i) => StructField(names?.[i] ?? `_${i + 1}`, inferType(x), true)))
      : (inferType(r) as StructType);
    if (t.kind !== "struct") throw new AnalysisError("createDataFrame needs rows: arrays, objects or Rows.", { hint: "Wrap each value in an array." });
    fields = fields === null ? [...t.fields] : (mergeTypes(StructType(fields), t) as StructType).fields.slice();
  }
  if (fields === null) {
    throw new AnalysisError("[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset.", { hint: "Pass a schema for empty data." });
  }
  return StructType(fields.map((f, i) => StructField(names?.[i] ?? f.name, f.dataType.kind === "null" ? StringType() : f.dataType, true)));
}

/**
 * CSV schema inference, Spark's `CSVInferSchema`: each field is tried from the type the column
 * has so far, in the order int -> bigint -> decimal (no fraction) -> double -> date (dateFormat,
 * default yyyy-MM-dd) -> timestamp -> boolean -> string, and merged across rows with
 * `compatibleType`; a column with no value is string. Header names follow `makeSafeHeader`.
 * https://github.com/apache/spark/blob/v4.0.0/sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/csv/CSVInferSchema.scala
 *
 * ```ts
 * let t: DataType = NullType();
 * for (const v of ["1", "2.5"]) t = inferCsvField(t, v, opts, "UTC");  // double
 * ```
 */
import {
  BooleanType, DateType, DecimalType, DoubleType, IntegerType, LongType, StringType, TimestampType,
  type DataType, type DecimalType as Dec,
} from "../../../types/data-types.js";
import { daysFromCivil, daysInMonth, parseTimestamp } from "../../../types/datetime.js";
import { parseWithPattern } from "../../eval/datetime-pattern.js";
import { parseBigDecimal, parseJavaDouble, parseJavaInt, parseJavaLong, parseScalaBoolean } from "../text-values.js";
import type { CsvOptions } from "./csv-options.js";

const NUMERIC_RANK: Record<string, number> = { byte: 0, short: 1, integer: 2, long: 3, float: 4, double: 5 };

function decimalForIntegral(t: DataType): Dec {
  return t.kind === "integer" ? DecimalType(10, 0) : t.kind === "long" ? DecimalType(20, 0) : t.kind === "short" ? DecimalType(5, 0) : DecimalType(3, 0);
}

function isWiderThan(d: Dec, t: DataType): boolean {
  const o = decimalForIntegral(t);
  return d.precision - d.scale >= o.precision - o.scale && d.scale >= o.scale;
}

const isIntegralKind = (t: DataType): boolean => t.kind === "byte" || t.kind === "short" || t.kind === "integer" || t.kind === "long";

function mergeDecimals(a: Dec, b: Dec): DataType {
  const scale = Math.max(a.scale, b.scale);
  const range = Math.max(a.precision - a.scale, b.precision - b.scale);
  return range + scale > 38 ? DoubleType() : DecimalType(range + scale, scale);
}

/** `TypeCoercion.findTightestCommonType` then CSV's `findCompatibleTypeForCSV`; null if none. */
export function compatibleCsvType(a: DataType, b: DataType): DataType | null {
  if (a.kind === b.kind && (a.kind !== "decimal" || (a.precision === (b as Dec).precision && a.scale === (b as Dec).scale))) return a;
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (isIntegralKind(a) && b.kind === "decimal" && isWiderThan(b, a)) return b;
  if (a.kind === "decimal" && isIntegralKind(b) && isWiderThan(a, b)) return a;
  const ra = NUMERIC_RANK[a.kind]; const rb = NUMERIC_RANK[b.kind];
  if (ra !== undefined && rb !== undefined) return ra >= rb ? a : b;
  if ((a.kind === "date" || a.kind === "timestamp") && (b.kind === "date" || b.kind === "timestamp")) return TimestampType();
  if (a.kind === "string" || b.kind === "string") return StringType();
  if (isIntegralKind(a) && b.kind === "decimal") return compatibleCsvType(decimalForIntegral(a), b);
  if (a.kind === "decimal" && isIntegralKind(b)) return compatibleCsvType(a, decimalForIntegral(b));
  if ((a.kind === "double" && b.kind === "decimal") || (a.kind === "decimal" && b.kind === "double")) return DoubleType();
  if (a.kind === "decimal" && b.kind === "decimal") return mergeDecimals(a, b);
  return null;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Infers one field given the column's type so far (Spark's `inferField`). */
export function inferCsvField(typeSoFar: DataType, field: string, opts: CsvOptions, tz: string): DataType {
  if (field.length === 0 || field === opts.nullValue) return typeSoFar;
  const tryBoolean = (): DataType => (parseScalaBoolean(field) !== null ? BooleanType() : StringType());
  const tryTimestamp = (): DataType => {
    const ok = opts.timestampFormat === null ? parseTimestamp(field, tz) !== null : parseWithPattern(field, opts.timestampFormat, tz) !== null;
    return ok ? TimestampType() : tryBoolean();
  };
  const tryDate = (): DataType => {
    let ok: boolean;
    if (opts.dateFormat === null) {
      const m = DATE_RE.exec(field);
      ok = m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= daysInMonth(Number(m[1]), Number(m[2]));
      void daysFromCivil;
    } else ok = parseWithPattern(field, opts.dateFormat, "UTC") !== null;
    return ok ? DateType() : tryTimestamp();
  };
  const tryDouble = (): DataType =>
    parseJavaDouble(field) !== null || field === opts.nanValue || field === opts.positiveInf || field === opts.negativeInf ? DoubleType() : tryDate();
  const tryDecimal = (): DataType => {
    const d = parseBigDecimal(field.replaceAll(",", ""));
    // Spark allows only scale <= 0 here (no fraction), and a valid DecimalType (0 <= scale, p <= 38).
    if (d !== null && d.scale === 0 && d.precision <= 38) return DecimalType(d.precision, 0);
    return tryDouble();
  };
  const tryLong = (): DataType => (parseJavaLong(field) !== null ? LongType() : tryDecimal());
  const tryInteger = (): DataType => (parseJavaInt(field) !== null ? IntegerType() : tryLong());
  let inferred: DataType;
  switch (typeSoFar.kind) {
    case "null": case "integer": inferred = tryInteger(); break;
    case "long": inferred = tryLong(); break;
    case "decimal": inferred = tryDecimal(); break;
    case "double": inferred = tryDouble(); break;
    case "date": inferred = tryDate(); break;
    case "timestamp": inferred = tryTimestamp(); break;
    case "boolean": inferred = tryBoolean(); break;
    default: inferred = StringType();
  }
  return compatibleCsvType(typeSoFar, inferred) ?? StringType();
}

/**
 * Spark's `makeSafeHeader`: empty names (or `nullValue`) become `_c<i>`, duplicates (compared
 * lower-cased unless case-sensitive) get their index appended.
 */
export function safeHeader(names: readonly string[], caseSensitive: boolean, nullValue: string): string[] {
  const key = (s: string): string => (caseSensitive ? s : s.toLowerCase());
  const counts = new Map<string, number>();
  for (const n of names) if (n !== "") counts.set(key(n), (counts.get(key(n)) ?? 0) + 1);
  return names.map((n, i) => {
    if (n === "" || n === nullValue) return `_c${i}`;
    return (counts.get(key(n)) ?? 0) > 1 ? `${n}${i}` : n;
  });
}

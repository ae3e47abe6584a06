/**
 * Spark's implicit type coercion and result types (sql/catalyst/.../analysis/TypeCoercion.scala,
 * AnsiTypeCoercion.scala and DecimalPrecision.scala): the wider of two numeric types, the result
 * type of arithmetic (int + long -> long, int / int -> double, decimal precision rules), and the
 * common type of CASE/COALESCE/IN branches.
 *
 * ```ts
 * widerType(IntegerType(), LongType()); // LongType
 * ```
 */
import {
  DayTimeIntervalType, YearMonthIntervalType, type DayTimeField, type YearMonthField,
  DecimalType, DoubleType, LongType, MAX_DECIMAL_PRECISION, StringType, type DataType,
  isFractional, isIntegral, isNumeric, sameTypeIgnoringNullability,
} from "../types/data-types.js";

const NUMERIC_RANK: Record<string, number> = { byte: 1, short: 2, integer: 3, long: 4, float: 6, double: 7 };

/** The decimal type that holds every value of an integral type exactly (Spark's `DecimalType.forType`). */
export function decimalForIntegral(t: DataType): DecimalType {
  switch (t.kind) {
    case "byte": return DecimalType(3, 0);
    case "short": return DecimalType(5, 0);
    case "integer": return DecimalType(10, 0);
    default: return DecimalType(20, 0);
  }
}

/** Spark's `DecimalType.adjustPrecisionScale` (precision loss allowed, the default). */
export function boundedDecimal(precision: number, scale: number): DecimalType {
  if (precision <= MAX_DECIMAL_PRECISION) return DecimalType(Math.max(precision, 1), scale);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, 6);
  const adjusted = Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale);
  return DecimalType(MAX_DECIMAL_PRECISION, adjusted);
}

function widerDecimal(a: DecimalType, b: DecimalType): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const range = Math.max(a.precision - a.scale, b.precision - b.scale);
  return boundedDecimal(range + scale, scale);
}

/**
 * The tightest common type of two types for numeric promotion, or null if none
 * (`findTightestCommonType` + decimal widening). Null type widens to anything. Under ANSI mode
 * (Spark 4's default) an integral type with float widens to double, not float, to keep the
 * integral value exact (AnsiTypeCoercion.findTightestCommonType in
 * sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/analysis/AnsiTypeCoercion.scala).
 */
export function widerType(a: DataType, b: DataType, ansi = true): DataType | null {
  if (sameTypeIgnoringNullability(a, b)) return a;
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a.kind === "decimal" && b.kind === "decimal") return widerDecimal(a, b);
  if (a.kind === "decimal" && isIntegral(b)) return widerDecimal(a, decimalForIntegral(b));
  if (b.kind === "decimal" && isIntegral(a)) return widerDecimal(decimalForIntegral(a), b);
  if ((a.kind === "decimal" && isFractional(b)) || (b.kind === "decimal" && isFractional(a))) return DoubleType();
  const ra = NUMERIC_RANK[a.kind];
  const rb = NUMERIC_RANK[b.kind];
  if (ra !== undefined && rb !== undefined) {
    const w = ra >= rb ? a : b;
    return ansi && w.kind === "float" ? DoubleType() : w; // a.kind !== b.kind here: float with an integral
  }
  // Two intervals of one kind widen to the fields of both (AnsiTypeCoercion.findWiderTypeForTwo).
  if (a.kind === "dayTimeInterval" && b.kind === "dayTimeInterval") {
    return DayTimeIntervalType(Math.min(a.startField, b.startField) as DayTimeField, Math.max(a.endField, b.endField) as DayTimeField);
  }
  if (a.kind === "yearMonthInterval" && b.kind === "yearMonthInterval") {
    return YearMonthIntervalType(Math.min(a.startField, b.startField) as YearMonthField, Math.max(a.endField, b.endField) as YearMonthField);
  }
  if (a.kind === "timestamp" && b.kind === "date") return a;
  if (a.kind === "date" && b.kind === "timestamp") return b;
  if (a.kind === "array" && b.kind === "array") {
    const e = widerType(a.elementType, b.elementType, ansi);
    return e === null ? null : { kind: "array", elementType: e, containsNull: a.containsNull || b.containsNull };
  }
  return null;
}

/**
 * The common type of the branches of CASE/COALESCE/IN and of union columns: numeric widening,
 * and (as Spark does for these) string with anything atomic becomes string.
 */
export function commonType(types: readonly DataType[], ansi = true): DataType | null {
  let acc: DataType | null = types[0] ?? null;
  for (let i = 1; i < types.length && acc !== null; i++) {
    const t = types[i]!;
    const w = widerType(acc, t, ansi);
    if (w !== null) { acc = w; continue; }
    if ((acc.kind === "string" && isAtomic(t)) || (t.kind === "string" && isAtomic(acc))) { acc = StringType(); continue; }
    acc = null;
  }
  return acc;
}

function isAtomic(t: DataType): boolean {
  return t.kind !== "struct" && t.kind !== "array" && t.kind !== "map" && t.kind !== "binary";
}

/** Casts to apply to the two sides of a comparison, or null if they cannot be compared. */
export function comparisonType(a: DataType, b: DataType, ansi: boolean): DataType | null {
  const w = widerType(a, b, ansi);
  if (w !== null) return w;
  // String vs number: ANSI casts the string to the other side's type; legacy compares as double
  // unless the number is integral-free (TypeCoercion.PromoteStrings).
  if (a.kind === "string" && isNumeric(b)) return ansi ? (isIntegral(b) ? LongType() : b) : DoubleType();
  if (b.kind === "string" && isNumeric(a)) return ansi ? (isIntegral(a) ? LongType() : a) : DoubleType();
  if (a.kind === "string" && (b.kind === "date" || b.kind === "timestamp")) return b;
  if (b.kind === "string" && (a.kind === "date" || a.kind === "timestamp")) return a;
  if (a.kind === "string" && b.kind === "boolean") return b;
  if (b.kind === "string" && a.kind === "boolean") return a;
  return null;
}

export interface ArithmeticTypes {
  /** Type both operands are cast to before the operation. */
  readonly operandType: DataType;
  readonly resultType: DataType;
}

/**
 * Operand and result types of `+ - * / %` (null if invalid). `/` on non-decimals is always
 * double; decimals follow DecimalPrecision. Strings are cast to double (legacy) or bigint/double (ANSI).
 */
export function arithmeticTypes(op: "+" | "-" | "*" | "/" | "%" | "div", a: DataType, b: DataType, ansi: boolean): ArithmeticTypes | null {
  let l = a;
  let r = b;
  const stringTo = (other: DataType): DataType =>
    ansi ? (isIntegral(other) ? LongType() : other.kind === "null" || other.kind === "string" ? DoubleType() : other) : DoubleType();
  if (l.kind === "string") l = stringTo(r);
  if (r.kind === "string") r = stringTo(l);
  if (l.kind === "null" && r.kind === "null") { l = DoubleType(); r = DoubleType(); }
  if (!(isNumeric(l) || l.kind === "null") || !(isNumeric(r) || r.kind === "null")) return null;
  if (op === "div") {
    if (!(isIntegral(l) || l.kind === "null") || !(isIntegral(r) || r.kind === "null")) return null;
    return { operandType: LongType(), resultType: LongType() };
  }
  if (op === "/") {
    if (l.kind === "decimal" || r.kind === "decimal") {
      const dl = l.kind === "decimal" ? l : isIntegral(l) ? decimalForIntegral(l) : null;
      const dr = r.kind === "decimal" ? r : isIntegral(r) ? decimalForIntegral(r) : null;
      if (dl === null || dr === null) return { operandType: DoubleType(), resultType: DoubleType() };
      const scale = Math.max(6, dl.scale + dr.precision + 1);
      const precision = dl.precision - dl.scale + dr.scale + scale;
      return { operandType: widerDecimal(dl, dr), resultType: boundedDecimal(precision, scale) };
    }
    return { operandType: DoubleType(), resultType: DoubleType() };
  }
  const w = widerType(l, r, ansi);
  if (w === null) return null;
  if (w.kind === "decimal") {
    const dl = l.kind === "decimal" ? l : decimalForIntegral(l);
    const dr = r.kind === "decimal" ? r : decimalForIntegral(r);
    let result: DecimalType;
    if (op === "+" || op === "-") {
      const scale = Math.max(dl.scale, dr.scale);
      result = boundedDecimal(Math.max(dl.precision - dl.scale, dr.precision - dr.scale) + scale + 1, scale);
    } else if (op === "*") {
      result = boundedDecimal(dl.precision + dr.precision + 1, dl.scale + dr.scale);
    } else {
      const scale = Math.max(dl.scale, dr.scale);
      result = boundedDecimal(Math.min(dl.precision - dl.scale, dr.precision - dr.scale) + scale, scale);
    }
    return { operandType: w, resultType: result };
  }
  return { operandType: w, resultType: w };
}

/**
 * Which casts Spark allows at all (Cast.canCast / canAnsiCast): whether a value can fail at run
 * time is the evaluator's business; this only rejects casts Spark refuses at analysis.
 *
 * ```ts
 * canCast(StringType(), IntegerType()); // true
 * canCast(DateType(), BooleanType());   // false
 * ```
 */
import { isIntegral, isNumeric, type DataType } from "../types/data-types.js";

/** True when Spark accepts `CAST(from AS to)`. */
export function canCast(from: DataType, to: DataType): boolean {
  if (from.kind === "null") return true;
  if (to.kind === "string") return true;
  if (from.kind === to.kind && from.kind !== "struct" && from.kind !== "array" && from.kind !== "map") return true;
  switch (to.kind) {
    case "boolean": return from.kind === "string" || isNumeric(from);
    case "byte": case "short": case "integer": case "long": case "float": case "double": case "decimal":
      return from.kind === "string" || from.kind === "boolean" || isNumeric(from) || from.kind === "timestamp";
    case "date": return from.kind === "string" || from.kind === "timestamp";
    case "timestamp": return from.kind === "string" || from.kind === "date" || isNumeric(from);
    case "binary": return from.kind === "string";
    // Strings in the interval's own format (Cast.canCast: StringType -> AnsiIntervalType).
    case "dayTimeInterval": case "yearMonthInterval": return from.kind === "string";
    case "array": return from.kind === "array" && canCast(from.elementType, to.elementType);
    case "map": return from.kind === "map" && canCast(from.keyType, to.keyType) && canCast(from.valueType, to.valueType);
    case "struct":
      return from.kind === "struct" && from.fields.length === to.fields.length &&
        from.fields.every((f, i) => canCast(f.dataType, to.fields[i]!.dataType));
    default: return false;
  }
}

const DECIMAL_DIGITS: Record<string, number> = { byte: 3, short: 5, integer: 10, long: 20 };

/**
 * Whether every value of `from` fits `to` (Spark's Cast.canNullSafeCastToDecimal): booleans and
 * integral types when the decimal has room for their digits, decimals with more integer digits.
 */
function canNullSafeCastToDecimal(from: DataType, to: { precision: number; scale: number }): boolean {
  if (from.kind === "boolean") return to.precision - to.scale >= 1;
  const digits = DECIMAL_DIGITS[from.kind];
  if (digits !== undefined) return to.precision - to.scale >= digits;
  if (from.kind === "decimal") return to.precision - to.scale > from.precision - from.scale;
  return false;
}

/**
 * True when casting a non-null `from` value to `to` may give NULL, so the cast is nullable even
 * over a non-null input: Spark's `Cast.forceNullable` (sql/catalyst/.../expressions/Cast.scala),
 * which Spark 4 applies whatever `spark.sql.ansi.enabled` says (try_cast is always nullable).
 *
 * ```ts
 * castForcesNullable(DoubleType(), IntegerType()); // true: NaN and infinities
 * castForcesNullable(LongType(), IntegerType());   // false: wraps or fails, never NULL
 * ```
 */
export function castForcesNullable(from: DataType, to: DataType): boolean {
  if (from.kind === "null") return false;
  if (JSON.stringify(from) === JSON.stringify(to)) return false;
  if (from.kind === "string") return !(to.kind === "binary" || to.kind === "string");
  if (to.kind === "string") return false;
  if (from.kind === "timestamp" && (to.kind === "byte" || to.kind === "short" || to.kind === "integer")) return true;
  if ((from.kind === "float" || from.kind === "double") && to.kind === "timestamp") return true;
  if (from.kind === "timestamp" && to.kind === "date") return false;
  if (to.kind === "date") return true;
  if (from.kind === "date" && to.kind === "timestamp") return false;
  if (from.kind === "date") return true;
  if (to.kind === "decimal" && !canNullSafeCastToDecimal(from, to)) return true;
  if ((from.kind === "float" || from.kind === "double") && isIntegral(to)) return true;
  return false;
}

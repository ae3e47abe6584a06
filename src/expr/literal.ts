/**
 * Literal values: from JavaScript values to typed, physical literals, following PySpark's
 * `lit()` inference (an integral number in int range is IntegerType, beyond it LongType, other
 * numbers DoubleType; bigint is LongType; Date is TimestampType).
 *
 * ```ts
 * literal(1);     // { kind: "lit", value: 1, dataType: IntegerType }
 * literal(2**40); // LongType, value 1099511627776n
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import {
  BinaryType, BooleanType, DoubleType, IntegerType, LongType, NullType, StringType, TimestampType,
  type DataType,
} from "../types/data-types.js";
import { decimalToPlainString, javaDoubleToString, javaFloatToString } from "../types/java-format.js";
import { formatDate, formatTimestamp } from "../types/datetime.js";
import { formatDayTimeInterval, formatYearMonthInterval } from "../types/interval-format.js";
import type { Expr } from "./expression.js";

export type LitExpr = Extract<Expr, { kind: "lit" }>;

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** A typed literal from a JavaScript value. */
export function literal(value: unknown): LitExpr {
  if (value === null || value === undefined) return { kind: "lit", value: null, dataType: NullType() };
  if (typeof value === "boolean") return { kind: "lit", value, dataType: BooleanType() };
  if (typeof value === "number") {
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      if (value >= INT_MIN && value <= INT_MAX) return { kind: "lit", value, dataType: IntegerType() };
      if (Number.isSafeInteger(value)) return { kind: "lit", value: BigInt(value), dataType: LongType() };
    }
    return { kind: "lit", value, dataType: DoubleType() };
  }
  if (typeof value === "bigint") {
    if (value < -(2n ** 63n) || value >= 2n ** 63n) {
      throw new AnalysisError(`The literal ${value} is out of range for BIGINT.`, { hint: "Use a value between -2^63 and 2^63-1." });
    }
    return { kind: "lit", value, dataType: LongType() };
  }
  if (typeof value === "string") return { kind: "lit", value, dataType: StringType() };
  if (value instanceof Date) return { kind: "lit", value: BigInt(value.getTime()) * 1000n, dataType: TimestampType() };
  if (value instanceof Uint8Array) return { kind: "lit", value, dataType: BinaryType() };
  throw new AnalysisError(`Unsupported literal value ${String(value)} of JavaScript type ${typeof value}.`, {
    hint: "Pass a number, bigint, string, boolean, Date, Uint8Array or null; build arrays with functions.array.",
  });
}

/** A literal with an explicit type (the value must already be physical). */
export function typedLiteral(value: unknown, dataType: DataType): LitExpr {
  return { kind: "lit", value, dataType };
}

/**
 * The text Spark uses for a literal inside a generated column name (`Literal.toString`): strings
 * unquoted, doubles as Java prints them, null as NULL.
 */
export function literalToString(value: unknown, t: DataType, timeZone = "UTC"): string {
  if (value === null || value === undefined) return "NULL";
  switch (t.kind) {
    case "double": return javaDoubleToString(value as number);
    case "float": return javaFloatToString(value as number);
    case "decimal": return decimalToPlainString(value as bigint, t.scale);
    // Typed literals keep their SQL form in names (toPrettySQL's usePrettyExpression only unquotes
    // strings and numbers): `(ts - TIMESTAMP '2020-07-01 00:00:00')`, `(d - DATE '2020-01-01')`.
    case "date": return `DATE '${formatDate(value as number)}'`;
    case "timestamp": return `TIMESTAMP '${formatTimestamp(value as bigint, timeZone)}'`;
    case "dayTimeInterval": return formatDayTimeInterval(value as bigint, t.startField, t.endField);
    case "yearMonthInterval": return formatYearMonthInterval(value as number, t.startField, t.endField);
    case "binary": return `[${Array.from(value as Uint8Array).join(", ")}]`;
    case "long": return `${String(value)}`;
    default: return String(value);
  }
}

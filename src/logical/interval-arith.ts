/**
 * `+ - * /` where an operand is an ANSI interval, or `-` between two datetimes: Spark 4's
 * `BinaryArithmeticWithDatetimeResolver` (sql/catalyst/.../analysis/BinaryArithmeticWithDatetimeResolver.scala)
 * turns these into datetime expressions, which Kindling writes as internal functions:
 *
 * | Spark                                   | Kindling fn                  | result                      |
 * | --------------------------------------- | ---------------------------- | --------------------------- |
 * | TimeAdd(ts, dt)                         | `time_add`                   | timestamp                   |
 * | DateAdd(d, ExtractANSIIntervalDays(dt)) | `date_add` + `extractansiintervaldays` | date (DAY intervals only) |
 * | TimestampAddYMInterval(ts, ym)          | `timestamp_add_ym_interval`  | timestamp                   |
 * | DateAddYMInterval(d, ym)                | `date_add_ym_interval`       | date                        |
 * | SubtractTimestamps(a, b)                | `subtract_timestamps`        | interval day to second      |
 * | SubtractDates(a, b)                     | `subtract_dates`             | interval day                |
 * | Multiply/DivideDTInterval, …YMInterval  | `multiply_dt_interval` …     | interval day to second / year to month |
 *
 * `x - i` is `x + (-i)` (DatetimeSub keeps the `x - i` name only). A date plus a day-time interval
 * with hours or finer becomes a timestamp (TimeAdd over CAST(d AS TIMESTAMP)). Interval ± interval of
 * one kind stays a binary operator over the wider interval type.
 *
 * ```ts
 * resolveIntervalArithmetic("+", ts, hourLiteral); // time_add(ts, INTERVAL '01' HOUR): timestamp
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import type { BinaryOp } from "../expr/expression.js";
import { widerType } from "../expr/type-rules.js";
import {
  DateType, DayTimeIntervalType, IntegerType, TimestampType, YearMonthIntervalType, isInterval, isNumeric, sqlTypeName,
  type DataType,
} from "../types/data-types.js";
import { castTo, type Typed } from "./resolve-expr.js";

const fn = (name: string, args: readonly Typed[], dataType: DataType, nullable = args.some((a) => a.nullable)): Typed =>
  ({ expr: { kind: "fn", name, args: args.map((a) => a.expr) }, dataType, nullable });

const negated = (t: Typed): Typed => ({ expr: { kind: "unary", op: "negate", child: t.expr }, dataType: t.dataType, nullable: t.nullable });

const isDayOnly = (t: DataType): boolean => t.kind === "dayTimeInterval" && t.startField === 0 && t.endField === 0;

function typeError(first: string, arg: string, t: DataType, required: string): AnalysisError {
  return new AnalysisError(
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${first}" due to data type mismatch: The ${arg} parameter requires the ${required} type, however it has the type "${sqlTypeName(t)}". SQLSTATE: 42K09`,
    { hint: "Add an interval to a TIMESTAMP or DATE, multiply or divide it by a number, or add two intervals of the same kind." },
  );
}

const TIMESTAMP_REQUIRED = '"(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)"';

/** `datetime + interval` with the datetime `d` and the interval `i` (either operand order in the source). */
function addToDatetime(d: Typed, i: Typed, subtract: boolean): Typed {
  const iv = subtract ? negated(i) : i;
  if (i.dataType.kind === "yearMonthInterval") {
    if (d.dataType.kind === "date") return fn("date_add_ym_interval", [d, iv], DateType());
    if (d.dataType.kind === "timestamp") return fn("timestamp_add_ym_interval", [d, iv], TimestampType());
  } else {
    if (d.dataType.kind === "date" && isDayOnly(i.dataType)) {
      const days = fn("extractansiintervaldays", [i], IntegerType());
      return fn("date_add", [d, subtract ? negated(days) : days], DateType());
    }
    if (d.dataType.kind === "date") return fn("time_add", [castTo(d, TimestampType()), iv], TimestampType());
    if (d.dataType.kind === "timestamp") return fn("time_add", [d, iv], TimestampType());
  }
  throw typeError("+", "first", d.dataType, TIMESTAMP_REQUIRED);
}

/**
 * The resolved form of `l op r` when interval or datetime-difference rules apply; null when the
 * ordinary numeric rules do.
 */
export function resolveIntervalArithmetic(op: BinaryOp, l: Typed, r: Typed): Typed | null {
  const li = isInterval(l.dataType);
  const ri = isInterval(r.dataType);
  const datetime = (t: DataType): boolean => t.kind === "date" || t.kind === "timestamp";
  if (op === "-" && !li && !ri) {
    if (l.dataType.kind === "timestamp" || r.dataType.kind === "timestamp") {
      if (!datetime(l.dataType) || !datetime(r.dataType)) return null;
      return fn("subtract_timestamps", [castTo(l, TimestampType()), castTo(r, TimestampType())], DayTimeIntervalType(0, 3));
    }
    if (l.dataType.kind === "date" && r.dataType.kind === "date") return fn("subtract_dates", [l, r], DayTimeIntervalType(0, 0));
    return null;
  }
  if (!li && !ri) return null;
  switch (op) {
    case "+": case "-": {
      if (li && ri) {
        if (l.dataType.kind === r.dataType.kind) {
          const w = widerType(l.dataType, r.dataType)!;
          const a = castTo(l, w); const b = castTo(r, w);
          return { expr: { kind: "binary", op, left: a.expr, right: b.expr }, dataType: w, nullable: a.nullable || b.nullable };
        }
        // DT + YM is TimeAdd(YM, DT) (YM + DT: TimeAdd(YM, DT) too), refused for its first parameter.
        throw typeError("+", "first", l.dataType.kind === "yearMonthInterval" ? l.dataType : r.dataType, TIMESTAMP_REQUIRED);
      }
      if (l.dataType.kind === "null" || r.dataType.kind === "null") {
        const t = li ? l.dataType : r.dataType;
        const a = castTo(l, t); const b = castTo(r, t);
        return { expr: { kind: "binary", op, left: a.expr, right: b.expr }, dataType: t, nullable: true };
      }
      if (ri) return addToDatetime(l, r, op === "-");
      if (op === "-") {
        throw new AnalysisError(
          `[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve expression due to data type mismatch: the left and right operands of the binary operator have incompatible types ("${sqlTypeName(l.dataType)}" and "${sqlTypeName(r.dataType)}"). SQLSTATE: 42K09`,
          { hint: "Subtract an interval from a TIMESTAMP or DATE, not the other way round." },
        );
      }
      return addToDatetime(r, l, false);
    }
    case "*": {
      const [iv, num] = li ? [l, r] : [r, l];
      if (isInterval(num.dataType) || !(isNumeric(num.dataType) || num.dataType.kind === "null")) {
        throw typeError("*", "second", num.dataType, '"NUMERIC"');
      }
      const ym = iv.dataType.kind === "yearMonthInterval";
      return fn(ym ? "multiply_ym_interval" : "multiply_dt_interval", [iv, num], ym ? YearMonthIntervalType() : DayTimeIntervalType());
    }
    case "/": {
      if (!li || !(isNumeric(r.dataType) || r.dataType.kind === "null")) {
        throw typeError("/", li ? "second" : "first", li ? r.dataType : l.dataType, li ? '"NUMERIC"' : '"INTERVAL"');
      }
      const ym = l.dataType.kind === "yearMonthInterval";
      return fn(ym ? "divide_ym_interval" : "divide_dt_interval", [l, r], ym ? YearMonthIntervalType() : DayTimeIntervalType());
    }
    default:
      throw new AnalysisError(
        `[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve expression due to data type mismatch: the binary operator requires the input type "NUMERIC", not "${sqlTypeName(li ? l.dataType : r.dataType)}". SQLSTATE: 42K09`,
        { hint: "Intervals support +, -, * and / by a number, comparisons and unary minus." },
      );
  }
}


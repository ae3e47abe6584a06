/**
 * Kernels of the interval functions that logical/interval-arith.ts resolves `+ - * /` to, after
 * Spark's datetimeExpressions.scala and intervalExpressions.scala:
 *
 * - `time_add` (TimeAdd → DateTimeUtils.timestampAddDayTime: Math.addExact, no time zone);
 * - `timestamp_add_ym_interval` (TimestampAddYMInterval → timestampAddMonths: months added to the
 *   local date-time in the session time zone, the day clamped to the month's end like LocalDate.plusMonths);
 * - `date_add_ym_interval` (DateAddYMInterval → dateAddMonths), `date_add`, `extractansiintervaldays`;
 * - `subtract_timestamps`, `subtract_dates` (a day-time interval);
 * - `multiply_*_interval` / `divide_*_interval`: integral factors exact (Math.multiplyExact: a bare
 *   `long overflow` / `integer overflow`), fractional and decimal ones rounded HALF_UP
 *   (DoubleMath.roundToLong / BigDecimal.setScale); a zero divisor is INTERVAL_DIVIDED_BY_ZERO.
 *
 * These overflow checks do not depend on spark.sql.ansi.enabled (Spark's interval arithmetic is
 * always exact).
 *
 * ```ts
 * evalIntervalFunction("time_add", [ts, hour], ctx, n); // timestamps one hour later
 * ```
 */
import { ExecutionError, InternalError } from "../../common/errors.js";
import { INTERVAL_FUNCTIONS } from "../../expr/interval-functions.js";
import { DateType, DayTimeIntervalType, IntegerType, TimestampType, YearMonthIntervalType, type DataType } from "../../types/data-types.js";
import { civilFromDays, daysFromCivil, daysInMonth, localToUtcSeconds, zoneOffsetSeconds } from "../../types/datetime.js";
import { MICROS_PER_DAY } from "../../types/interval-format.js";
import type { ExecContext } from "../exec-context.js";
import { andValid, getValue, type Vec } from "../vector.js";
import { divHalfUp, pow10 } from "./arithmetic.js";
import { atRow } from "./record-location.js";

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** True for the names {@link evalIntervalFunction} evaluates. */
export function isIntervalFunction(name: string): boolean {
  return (INTERVAL_FUNCTIONS as readonly string[]).includes(name);
}

/** A bare java.lang.ArithmeticException as Spark surfaces it (`long overflow`, no error class). */
function javaArithmetic(message: string): ExecutionError {
  return new ExecutionError(message, { hint: "The interval arithmetic left the range of its type; use smaller values." });
}

/** `[INTERVAL_DIVIDED_BY_ZERO]` (QueryExecutionErrors.intervalDividedByZeroError). */
export function intervalDividedByZero(): ExecutionError {
  return new ExecutionError(
    "[INTERVAL_DIVIDED_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. SQLSTATE: 22012",
    { hint: "Filter out zero divisors, or use try_divide." },
  );
}

function exactLong(v: bigint): bigint {
  if (v < LONG_MIN || v > LONG_MAX) throw javaArithmetic("long overflow");
  return v;
}

function exactInt(v: number): number {
  if (!Number.isSafeInteger(v) || v < INT_MIN || v > INT_MAX) throw javaArithmetic("integer overflow");
  return v;
}

/** Guava's DoubleMath.roundToLong: HALF_EVEN (ties to even) or HALF_UP (ties away from zero). */
function roundDouble(x: number, mode: "even" | "up", toInt: boolean): bigint {
  if (!Number.isFinite(x)) throw javaArithmetic(`input is infinite or NaN`);
  let r: number;
  if (mode === "up") r = Math.sign(x) * Math.round(Math.abs(x));
  else {
    const f = Math.floor(x);
    const d = x - f;
    r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  }
  const b = BigInt(r);
  if (toInt ? b < BigInt(INT_MIN) || b > BigInt(INT_MAX) : b < LONG_MIN || b > LONG_MAX) {
    throw javaArithmetic(`rounded value is out of range for input ${x} and rounding mode ${mode === "up" ? "HALF_UP" : "HALF_EVEN"}`);
  }
  return b;
}

/** LocalDate.plusMonths on epoch days: the day of month is clamped to the new month's length. */
export function addMonthsToDays(days: number, months: number): number {
  const { y, m, d } = civilFromDays(days);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** DateTimeUtils.timestampAddMonths: months added to the local date-time in `tz`. */
function addMonthsToMicros(micros: bigint, months: number, tz: string): bigint {
  const sec = micros >= 0n ? micros / 1_000_000n : (micros - 999_999n) / 1_000_000n;
  const frac = micros - sec * 1_000_000n;
  const s = Number(sec);
  const local = s + zoneOffsetSeconds(s, tz);
  const days = Math.floor(local / 86400);
  const secOfDay = local - days * 86400;
  const newLocal = addMonthsToDays(days, months) * 86400 + secOfDay;
  return BigInt(localToUtcSeconds(newLocal, tz)) * 1_000_000n + frac;
}

type Num = number | bigint;

/** The factor as an exact decimal (unscaled, scale) or a double. */
function factor(t: DataType, x: unknown): { kind: "int"; v: bigint } | { kind: "dec"; v: bigint; scale: number } | { kind: "double"; v: number } {
  switch (t.kind) {
    case "byte": case "short": case "integer": case "long": return { kind: "int", v: BigInt(x as Num) };
    case "decimal": return { kind: "dec", v: x as bigint, scale: t.scale };
    case "float": case "double": return { kind: "double", v: x as number };
    default: throw new InternalError(`interval arithmetic with a ${t.kind} factor`);
  }
}

function multiply(value: bigint, t: DataType, x: unknown, months: boolean): bigint {
  const f = factor(t, x);
  if (f.kind === "int") {
    const r = value * f.v;
    // MultiplyYMInterval: Math.multiplyExact(int, int) for byte/short/int, toIntExact(multiplyExact(long)) for long.
    if (months) {
      if (t.kind === "long" && (r < LONG_MIN || r > LONG_MAX)) throw javaArithmetic("long overflow");
      if (r < BigInt(INT_MIN) || r > BigInt(INT_MAX)) throw javaArithmetic("integer overflow");
      return r;
    }
    return exactLong(r);
  }
  if (f.kind === "dec") {
    const r = divHalfUp(value * f.v, pow10(f.scale));
    if (months ? r < BigInt(INT_MIN) || r > BigInt(INT_MAX) : r < LONG_MIN || r > LONG_MAX) throw javaArithmetic("Overflow");
    return r;
  }
  // MultiplyDTInterval/MultiplyYMInterval round a fractional product HALF_UP (checked: 5 µs * 0.5D is 3 µs).
  return roundDouble(Number(value) * f.v, "up", months);
}

function divide(value: bigint, t: DataType, x: unknown, months: boolean): bigint {
  const f = factor(t, x);
  if ((f.kind === "double" && f.v === 0) || (f.kind !== "double" && f.v === 0n)) throw intervalDividedByZero();
  if (f.kind === "int") {
    if (!months && value === LONG_MIN && f.v === -1n) {
      throw new ExecutionError("[ARITHMETIC_OVERFLOW] Overflow in integral divide. Use 'try_divide' to tolerate overflow and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22003");
    }
    const r = divHalfUp(value, f.v);
    if (months && (r < BigInt(INT_MIN) || r > BigInt(INT_MAX))) throw javaArithmetic("integer overflow");
    return r;
  }
  if (f.kind === "dec") return divHalfUp(value * pow10(f.scale), f.v);
  return roundDouble(Number(value) / f.v, "up", months);
}

/** Evaluates one of {@link INTERVAL_FUNCTIONS} over vectors of `n` rows; nulls propagate. */
export function evalIntervalFunction(name: string, args: readonly Vec[], ctx: ExecContext, n: number): Vec {
  const a = args[0]!;
  const b = args[1];
  const valid = b === undefined ? a.valid : andValid(a.valid, b.valid, n);
  const loop = (type: DataType, out: BigInt64Array | Int32Array, f: (i: number) => bigint | number): Vec => {
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) continue;
      try {
        out[i] = (out instanceof BigInt64Array ? f(i) : Number(f(i))) as never;
      } catch (e) {
        throw atRow(e, i);
      }
    }
    return { type, length: n, values: out, valid };
  };
  const big = (v: Vec): BigInt64Array => v.values as BigInt64Array;
  const int = (v: Vec): Int32Array => v.values as Int32Array;
  switch (name) {
    case "time_add": return loop(TimestampType(), new BigInt64Array(n), (i) => exactLong(big(a)[i]! + big(b!)[i]!));
    case "timestamp_add_ym_interval":
      return loop(TimestampType(), new BigInt64Array(n), (i) => addMonthsToMicros(big(a)[i]!, int(b!)[i]!, ctx.timeZone));
    case "date_add_ym_interval": return loop(DateType(), new Int32Array(n), (i) => addMonthsToDays(int(a)[i]!, int(b!)[i]!));
    case "date_add": return loop(DateType(), new Int32Array(n), (i) => (int(a)[i]! + Number(getValue(b!, i) as Num)) | 0);
    case "extractansiintervaldays": return loop(IntegerType(), new Int32Array(n), (i) => Number(big(a)[i]! / MICROS_PER_DAY));
    case "subtract_timestamps": return loop(DayTimeIntervalType(0, 3), new BigInt64Array(n), (i) => exactLong(big(a)[i]! - big(b!)[i]!));
    case "subtract_dates":
      return loop(DayTimeIntervalType(0, 0), new BigInt64Array(n), (i) => exactLong(BigInt(exactInt(int(a)[i]! - int(b!)[i]!)) * MICROS_PER_DAY));
    case "multiply_dt_interval": return loop(DayTimeIntervalType(), new BigInt64Array(n), (i) => multiply(big(a)[i]!, b!.type, getValue(b!, i), false));
    case "divide_dt_interval": return loop(DayTimeIntervalType(), new BigInt64Array(n), (i) => divide(big(a)[i]!, b!.type, getValue(b!, i), false));
    case "multiply_ym_interval": return loop(YearMonthIntervalType(), new Int32Array(n), (i) => multiply(BigInt(int(a)[i]!), b!.type, getValue(b!, i), true));
    case "divide_ym_interval": return loop(YearMonthIntervalType(), new Int32Array(n), (i) => divide(BigInt(int(a)[i]!), b!.type, getValue(b!, i), true));
    default: throw new InternalError(`unknown interval function ${name}`);
  }
}

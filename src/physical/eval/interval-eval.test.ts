import { describe, expect, it } from "vitest";
import { DateType, DayTimeIntervalType, DecimalType, DoubleType, IntegerType, LongType, TimestampType, YearMonthIntervalType, type DataType } from "../../types/data-types.js";
import { parseDate, parseTimestamp } from "../../types/datetime.js";
import { defaultExecContext } from "../exec-context.js";
import { vectorFromValues, vectorToValues } from "../vector.js";
import { addMonthsToDays, evalIntervalFunction } from "./interval-eval.js";
import { arithmetic, negate } from "./arithmetic.js";

const ctx = defaultExecContext();
const v = (t: DataType, values: unknown[]) => vectorFromValues(t, values);
const run = (name: string, a: ReturnType<typeof v>, b?: ReturnType<typeof v>, c = ctx) => vectorToValues(evalIntervalFunction(name, b === undefined ? [a] : [a, b], c, a.length));
const HOUR = 3_600_000_000n;

describe("interval kernels", () => {
  it("adds months like LocalDate.plusMonths, clamping the day", () => {
    expect(addMonthsToDays(parseDate("2024-01-31")!, 1)).toBe(parseDate("2024-02-29"));
    expect(addMonthsToDays(parseDate("2024-02-29")!, -12)).toBe(parseDate("2023-02-28"));
    expect(addMonthsToDays(parseDate("1969-12-31")!, 14)).toBe(parseDate("1971-02-28"));
  });
  it("adds months to a timestamp in the session time zone's wall clock", () => {
    const ts = parseTimestamp("2024-01-31 10:00:00", "UTC")!;
    expect(run("timestamp_add_ym_interval", v(TimestampType(), [ts, null]), v(YearMonthIntervalType(1, 1), [1, 1]))).toEqual([parseTimestamp("2024-02-29 10:00:00", "UTC"), null]);
    // 2024-03-01 00:30 in Los Angeles is before the DST change; a month later the wall clock is kept.
    const la = { ...ctx, timeZone: "America/Los_Angeles" };
    const t0 = parseTimestamp("2024-02-10 00:30:00", "America/Los_Angeles")!;
    expect(run("timestamp_add_ym_interval", v(TimestampType(), [t0]), v(YearMonthIntervalType(), [1]), la)).toEqual([parseTimestamp("2024-03-10 00:30:00", "America/Los_Angeles")]);
  });
  it("adds day-time intervals exactly, failing with Java's bare long overflow", () => {
    expect(run("time_add", v(TimestampType(), [0n, 5n]), v(DayTimeIntervalType(), [HOUR, null]))).toEqual([HOUR, null]);
    expect(() => run("time_add", v(TimestampType(), [2n ** 63n - 1n]), v(DayTimeIntervalType(), [1n]))).toThrow(/^long overflow/);
  });
  it("subtracts dates into a DAY interval and timestamps into a DAY TO SECOND one", () => {
    expect(run("subtract_dates", v(DateType(), [10]), v(DateType(), [7]))).toEqual([3n * 24n * HOUR]);
    expect(run("subtract_timestamps", v(TimestampType(), [5n]), v(TimestampType(), [7n]))).toEqual([-2n]);
  });
  it("multiplies and divides with Spark's rounding and zero-divisor error", () => {
    expect(run("multiply_dt_interval", v(DayTimeIntervalType(), [5n, 5n]), v(DoubleType(), [0.5, -0.5]))).toEqual([3n, -3n]);
    expect(run("divide_dt_interval", v(DayTimeIntervalType(), [3n, -3n]), v(IntegerType(), [2, 2]))).toEqual([2n, -2n]);
    expect(run("multiply_dt_interval", v(DayTimeIntervalType(), [HOUR]), v(DecimalType(2, 1), [25n]))).toEqual([HOUR * 5n / 2n]);
    expect(run("multiply_ym_interval", v(YearMonthIntervalType(), [1]), v(DecimalType(2, 1), [15n]))).toEqual([2]);
    expect(run("divide_ym_interval", v(YearMonthIntervalType(), [14]), v(LongType(), [3n]))).toEqual([5]);
    expect(() => run("divide_dt_interval", v(DayTimeIntervalType(), [HOUR]), v(IntegerType(), [0]))).toThrow(/^\[INTERVAL_DIVIDED_BY_ZERO\]/);
    expect(() => run("multiply_dt_interval", v(DayTimeIntervalType(), [106751991n * 24n * HOUR]), v(IntegerType(), [2]))).toThrow(/^long overflow/);
    expect(() => run("multiply_ym_interval", v(YearMonthIntervalType(), [178956970 * 12]), v(IntegerType(), [2]))).toThrow(/^integer overflow/);
  });
  it("adds, subtracts and negates intervals exactly even with ANSI off", () => {
    const off = { ...ctx, ansi: false };
    const max = v(DayTimeIntervalType(), [2n ** 63n - 1n]);
    expect(() => arithmetic("+", max, v(DayTimeIntervalType(), [1n]), off)).toThrow(/^\[INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION\].*`try_add`/);
    expect(() => negate(v(DayTimeIntervalType(), [-(2n ** 63n)]), off)).toThrow(/^\[INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION\]/);
    expect(() => negate(v(YearMonthIntervalType(), [-2147483648]), off)).toThrow(/^\[INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION\]/);
    expect(vectorToValues(arithmetic("-", v(YearMonthIntervalType(), [14, null]), v(YearMonthIntervalType(), [2, 1]), off))).toEqual([12, null]);
  });
});

/**
 * Differential: ANSI interval types and interval arithmetic (INTERVAL literals and their types,
 * `show()` text, timestamp/date ± intervals, interval ± * / and comparisons, datetime differences,
 * casts to string, nulls, and the errors Spark raises), Kindling against real PySpark 4.1.1.
 *
 * Year-month intervals are compared through CAST(… AS STRING): PySpark 4.1.1 cannot collect them
 * (`YearMonthIntervalType.fromInternal is not implemented`), though `show()` prints them.
 */
import { describe, it } from "vitest";
import * as F from "../../src/expr/functions.js";
import { useDiffHarness, type DiffCase } from "./support/diff-case.js";

const h = useDiffHarness();

/** The same selectExpr list in both engines. */
function sel(frame: "times" | "nums" | "strs", ...exprs: string[]): Pick<DiffCase, "kindling" | "pyspark"> {
  return {
    kindling: (f) => f[frame].selectExpr(...exprs),
    pyspark: `df = ${frame}.selectExpr(${exprs.map((e) => JSON.stringify(e)).join(", ")})`,
  };
}

const cases: DiffCase[] = [
  {
    name: "day-time literals: multi-unit and unit-to-unit forms, their types and show() text",
    ...sel("times", "k", "INTERVAL 1 HOUR", "INTERVAL '10' MINUTE", "INTERVAL 1 HOUR 30 MINUTES", "INTERVAL '1 02:03:04' DAY TO SECOND", "INTERVAL 2 DAYS",
      "INTERVAL '1 hour 30 minutes'", "INTERVAL 1 DAY 2 HOURS 3 MINUTES 4.5 SECONDS"),
    show: { truncate: false },
  },
  {
    name: "day-time literal edge forms: negative, fractional seconds, beyond a day, weeks, milli- and microseconds",
    ...sel("times", "k", "INTERVAL -1 DAY", "INTERVAL -'1' DAY", "INTERVAL '-1 02:03:04.5' DAY TO SECOND", "INTERVAL -90 MINUTES", "INTERVAL 100 HOURS",
      "INTERVAL '-0.5' SECOND", "INTERVAL 3 WEEKS", "INTERVAL 2 HOURS 1 MILLISECOND", "INTERVAL 5 MICROSECONDS", "INTERVAL '10:20.5' MINUTE TO SECOND",
      "INTERVAL '1 02' DAY TO HOUR", "INTERVAL '02:03' HOUR TO MINUTE", "INTERVAL 1 MINUTE 2 SECONDS"),
    show: { truncate: false },
  },
  {
    name: "year-month literals (as strings: PySpark cannot collect them) and their show() text",
    ...sel("times", "k", "CAST(INTERVAL '2-3' YEAR TO MONTH AS STRING)", "CAST(INTERVAL 2 YEARS AS STRING)", "CAST(INTERVAL 14 MONTHS AS STRING)",
      "CAST(INTERVAL 1 YEAR 2 MONTHS AS STRING)", "CAST(INTERVAL '-1-2' YEAR TO MONTH AS STRING)", "CAST(INTERVAL -5 MONTHS AS STRING)"),
    show: { truncate: false },
  },
  {
    name: "timestamp ± day-time interval is a timestamp, named `ts + INTERVAL '01' HOUR`; nulls propagate",
    ...sel("times", "k", "ts + INTERVAL 1 HOUR", "ts - INTERVAL '1 02:03:04.5' DAY TO SECOND", "ts + INTERVAL 1 HOUR 30 MINUTES", "ts - INTERVAL 1 MICROSECOND",
      "INTERVAL 1 DAY + ts"),
    show: { truncate: false },
  },
  {
    name: "timestamp ± year-month interval clamps the day to the month's end (Jan 31 + 1 month, Feb 29 - 1 year)",
    ...sel("times", "k", "ts + INTERVAL 1 MONTH", "ts - INTERVAL 1 YEAR", "ts + INTERVAL '1-1' YEAR TO MONTH", "INTERVAL 13 MONTHS + ts",
      "TIMESTAMP'2024-01-31 10:00:00' + INTERVAL 1 MONTH"),
    show: { truncate: false },
  },
  {
    name: "date + a DAY interval is a date (date_add), date + hours is a timestamp, date ± year-month is a date",
    ...sel("times", "k", "d + INTERVAL 1 DAY", "d - INTERVAL 3 DAYS", "d + INTERVAL 1 HOUR", "d - INTERVAL '1 02' DAY TO HOUR", "d + INTERVAL 1 MONTH",
      "d - INTERVAL '1-2' YEAR TO MONTH", "INTERVAL 2 DAYS + d", "INTERVAL 1 YEAR + d"),
    show: { truncate: false },
  },
  {
    name: "datetime differences: timestamp - timestamp and timestamp - date are day-time intervals, date - date an interval day",
    ...sel("times", "k", "ts - TIMESTAMP'2020-07-01 00:00:00'", "ts - d", "d - ts", "d - DATE'2020-01-01'", "ts - ts"),
    show: { truncate: false },
  },
  {
    name: "interval + interval widens the fields (hour + minute is hour to minute), interval - interval",
    ...sel("times", "k", "INTERVAL 1 HOUR + INTERVAL 1 MINUTE", "INTERVAL 1 DAY - INTERVAL 1 HOUR", "INTERVAL 1 DAY + INTERVAL 1 SECOND",
      "(ts - d) + INTERVAL 1 DAY", "CAST(INTERVAL 1 YEAR + INTERVAL 3 MONTHS AS STRING)", "CAST(INTERVAL 1 YEAR - INTERVAL 13 MONTHS AS STRING)"),
    show: { truncate: false },
  },
  {
    name: "interval * and / numbers: day to second / year to month results, HALF_UP and HALF_EVEN rounding, a number first",
    ...sel("nums", "id", "INTERVAL 1 DAY * 2", "INTERVAL 1 DAY / 3", "INTERVAL 1 DAY * 2.5", "INTERVAL 1 HOUR * 0.5D", "INTERVAL 1 HOUR / 2.0",
      "INTERVAL '00.000003' SECOND / 2", "INTERVAL '00.000005' SECOND * 0.5D", "2 * INTERVAL 1 HOUR", "INTERVAL 1 HOUR * i", "INTERVAL 1 HOUR / id",
      "CAST(INTERVAL 1 MONTH * 1.5 AS STRING)", "CAST(INTERVAL 1 YEAR / 7 AS STRING)", "CAST(INTERVAL 1 YEAR * id AS STRING)"),
    show: { truncate: false },
  },
  {
    name: "unary minus and comparisons between intervals of different fields",
    ...sel("times", "k", "- INTERVAL 1 DAY", "-(ts - d)", "INTERVAL 1 HOUR > INTERVAL 30 MINUTES", "INTERVAL 1 HOUR = INTERVAL 60 MINUTES",
      "(ts - d) < INTERVAL 12 HOURS", "(ts - d) <=> INTERVAL 25 MINUTES 32 SECONDS", "INTERVAL 1 YEAR < INTERVAL 13 MONTHS"),
    show: { truncate: false },
  },
  {
    name: "casts: interval to string, and between day-time fields (truncating to the end field)",
    ...sel("times", "k", "CAST(ts - d AS STRING)", "CAST(INTERVAL '1 02:03:04' DAY TO SECOND AS INTERVAL HOUR)", "CAST(INTERVAL '1 02:03:04' DAY TO SECOND AS INTERVAL DAY TO MINUTE)",
      "CAST(INTERVAL 90 MINUTES AS INTERVAL HOUR TO SECOND)", "CAST(-(ts - d) AS INTERVAL DAY)"),
    show: { truncate: false },
  },
  {
    name: "casts from strings: the type's own format or the whole INTERVAL literal; try_cast gives NULL for a bad one",
    ...sel("strs", "k", "CAST('1 02:03:04' AS INTERVAL DAY TO SECOND)", "CAST('INTERVAL ''1 02:03:04'' DAY TO SECOND' AS INTERVAL DAY TO SECOND)",
      "CAST(' 10 ' AS INTERVAL MINUTE)", "CAST('-1 02:03:04.5' AS INTERVAL DAY TO SECOND)", "CAST('12:30' AS INTERVAL HOUR TO MINUTE)",
      "CAST(CAST('1-2' AS INTERVAL YEAR TO MONTH) AS STRING)", "CAST(CAST('-7' AS INTERVAL MONTH) AS STRING)", "TRY_CAST(s AS INTERVAL DAY)"),
    show: { truncate: false },
  },
  {
    name: "a string in another format fails with INVALID_INTERVAL_FORMAT, ANSI or not",
    ...sel("strs", "CAST('1 02:03' AS INTERVAL DAY TO SECOND)"),
    conf: { "spark.sql.ansi.enabled": "false" },
    error: "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE",
    errorMessage: true,
  },
  {
    name: "Column API: F.col(ts) + F.expr(INTERVAL) and F.expr(ts - INTERVAL), filtered by an interval range",
    kindling: ({ times }) => times.filter(F.col("ts").lt(F.expr("TIMESTAMP'2021-01-01 00:00:00' - INTERVAL 30 DAYS")))
      .select(F.col("k"), F.col("ts").plus(F.expr("INTERVAL 1 HOUR")), F.col("ts").minus(F.expr("INTERVAL 90 MINUTES")), F.expr("ts + INTERVAL 1 HOUR").alias("later"),
        F.col("ts").minus(F.col("d")).multiply(2)),
    pyspark: `
      df = times.filter(F.col("ts") < F.expr("TIMESTAMP'2021-01-01 00:00:00' - INTERVAL 30 DAYS")).select(
          F.col("k"), F.col("ts") + F.expr("INTERVAL 1 HOUR"), F.col("ts") - F.expr("INTERVAL 90 MINUTES"), F.expr("ts + INTERVAL 1 HOUR").alias("later"),
          (F.col("ts") - F.col("d")) * 2)
    `,
    show: { truncate: false },
  },
  {
    name: "intervals as values: ordered by, grouped by, min and max",
    kindling: ({ times }) => times.selectExpr("k % 2 AS g", "ts - d AS gap").groupBy("g").agg(F.min("gap"), F.max("gap"), F.count("gap")).orderBy("g"),
    pyspark: `df = times.selectExpr("k % 2 AS g", "ts - d AS gap").groupBy("g").agg(F.min("gap"), F.max("gap"), F.count("gap")).orderBy("g")`,
    ordered: true,
    show: { truncate: false },
  },
  {
    name: "interval arithmetic over aggregates: the span of each group, its last event plus an hour",
    kindling: ({ times }) => times.groupBy(F.expr("k % 2 AS g")).agg(F.expr("max(ts) - min(ts)"), F.expr("max(ts) + INTERVAL 1 HOUR"), F.expr("max(d) - INTERVAL 1 DAY")).orderBy("g"),
    pyspark: `df = times.groupBy(F.expr("k % 2 AS g")).agg(F.expr("max(ts) - min(ts)"), F.expr("max(ts) + INTERVAL 1 HOUR"), F.expr("max(d) - INTERVAL 1 DAY")).orderBy("g")`,
    ordered: true,
    show: { truncate: false },
  },
  {
    name: "null intervals: typed NULLs, NULL operands take the interval's type, null factors",
    ...sel("nums", "id", "CAST(NULL AS INTERVAL DAY TO SECOND)", "CAST(NULL AS INTERVAL HOUR)", "INTERVAL 1 DAY + NULL", "NULL - INTERVAL 1 HOUR",
      "INTERVAL 1 SECOND * i", "CAST(NULL AS INTERVAL MINUTE) > INTERVAL 1 MINUTE", "CAST(CAST(NULL AS INTERVAL YEAR) AS STRING)"),
    show: { truncate: false },
  },
  {
    name: "an interval divided by zero raises INTERVAL_DIVIDED_BY_ZERO",
    ...sel("nums", "INTERVAL 1 DAY / (id - id)"),
    error: "INTERVAL_DIVIDED_BY_ZERO",
    errorMessage: true,
  },
  {
    name: "day-time interval overflow is Java's bare `long overflow` (Math.multiplyExact), ANSI or not",
    ...sel("nums", "INTERVAL '106751991' DAY * (id + 1)"),
    errorText: "long overflow",
  },
  {
    name: "timestamp + interval overflow is `long overflow` (timestampAddDayTime's Math.addExact)",
    ...sel("nums", "TIMESTAMP'2020-01-01 00:00:00' + INTERVAL '106751990' DAY * id"),
    errorText: "long overflow",
  },
  {
    name: "year-month interval overflow is `integer overflow`, also with ANSI off",
    ...sel("nums", "CAST(INTERVAL '178956970' YEAR * (id + 1) AS STRING)"),
    conf: { "spark.sql.ansi.enabled": "false" },
    errorText: "integer overflow",
  },
  {
    name: "interval + interval overflow raises INTERVAL_ARITHMETIC_OVERFLOW (with try_add), also with ANSI off",
    ...sel("nums", "INTERVAL '106751991' DAY + INTERVAL '106751991' DAY * (id - id + 1)"),
    conf: { "spark.sql.ansi.enabled": "false" },
    error: "INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION",
    errorMessage: true,
  },
  {
    name: "year-month interval - interval overflow names try_subtract",
    ...sel("nums", "CAST(INTERVAL '178956970' YEAR - INTERVAL '-178956970' YEAR * (id - id + 1) AS STRING)"),
    error: "INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION",
    errorMessage: true,
  },
  {
    name: "negating the smallest day-time interval raises INTERVAL_ARITHMETIC_OVERFLOW without a suggestion",
    ...sel("nums", "-(INTERVAL '-106751991 04:00:54.775808' DAY TO SECOND * (id - id + 1))"),
    error: "INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION",
    errorMessage: true,
  },
  {
    name: "a day-time and a year-month interval cannot be compared",
    ...sel("times", "INTERVAL 1 MONTH > INTERVAL 1 DAY"),
    error: "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
  },
  {
    name: "an interval plus a number is refused",
    ...sel("nums", "INTERVAL 1 HOUR + i"),
    error: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  },
  {
    name: "a day-time interval plus a year-month interval is refused",
    ...sel("times", "INTERVAL 1 HOUR + INTERVAL 1 MONTH"),
    error: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  },
];

describe("differential: intervals", () => {
  for (const c of cases) it(c.name, () => h.check(c));
});

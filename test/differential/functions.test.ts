/**
 * Differential: string, date/time and math functions (concat, split, substring, regexps,
 * to_timestamp/to_date/date_format, field extraction, unix time, round vs bround, floor/ceil,
 * sqrt, abs), Kindling against real PySpark 4.1.1 on the same rows.
 */
import { describe, it } from "vitest";
import * as F from "../../src/expr/functions.js";
import { useDiffHarness, type DiffCase } from "./support/diff-case.js";

const h = useDiffHarness();

const strings: DiffCase[] = [
  {
    name: "concat (null if any input is null), concat_ws (skips nulls), upper, lower, trims, length",
    kindling: ({ strs }) =>
      strs.select(
        "k", F.concat(F.col("s"), F.lit("|"), F.col("k")), F.concat_ws("-", F.col("s"), F.lit(null), F.col("k")), F.upper("s"), F.lower("s"),
        F.trim("s"), F.ltrim("s"), F.rtrim("s"), F.length("s"),
      ),
    pyspark: `
      df = strs.select("k", F.concat(F.col("s"), F.lit("|"), F.col("k")), F.concat_ws("-", F.col("s"), F.lit(None), F.col("k")),
                       F.upper("s"), F.lower("s"), F.trim("s"), F.ltrim("s"), F.rtrim("s"), F.length("s"))
    `,
    show: { truncate: false },
  },
  {
    name: "split by a literal and by a regex, with a limit, and getItem within bounds",
    kindling: ({ strs }) =>
      strs.filter(F.col("k").isin(2, 5, 10, 11)).select(
        "k", F.split("s", ","), F.split("s", "[0-9]+"), F.split("s", ",", 2), F.split("s", " ").getItem(0), F.split("s", "[,0-9 ]").getItem(1),
      ),
    pyspark: `
      df = strs.filter(F.col("k").isin(2, 5, 10, 11)).select("k", F.split("s", ","), F.split("s", "[0-9]+"), F.split("s", ",", 2),
          F.split("s", " ").getItem(0), F.split("s", "[,0-9 ]").getItem(1))
    `,
    show: { truncate: false },
  },
  {
    name: "getItem past the end of an array under ANSI raises INVALID_ARRAY_INDEX",
    kindling: ({ strs }) => strs.select(F.split("s", ",").getItem(3)),
    pyspark: `df = strs.select(F.split("s", ",").getItem(3))`,
    error: "INVALID_ARRAY_INDEX",
  },
  {
    name: "substring with positive, zero and negative positions, and Column.substr",
    kindling: ({ strs }) =>
      strs.select("k", F.substring("s", 2, 3), F.substring("s", 0, 2), F.substring("s", -3, 2), F.col("s").substr(1, 100)),
    pyspark: `df = strs.select("k", F.substring("s", 2, 3), F.substring("s", 0, 2), F.substring("s", -3, 2), F.col("s").substr(1, 100))`,
  },
  {
    name: "regexp_replace, regexp_extract (empty string when no match), startswith, endswith, contains",
    kindling: ({ strs }) =>
      strs.select(
        "k", F.regexp_replace("s", "\\d+", "#"), F.regexp_replace("s", "([a-z])(\\d)", "$2$1"), F.regexp_extract("s", "([a-z]+)(\\d+)", 2),
        F.regexp_extract("s", "(o)", 1), F.col("s").startswith("a"), F.col("s").endswith(" "), F.col("s").contains("b"),
      ),
    pyspark: `
      df = strs.select("k", F.regexp_replace("s", "\\\\d+", "#"), F.regexp_replace("s", "([a-z])(\\\\d)", "$2$1"),
          F.regexp_extract("s", "([a-z]+)(\\\\d+)", 2), F.regexp_extract("s", "(o)", 1),
          F.col("s").startswith("a"), F.col("s").endswith(" "), F.col("s").contains("b"))
    `,
  },
];

const datetimes: DiffCase[] = [
  {
    name: "timestamps with and without fractions, dates and epochs as show() prints them",
    kindling: ({ times }) => times.select("k", "ts", "d", "e"),
    pyspark: `df = times.select("k", "ts", "d", "e")`,
    show: { truncate: false },
  },
  {
    name: "to_timestamp and to_date without a format (cast rules) and with a pattern",
    kindling: ({ times }) =>
      times.filter(F.col("k").isin(1, 2, 3, 4)).select("k", F.to_timestamp("s"), F.to_date("s"), F.to_date(F.col("ts")), F.to_timestamp(F.col("s"), "yyyy-MM-dd HH:mm:ss")),
    pyspark: `
      df = times.filter(F.col("k").isin(1, 2, 3, 4)).select("k", F.to_timestamp("s"), F.to_date("s"), F.to_date(F.col("ts")),
          F.to_timestamp(F.col("s"), "yyyy-MM-dd HH:mm:ss"))
    `,
    conf: { "spark.sql.ansi.enabled": "false" },
  },
  {
    name: "to_timestamp and to_date with a dd/MM/yyyy pattern",
    kindling: ({ times }) => times.filter(F.col("k").eq(5)).select("k", F.to_timestamp("s", "dd/MM/yyyy HH:mm"), F.to_date("s", "dd/MM/yyyy HH:mm")),
    pyspark: `df = times.filter(F.col("k") == 5).select("k", F.to_timestamp("s", "dd/MM/yyyy HH:mm"), F.to_date("s", "dd/MM/yyyy HH:mm"))`,
    show: { truncate: false },
  },
  {
    name: "an unparseable timestamp string under ANSI raises CANNOT_PARSE_TIMESTAMP",
    kindling: ({ times }) => times.filter(F.col("k").eq(6)).select(F.to_timestamp("s", "yyyy-MM-dd")),
    pyspark: `df = times.filter(F.col("k") == 6).select(F.to_timestamp("s", "yyyy-MM-dd"))`,
    error: "CANNOT_PARSE_TIMESTAMP",
  },
  {
    name: "date_format with several patterns",
    kindling: ({ times }) =>
      times.select("k", F.date_format("ts", "yyyy-MM-dd HH:mm:ss.SSS"), F.date_format("ts", "EEE, d MMM yyyy"), F.date_format("d", "MM/dd/yy"), F.date_format("ts", "HH:mm a")),
    pyspark: `
      df = times.select("k", F.date_format("ts", "yyyy-MM-dd HH:mm:ss.SSS"), F.date_format("ts", "EEE, d MMM yyyy"),
                        F.date_format("d", "MM/dd/yy"), F.date_format("ts", "HH:mm a"))
    `,
  },
  {
    name: "year, month, dayofmonth, dayofweek, hour, minute, second of timestamps and dates (before 1970 too)",
    kindling: ({ times }) =>
      times.select("k", F.year("ts"), F.month("ts"), F.dayofmonth("ts"), F.dayofweek("ts"), F.hour("ts"), F.minute("ts"), F.second("ts"), F.year("d"), F.dayofweek("d")),
    pyspark: `
      df = times.select("k", F.year("ts"), F.month("ts"), F.dayofmonth("ts"), F.dayofweek("ts"), F.hour("ts"), F.minute("ts"),
                        F.second("ts"), F.year("d"), F.dayofweek("d"))
    `,
  },
  {
    name: "unix_timestamp of timestamps and strings, from_unixtime with default and custom formats",
    kindling: ({ times }) =>
      times.filter(F.col("k").le(4)).select("k", F.unix_timestamp("ts"), F.unix_timestamp("s"), F.from_unixtime("e"), F.from_unixtime("e", "yyyy/MM/dd HH:mm")),
    pyspark: `df = times.filter(F.col("k") <= 4).select("k", F.unix_timestamp("ts"), F.unix_timestamp("s"), F.from_unixtime("e"), F.from_unixtime("e", "yyyy/MM/dd HH:mm"))`,
    conf: { "spark.sql.ansi.enabled": "false" },
  },
];

const math: DiffCase[] = [
  {
    name: "round is HALF_UP, bround HALF_EVEN (2.5, -0.5, negative scales, floats)",
    kindling: ({ nums }) =>
      nums.select("id", F.round("d"), F.bround("d"), F.round("d", 1), F.round("i", -1), F.bround("i", -1), F.round("f", 1), F.round("l", -2)),
    pyspark: `df = nums.select("id", F.round("d"), F.bround("d"), F.round("d", 1), F.round("i", -1), F.bround("i", -1), F.round("f", 1), F.round("l", -2))`,
    conf: { "spark.sql.ansi.enabled": "false" },
    show: {},
  },
  {
    name: "round of an int to a negative scale that overflows raises ARITHMETIC_OVERFLOW under ANSI",
    kindling: ({ nums }) => nums.select(F.round("i", -1)),
    pyspark: `df = nums.select(F.round("i", -1))`,
    error: "ARITHMETIC_OVERFLOW",
    errorMessage: true,
  },
  {
    name: "floor and ceil return bigint for doubles and keep NaN/infinity semantics",
    kindling: ({ nums }) => nums.select("id", F.floor("d"), F.ceil("d"), F.floor("i"), F.ceil("f"), F.floor(F.col("d").divide(3))),
    pyspark: `df = nums.select("id", F.floor("d"), F.ceil("d"), F.floor("i"), F.ceil("f"), F.floor(F.col("d") / 3))`,
  },
  {
    name: "abs, sqrt (NaN for negatives), exp and pow",
    kindling: ({ nums }) =>
      nums.filter(F.col("id").ne(6)).select("id", F.abs("i"), F.abs("d"), F.abs("f"), F.sqrt("d"), F.sqrt("i"), F.pow("d", 2), F.exp(F.col("id").divide(10))),
    pyspark: `df = nums.filter(F.col("id") != 6).select("id", F.abs("i"), F.abs("d"), F.abs("f"), F.sqrt("d"), F.sqrt("i"), F.pow("d", 2), F.exp(F.col("id") / 10))`,
  },
  {
    name: "abs of the smallest int under ANSI raises ARITHMETIC_OVERFLOW",
    kindling: ({ nums }) => nums.select(F.abs("i")),
    pyspark: `df = nums.select(F.abs("i"))`,
    error: "ARITHMETIC_OVERFLOW",
    errorMessage: true,
  },
];

describe("string functions, Kindling vs PySpark", () => {
  for (const c of strings) it(c.name, () => h.check(c));
});
describe("date and time functions, Kindling vs PySpark", () => {
  for (const c of datetimes) it(c.name, () => h.check(c));
});
describe("math functions, Kindling vs PySpark", () => {
  for (const c of math) it(c.name, () => h.check(c));
});

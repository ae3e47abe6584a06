/**
 * `functions` (PySpark's `pyspark.sql.functions`, imported as `F`): builders of Column
 * expressions. Defaults that Spark fills in (round's scale 0, split's limit -1, ...) are stored in
 * the expression so that generated column names match Spark's.
 *
 * ```ts
 * import { functions as F } from "kindling";
 * df.groupBy("vendor").agg(F.count("*").alias("n"), F.avg("fare"));
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import { Column, colOrName, toExpr, type ColumnOrName, type ColumnOrValue } from "./column.js";
import type { AggName, Expr } from "./expression.js";
import { DoubleType, MapType, StringType, type DataType } from "../types/data-types.js";
import { schemaDDL, typeDDL } from "../types/schema-ddl.js";
import { parseIntervalMicros } from "./interval.js";
import { literal } from "./literal.js";

const fn = (name: string, ...args: Expr[]): Column => new Column({ kind: "fn", name, args });
const agg = (name: AggName, args: Expr[], distinct = false, ignoreNulls?: boolean): Column =>
  new Column({ kind: "agg", name, args, distinct, ...(ignoreNulls === undefined ? {} : { ignoreNulls }) });

/** A column by name; `"*"` is all columns. Example: `col("fare")`. */
export function col(name: string): Column { return new Column(colOrName(name)); }
/** Same as {@link col}. */
export function column(name: string): Column { return col(name); }
/** A literal value. Example: `lit(1)`, `lit("x")`, `lit(null)`. */
export function lit(value: ColumnOrValue): Column { return value instanceof Column ? value : new Column(literal(value)); }

/** CASE WHEN condition THEN value; chain `.when()` and `.otherwise()`. Example: `when(col("a").gt(1), "big")`. */
export function when(condition: Column, value: ColumnOrValue): Column {
  return new Column({ kind: "caseWhen", branches: [{ when: condition.expr, then: toExpr(value) }], otherwise: null });
}
/** The first non-null argument. Example: `coalesce(col("a"), lit(0))`. */
export function coalesce(...cols: ColumnOrName[]): Column { return fn("coalesce", ...cols.map(colOrName)); }
/** Logical NOT. */
export function not(c: ColumnOrName): Column { return new Column(colOrName(c)).not(); }
/** A struct of the given columns. Example: `struct("a", "b")`. */
export function struct(...cols: ColumnOrName[]): Column { return fn("struct", ...cols.map(colOrName)); }
/** An array of the given columns. */
export function array(...cols: ColumnOrName[]): Column { return fn("array", ...cols.map(colOrName)); }
/** True where the value is null. */
export function isnull(c: ColumnOrName): Column { return new Column(colOrName(c)).isNull(); }
/** True where the value is NaN. */
export function isnan(c: ColumnOrName): Column { return new Column(colOrName(c)).isNaN(); }
/** Ascending sort by a column. */
export function asc(c: string): Column { return col(c).asc(); }
/** Descending sort by a column. */
export function desc(c: string): Column { return col(c).desc(); }

// ---- aggregates ----
/** Number of rows (`count("*")`) or of non-null values. Example: `count("*")` is named `count(1)`. */
export function count(c: ColumnOrName): Column {
  return agg("count", [c === "*" ? literal(1) : colOrName(c)]);
}
/** Number of distinct non-null (tuples of) values. Example: `countDistinct("a")` is named `count(DISTINCT a)`. */
export function countDistinct(c: ColumnOrName, ...more: ColumnOrName[]): Column {
  return agg("count", [c, ...more].map(colOrName), true);
}
/** PySpark's alias of {@link countDistinct}. */
export function count_distinct(c: ColumnOrName, ...more: ColumnOrName[]): Column { return countDistinct(c, ...more); }
/** Sum; long for integral input, double for fractional, decimal(p+10,s) for decimal. */
export function sum(c: ColumnOrName): Column { return agg("sum", [colOrName(c)]); }
/** Sum of distinct values. */
export function sum_distinct(c: ColumnOrName): Column { return agg("sum", [colOrName(c)], true); }
/** Average (double, or decimal for decimals). */
export function avg(c: ColumnOrName): Column { return agg("avg", [colOrName(c)]); }
/** Alias of {@link avg} (named `avg(x)` as in Spark). */
export function mean(c: ColumnOrName): Column { return avg(c); }
/** Minimum. */
export function min(c: ColumnOrName): Column { return agg("min", [colOrName(c)]); }
/** Maximum. */
export function max(c: ColumnOrName): Column { return agg("max", [colOrName(c)]); }
/** The first value in the group (optionally the first non-null). */
export function first(c: ColumnOrName, ignorenulls = false): Column { return agg("first", [colOrName(c)], false, ignorenulls ? true : undefined); }
/** The last value in the group (optionally the last non-null). */
export function last(c: ColumnOrName, ignorenulls = false): Column { return agg("last", [colOrName(c)], false, ignorenulls ? true : undefined); }
/** The non-null values of the group as an array. */
export function collect_list(c: ColumnOrName): Column { return agg("collect_list", [colOrName(c)]); }
/**
 * Estimated number of distinct non-null values (Spark's HyperLogLog++, the same estimate as
 * Spark's); `rsd` is the maximum relative standard deviation (default 0.05). The column is named
 * `approx_count_distinct(x)` whatever the rsd. Example: `approx_count_distinct("user", 0.01)`.
 */
export function approx_count_distinct(c: ColumnOrName, rsd = 0.05): Column {
  return agg("approx_count_distinct", [colOrName(c), { kind: "lit", value: rsd, dataType: DoubleType() }]);
}
/** PySpark's deprecated alias of {@link approx_count_distinct}. */
export function approxCountDistinct(c: ColumnOrName, rsd = 0.05): Column { return approx_count_distinct(c, rsd); }
/** The distinct non-null values of the group as an array. */
export function collect_set(c: ColumnOrName): Column { return agg("collect_set", [colOrName(c)]); }

// ---- math ----
/** Rounds HALF_UP to `scale` decimal places. Example: `round("fare", 2)`. */
export function round(c: ColumnOrName, scale = 0): Column { return fn("round", colOrName(c), literal(scale)); }
/** Rounds HALF_EVEN to `scale` decimal places. */
export function bround(c: ColumnOrName, scale = 0): Column { return fn("bround", colOrName(c), literal(scale)); }
/** Absolute value. */
export function abs(c: ColumnOrName): Column { return fn("abs", colOrName(c)); }
/** Largest integer not greater (as bigint). */
export function floor(c: ColumnOrName): Column { return fn("floor", colOrName(c)); }
/** Smallest integer not less (as bigint). */
export function ceil(c: ColumnOrName): Column { return fn("ceil", colOrName(c)); }
/** Square root (double). */
export function sqrt(c: ColumnOrName): Column { return fn("sqrt", colOrName(c)); }
/** e^x. */
export function exp(c: ColumnOrName): Column { return fn("exp", colOrName(c)); }
/** `base ^ exp` as double. */
export function pow(base: ColumnOrName | number, e: ColumnOrName | number): Column {
  return fn("power", typeof base === "number" ? literal(base) : colOrName(base), typeof e === "number" ? literal(e) : colOrName(e));
}

// ---- strings ----
/** Concatenation; null if any input is null. */
export function concat(...cols: ColumnOrName[]): Column { return fn("concat", ...cols.map(colOrName)); }
/** Concatenation with a separator, skipping nulls. Example: `concat_ws("-", "a", "b")`. */
export function concat_ws(sep: string, ...cols: ColumnOrName[]): Column { return fn("concat_ws", literal(sep), ...cols.map(colOrName)); }
/** Splits around a Java regex into an array. Example: `split("value", ", ")`. */
export function split(c: ColumnOrName, pattern: string, limit = -1): Column { return fn("split", colOrName(c), literal(pattern), literal(limit)); }
/** Substring from 1-based `pos` of `len` characters. */
export function substring(c: ColumnOrName, pos: number, len: number): Column { return fn("substring", colOrName(c), literal(pos), literal(len)); }
/** Upper case. */
export function upper(c: ColumnOrName): Column { return fn("upper", colOrName(c)); }
/** Lower case. */
export function lower(c: ColumnOrName): Column { return fn("lower", colOrName(c)); }
/** Strips spaces at both ends. */
export function trim(c: ColumnOrName): Column { return fn("trim", colOrName(c)); }
/** Strips leading spaces. */
export function ltrim(c: ColumnOrName): Column { return fn("ltrim", colOrName(c)); }
/** Strips trailing spaces. */
export function rtrim(c: ColumnOrName): Column { return fn("rtrim", colOrName(c)); }
/** Character length of a string (byte length of binary). */
export function length(c: ColumnOrName): Column { return fn("length", colOrName(c)); }
/** Replaces every match of a Java regex. Example: `regexp_replace("s", "\\d+", "#")`. */
export function regexp_replace(c: ColumnOrName, pattern: string, replacement: string): Column {
  return fn("regexp_replace", colOrName(c), literal(pattern), literal(replacement), literal(1));
}
/** The `idx`-th group of the first match of a Java regex, "" when none. */
export function regexp_extract(c: ColumnOrName, pattern: string, idx: number): Column {
  return fn("regexp_extract", colOrName(c), literal(pattern), literal(idx));
}

// ---- date and time ----
/** Parses to a timestamp, by Spark's cast rules or a datetime pattern. Example: `to_timestamp(col("s"), "yyyy-MM-dd HH:mm")`. */
export function to_timestamp(c: ColumnOrName, format?: string): Column {
  return format === undefined ? fn("to_timestamp", colOrName(c)) : fn("to_timestamp", colOrName(c), literal(format));
}
/** Parses to a date. */
export function to_date(c: ColumnOrName, format?: string): Column {
  return format === undefined ? fn("to_date", colOrName(c)) : fn("to_date", colOrName(c), literal(format));
}
/** Formats a date/timestamp with a datetime pattern. Example: `date_format("ts", "yyyy-MM-dd")`. */
export function date_format(c: ColumnOrName, format: string): Column { return fn("date_format", colOrName(c), literal(format)); }
/** Seconds since the epoch of a timestamp, or of a string parsed with `format`. */
export function unix_timestamp(c?: ColumnOrName, format = "yyyy-MM-dd HH:mm:ss"): Column {
  return fn("unix_timestamp", c === undefined ? { kind: "fn", name: "current_timestamp", args: [] } : colOrName(c), literal(format));
}
/** Formats seconds since the epoch as a string in the session time zone. */
export function from_unixtime(c: ColumnOrName, format = "yyyy-MM-dd HH:mm:ss"): Column { return fn("from_unixtime", colOrName(c), literal(format)); }
/** The current timestamp (fixed for one query). */
export function current_timestamp(): Column { return fn("current_timestamp"); }
/** The current date in the session time zone. */
export function current_date(): Column { return fn("current_date"); }
/** Year of a date/timestamp. */
export function year(c: ColumnOrName): Column { return fn("year", colOrName(c)); }
/** Month (1-12). */
export function month(c: ColumnOrName): Column { return fn("month", colOrName(c)); }
/** Day of month (1-31). */
export function dayofmonth(c: ColumnOrName): Column { return fn("dayofmonth", colOrName(c)); }
/** Day of week (1 = Sunday ... 7 = Saturday). */
export function dayofweek(c: ColumnOrName): Column { return fn("dayofweek", colOrName(c)); }
/** Hour (0-23) in the session time zone. */
export function hour(c: ColumnOrName): Column { return fn("hour", colOrName(c)); }
/** Minute (0-59). */
export function minute(c: ColumnOrName): Column { return fn("minute", colOrName(c)); }
/** Second (0-59). */
export function second(c: ColumnOrName): Column { return fn("second", colOrName(c)); }

/**
 * Event-time window (Spark's TimeWindow): a struct `window{start, end}` with `start` inclusive and
 * `end` exclusive, aligned to the epoch plus `startTime`. Sliding windows give each row every
 * window that contains it.
 *
 * ```ts
 * df.groupBy(F.window(F.col("ts"), "10 minutes", "5 minutes")).count();
 * ```
 */
export function window(timeColumn: ColumnOrName, windowDuration: string, slideDuration?: string, startTime?: string): Column {
  const w = parseIntervalMicros(windowDuration, "window duration");
  const s = slideDuration === undefined ? w : parseIntervalMicros(slideDuration, "slide duration");
  const st = startTime === undefined ? 0 : parseIntervalMicros(startTime, "start time");
  if (w <= 0) throw new AnalysisError(`The window duration (${windowDuration}) must be greater than 0.`, { hint: "Use a positive duration such as '10 minutes'." });
  if (s <= 0) throw new AnalysisError(`The slide duration (${slideDuration}) must be greater than 0.`, { hint: "Use a positive duration such as '5 minutes'." });
  if (s > w) {
    throw new AnalysisError(`The slide duration (${slideDuration}) must be less than or equal to the windowDuration (${windowDuration}).`, {
      hint: "Make the slide no longer than the window.",
    });
  }
  if (Math.abs(st) >= s) {
    throw new AnalysisError(`The absolute value of start time (${startTime}) must be less than the slideDuration (${slideDuration ?? windowDuration}).`, {
      hint: "Use a start time shorter than the slide.",
    });
  }
  return new Column({ kind: "window", child: colOrName(timeColumn), windowMicros: w, slideMicros: s, startMicros: st });
}

// ---- JSON and CSV text ----
/** Options of from_json/to_json/from_csv as PySpark takes them (values are sent as strings). */
export type FormatOptions = Readonly<Record<string, string | number | boolean>>;

function schemaLit(schema: string | DataType): Expr {
  const text = typeof schema === "string" ? schema : schema.kind === "struct" ? schemaDDL(schema) : typeDDL(schema);
  return { kind: "lit", value: text, dataType: StringType() };
}
function optionsLit(options: FormatOptions | undefined): Expr[] {
  if (options === undefined) return [];
  return [{ kind: "lit", value: Object.entries(options).map(([k, v]) => [k, String(v)]), dataType: MapType(StringType(), StringType(), false) }];
}

/**
 * Parses a JSON string into a struct (or array/map) of `schema` (a DDL string or a type), with
 * Spark's rules: a field that does not fit its type is null and the others are kept (PERMISSIVE),
 * or the query fails with `{ mode: "FAILFAST" }`; a null or blank string is null. Named `from_json(x)`.
 *
 * ```ts
 * df.select(F.from_json(F.col("value").cast("string"), "vendor INT, fare DOUBLE").alias("r")).select("r.*");
 * ```
 */
export function from_json(c: ColumnOrName, schema: string | DataType, options?: FormatOptions): Column {
  return fn("from_json", colOrName(c), schemaLit(schema), ...optionsLit(options));
}
/**
 * A struct, array or map as JSON text the way Spark writes it: no spaces, null struct fields left
 * out (unless `ignoreNullFields: false`), timestamps `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in the
 * session time zone. Example: `to_json(struct("id", "ts"))`.
 */
export function to_json(c: ColumnOrName, options?: FormatOptions): Column {
  return fn("to_json", colOrName(c), ...optionsLit(options));
}
/**
 * Parses one CSV line into a struct of `schema` with Spark's CSV rules (options such as `sep`);
 * missing or bad fields are null. Example: `from_csv(col("value"), "id INT, name STRING")`.
 */
export function from_csv(c: ColumnOrName, schema: string | DataType, options?: FormatOptions): Column {
  return fn("from_csv", colOrName(c), schemaLit(schema), ...optionsLit(options));
}

/**
 * Session window (Spark's SessionWindow), for groupBy: each row opens a session [t, t + gap) and
 * sessions of the same other keys that overlap or touch merge into one; the key is a struct
 * `session_window{start, end}`. `gapDuration` is a duration string or a Column of duration
 * strings per row (rows whose gap is null or not positive are left out).
 *
 * ```ts
 * df.groupBy(F.session_window("ts", "5 minutes"), "user").count();
 * ```
 */
export function session_window(timeColumn: ColumnOrName, gapDuration: string | Column): Column {
  if (typeof gapDuration === "string") {
    const g = parseIntervalMicros(gapDuration, "session window gap");
    if (g <= 0) throw new AnalysisError(`The session window gap duration (${gapDuration}) must be greater than 0.`, { hint: "Use a positive duration such as '5 minutes'." });
  }
  return fn("session_window", colOrName(timeColumn), typeof gapDuration === "string" ? literal(gapDuration) : gapDuration.expr);
}

/** Parses a SQL expression string (set by the SQL parser module at load time). */
export function expr(text: string): Column {
  if (sqlExpressionParser === undefined) throw new AnalysisError("The SQL expression parser is not loaded.", { hint: "Import kindling from its entry point." });
  return new Column(sqlExpressionParser(text));
}

let sqlExpressionParser: ((text: string) => Expr) | undefined;
/** Installs the SQL expression parser (keeps this module free of a parser dependency cycle). */
export function setSqlExpressionParser(p: (text: string) => Expr): void { sqlExpressionParser = p; }

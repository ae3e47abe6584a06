/**
 * The input frames every differential case may use, as typed JavaScript rows plus the DDL schema
 * both engines create them with: a few hundred generated taxi rides (parsed from the generator's
 * text) and small hand-made frames with nulls, NaN, infinities, negatives, empty strings,
 * duplicates and extreme integers.
 *
 * Values: numbers (NaN/Infinity allowed), bigints for BIGINT, strings for STRING, and
 * `yyyy-MM-dd HH:mm:ss[.SSS|.SSSSSS]` / `yyyy-MM-dd` strings for TIMESTAMP / DATE (UTC wall
 * clock): Kindling's createDataFrame reads them as Spark casts them, the PySpark side turns them
 * into naive datetimes in a UTC process (see the prelude in diff-case.ts).
 */
import { RIDE_COLUMNS } from "../../../src/datagen/ride-columns.js";
import { generateRides } from "../../../src/datagen/rides.js";

export interface FrameData {
  readonly ddl: string;
  readonly rows: readonly (readonly unknown[])[];
}

const RIDE_TYPES: Record<string, "int" | "timestamp" | "double" | "string"> = Object.fromEntries(
  RIDE_COLUMNS.map((c) => [
    c,
    c.endsWith("_datetime") ? "timestamp" : c === "store_and_fwd_flag" ? "string"
      : ["VendorID", "passenger_count", "RatecodeID", "PULocationID", "DOLocationID", "payment_type"].includes(c) ? "int" : "double",
  ]),
);

const RIDES_DDL = RIDE_COLUMNS.map((c) => `${c} ${{ int: "INT", timestamp: "TIMESTAMP", double: "DOUBLE", string: "STRING" }[RIDE_TYPES[c]!]}`).join(", ");

/** 300 rides (seed 7): ~1% with missing vendor/passengers/flag/payment, ~1% late pickups. */
function rides(): unknown[][] {
  return Array.from(generateRides({ count: 300, seed: 7, missingFraction: 0.03 }), (row) =>
    row.map((text, i) => {
      if (text === "") return null;
      const t = RIDE_TYPES[RIDE_COLUMNS[i]!];
      if (t === "int") return Number.parseInt(text, 10);
      if (t === "double") return Number.parseFloat(text);
      return text; // timestamps stay "yyyy-MM-dd HH:mm:ss" text; the flag is a string
    }),
  );
}

export const FRAMES = {
  rides: { ddl: RIDES_DDL, rows: rides() },
  /** Numbers of every kind, with nulls, NaN, infinities, negatives, duplicates and extremes. */
  nums: {
    ddl: "id INT, i INT, l BIGINT, d DOUBLE, f FLOAT, s STRING",
    rows: [
      [1, 7, 10n, 2.5, 1.5, "a"],
      [2, -7, -3n, -0.5, -2.25, "b"],
      [3, 0, 0n, 0.0, 0.0, ""],
      [4, null, null, null, null, null],
      [5, 2147483647, 9223372036854775807n, 1e10, 3.4e38, "big"],
      [6, -2147483648, -9223372036854775808n, -1e-7, 1e-3, "small"],
      [7, 3, 3n, Number.NaN, Number.NaN, "nan"],
      [8, 3, 3n, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "inf"],
      [9, 7, 10n, 2.5, 1.5, "a"],
      [10, 5, 4n, 1.0, 0.1, " a "],
    ],
  },
  /** The same schema as nums, no rows. */
  nums_empty: { ddl: "id INT, i INT, l BIGINT, d DOUBLE, f FLOAT, s STRING", rows: [] },
  /** Booleans for three-valued logic: every pair of true/false/null. */
  bools: {
    ddl: "a BOOLEAN, b BOOLEAN",
    rows: [true, false, null].flatMap((a) => [true, false, null].map((b) => [a, b])),
  },
  /** Strings for string functions and casts. */
  strs: {
    ddl: "k INT, s STRING",
    rows: [
      [1, "  Hello World  "],
      [2, "a,b,,c"],
      [3, ""],
      [4, null],
      [5, "abc123def45"],
      [6, "42"],
      [7, " 17 "],
      [8, "-3.5"],
      [9, "1e3"],
      [10, "Zoë ñandú"],
      [11, "2020-07-01 00:25:32"],
      [12, "a_b%c"],
    ],
  },
  /** Timestamps with and without fractions, dates, datetime strings in several formats, epochs. */
  times: {
    ddl: "k INT, ts TIMESTAMP, d DATE, s STRING, e BIGINT",
    rows: [
      [1, "2020-07-01 00:25:32", "2020-07-01", "2020-07-01 00:25:32", 1593563132n],
      [2, "2020-07-01 23:59:59.123456", "2020-02-29", "2020-07-01T10:00:00", 0n],
      [3, "1969-12-31 23:59:59.500", "1969-12-31", "2020-07-01", -1n],
      [4, null, null, null, null],
      [5, "2024-02-29 12:00:00.100", "2024-03-01", "01/07/2020 10:11", 1709208000n],
      [6, "2000-01-01 00:00:00", "2000-01-01", "not a date", 946684800n],
    ],
  },
  /** Employees for joins: null and duplicate keys, a key with no department. */
  emp: {
    ddl: "id INT, name STRING, dept_id INT, salary DOUBLE",
    rows: [
      [1, "Ann", 10, 5000.0],
      [2, "Bob", 20, 4200.5],
      [3, "Cid", 10, null],
      [4, "Dee", null, 3900.0],
      [5, "Eve", 30, 6100.0],
      [6, "Fay", 20, 4200.5],
      [7, null, 40, 100.0],
    ],
  },
  /** Departments: one without employees, a null key, a duplicate key. */
  dept: {
    ddl: "dept_id INT, dept_name STRING",
    rows: [
      [10, "Sales"],
      [20, "Ops"],
      [20, "Ops West"],
      [50, "Legal"],
      [null, "Nobody"],
    ],
  },
  /** Payment type names (the TLC data dictionary's codes); 5 has no rides, rides' null type no name. */
  pay_names: {
    ddl: "payment_type INT, payment_name STRING",
    rows: [[1, "Credit card"], [2, "Cash"], [3, "No charge"], [4, "Dispute"], [5, "Unknown"]],
  },
  /** A frame with nums2's columns in another order plus one more, for unionByName. */
  nums2: {
    ddl: "s STRING, id INT, extra_col DOUBLE",
    rows: [
      ["x", 100, 0.5],
      [null, 101, null],
      ["a", 1, -1.0],
    ],
  },
} satisfies Record<string, FrameData>;

export type FrameName = keyof typeof FRAMES;

function jsonSafe(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  if (Array.isArray(v)) return v.map(jsonSafe);
  return v;
}

/** A frame as JSON for the PySpark prelude (`_mk`): bigints and non-finite doubles as strings. */
export function pythonFrameParams(name: FrameName): { ddl: string; rows: unknown } {
  const f: FrameData = FRAMES[name];
  return { ddl: f.ddl, rows: jsonSafe(f.rows) };
}

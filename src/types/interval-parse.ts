/**
 * Strings to ANSI interval values, as `CAST(s AS INTERVAL …)` reads them
 * (IntervalUtils.castStringToDTInterval / castStringToYMInterval): the value in the target type's
 * own format (`'1 02:03:04'` for DAY TO SECOND, `'10'` for MINUTE, `'1-2'` for YEAR TO MONTH),
 * or the whole literal `INTERVAL '1 02:03:04' DAY TO SECOND` with the same fields. Anything else
 * is Spark's INVALID_INTERVAL_FORMAT, whatever spark.sql.ansi.enabled says.
 *
 * ```ts
 * parseDayTimeInterval("1 02:03:04", 0, 3); // 93_784_000_000n
 * parseYearMonthInterval("-1-2", 0, 1);     // -14
 * ```
 */
import { ExecutionError } from "../common/errors.js";
import { DAY_TIME_FIELDS, YEAR_MONTH_FIELDS, type DayTimeField, type YearMonthField } from "./data-types.js";
import { FIELD_MICROS } from "./interval-format.js";

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Spark's format text of each day-time field range ("[+|-]d h:m:s.n"). */
const DT_FORMAT: readonly string[] = ["d", "h", "m", "s.n"];

function dtFormat(start: number, end: number): string {
  if (start === end) return `[+|-]${DT_FORMAT[start]}`;
  const seps = ["", " ", ":", ":"];
  let f = DT_FORMAT[start]!;
  for (let k = start + 1; k <= end; k++) f += `${seps[k]}${DT_FORMAT[k]}`;
  return `[+|-]${f}`;
}

function fieldsText(names: readonly string[], start: number, end: number): string {
  return start === end ? names[start]!.toUpperCase() : `${names[start]!.toUpperCase()} TO ${names[end]!.toUpperCase()}`;
}

/** The value inside `INTERVAL [+|-]'v' FIELDS` when the fields are the target's, with the outer sign; else the text itself. */
function unwrap(text: string, fields: string): { body: string; negate: boolean } {
  const m = /^interval\s+([+-])?'([^']*)'\s+(.+)$/i.exec(text);
  if (m === null) return { body: text, negate: false };
  if (m[3]!.trim().replace(/\s+/g, " ").toUpperCase() !== fields) return { body: "\u0000", negate: false };
  return { body: m[2]!.trim(), negate: m[1] === "-" };
}

function invalid(input: string, kind: "day-time" | "year-month", fmt: string, fields: string, typeText: string): ExecutionError {
  const legacy = kind === "day-time" ? ' Set "spark.sql.legacy.fromDayTimeString.enabled" to "true" to restore the behavior before Spark 3.0.' : "";
  return new ExecutionError(
    `[INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE] Error parsing '${input}' to interval. Please ensure that the value provided is in a valid format for defining an interval. You can reference the documentation for the correct format. Interval string does not match ${kind} format of \`${fmt}\`, \`INTERVAL [+|-]'${fmt}' ${fields}\` when cast to ${typeText}: ${input}.${legacy} SQLSTATE: 22006`,
    { hint: `Write the value as '${fmt.replace("[+|-]", "")}' for ${typeText}, or use try_cast to get NULL instead.` },
  );
}

/** Microseconds of `text` as an interval with these fields; throws INVALID_INTERVAL_FORMAT. */
export function parseDayTimeInterval(text: string, start: DayTimeField, end: DayTimeField): bigint {
  const fields = fieldsText(DAY_TIME_FIELDS, start, end);
  const typeText = `interval ${start === end ? DAY_TIME_FIELDS[start] : `${DAY_TIME_FIELDS[start]} to ${DAY_TIME_FIELDS[end]}`}`;
  const fail = (): ExecutionError => invalid(text, "day-time", dtFormat(start, end), fields, typeText);
  const { body, negate } = unwrap(text.trim(), fields);
  const seps = ["", " ", ":", ":"];
  let re = "^([+-])?(\\d+)";
  for (let k = start + 1; k <= end; k++) re += `${seps[k]}(\\d{1,2})`;
  if (end === 3) re += "(\\.\\d{0,9})?";
  const m = new RegExp(`${re}$`).exec(body);
  if (m === null) throw fail();
  const limits = [null, 23n, 59n, 59n];
  let micros = 0n;
  for (let k = start, g = 2; k <= end; k++, g++) {
    const n = BigInt(m[g]!);
    if (k > start && n > limits[k]!) throw fail();
    micros += n * FIELD_MICROS[k]!;
  }
  const frac = end === 3 ? m[end - start + 3] : undefined;
  if (frac !== undefined && frac.length > 1) micros += BigInt(frac.slice(1, 7).padEnd(6, "0"));
  const signed = (m[1] === "-") !== negate ? -micros : micros;
  if (signed < LONG_MIN || signed > LONG_MAX) throw fail();
  return signed;
}

/** Months of `text` as an interval with these fields; throws INVALID_INTERVAL_FORMAT. */
export function parseYearMonthInterval(text: string, start: YearMonthField, end: YearMonthField): number {
  const fields = fieldsText(YEAR_MONTH_FIELDS, start, end);
  const fmt = start !== end ? "[+|-]y-m" : start === 0 ? "[+|-]y" : "[+|-]m";
  const typeText = `interval ${start === end ? YEAR_MONTH_FIELDS[start] : "year to month"}`;
  const fail = (): ExecutionError => invalid(text, "year-month", fmt, fields, typeText);
  const { body, negate } = unwrap(text.trim(), fields);
  const m = (start !== end ? /^([+-])?(\d+)-(\d{1,2})$/ : /^([+-])?(\d+)$/).exec(body);
  if (m === null || (start !== end && Number(m[3]) > 11)) throw fail();
  const months = start !== end ? Number(m[2]) * 12 + Number(m[3]) : Number(m[2]) * (start === 0 ? 12 : 1);
  const signed = (m[1] === "-") !== negate ? -months : months;
  if (!Number.isSafeInteger(signed) || signed < -(2 ** 31) || signed > 2 ** 31 - 1) throw fail();
  return signed;
}

/**
 * ANSI interval values as text, byte for byte as Spark writes them (`IntervalUtils.toDayTimeIntervalString`
 * and `toYearMonthIntervalString` in sql/catalyst/.../util/IntervalUtils.scala, ANSI_STYLE): the
 * form `show()`, `CAST(i AS STRING)` and literal names use. The type's fields choose the shape: a
 * DAY TO SECOND value prints every field, an HOUR value only hours (the rest is dropped, not rounded).
 *
 * ```ts
 * formatDayTimeInterval(3_600_000_000n, 1, 1);       // "INTERVAL '01' HOUR"
 * formatDayTimeInterval(5_400_000_000n, 0, 3);       // "INTERVAL '0 01:30:00' DAY TO SECOND"
 * formatYearMonthInterval(27, 0, 1);                 // "INTERVAL '2-3' YEAR TO MONTH"
 * ```
 */
import { DAY_TIME_FIELDS, YEAR_MONTH_FIELDS, type DayTimeField, type YearMonthField } from "./data-types.js";

export const MICROS_PER_SECOND = 1_000_000n;
export const MICROS_PER_MINUTE = 60n * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60n * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24n * MICROS_PER_HOUR;
/** Microseconds in one unit of each day-time field (DAY, HOUR, MINUTE, SECOND). */
export const FIELD_MICROS: readonly bigint[] = [MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND];

const LONG_MIN = -(2n ** 63n);

function pad2(n: bigint): string {
  const s = n.toString();
  return s.length < 2 ? `0${s}` : s;
}

/** Java's `BigDecimal.valueOf(micros, 6).stripTrailingZeros.toPlainString` with Spark's leading zero under 10 s. */
function seconds(micros: bigint): string {
  const whole = micros / MICROS_PER_SECOND;
  const frac = (micros % MICROS_PER_SECOND).toString().padStart(6, "0").replace(/0+$/, "");
  const lead = micros < 10n * MICROS_PER_SECOND ? "0" : "";
  return `${lead}${whole}${frac === "" ? "" : `.${frac}`}`;
}

function suffix(names: readonly string[], start: number, end: number): string {
  const from = names[start]!.toUpperCase();
  return start === end ? from : `${from} TO ${names[end]!.toUpperCase()}`;
}

/** A day-time interval (microseconds) as Spark prints it for a type with these fields. */
export function formatDayTimeInterval(micros: bigint, startField: DayTimeField, endField: DayTimeField): string {
  const postfix = `' ${suffix(DAY_TIME_FIELDS, startField, endField)}`;
  if (micros === LONG_MIN) {
    // Spark special-cases Long.MinValue, whose negation overflows (IntervalUtils.toDayTimeIntervalString).
    const base = "-106751991 04:00:54.775808000";
    const first = ["-106751991", "-2562047788", "-153722867280", "-9223372036854.775808"][startField]!;
    const following = startField === endField ? "" : base.substring([10, 13, 16][startField]!, [0, 13, 16, 26][endField]!);
    return `INTERVAL '${first}${following}${postfix}`;
  }
  const sign = micros < 0n ? "-" : "";
  let rest = micros < 0n ? -micros : micros;
  let out = sign;
  switch (startField) {
    case 0: out += (rest / MICROS_PER_DAY).toString(); rest %= MICROS_PER_DAY; break;
    case 1: out += pad2(rest / MICROS_PER_HOUR); rest %= MICROS_PER_HOUR; break;
    case 2: out += pad2(rest / MICROS_PER_MINUTE); rest %= MICROS_PER_MINUTE; break;
    case 3: out += seconds(rest); break;
  }
  if (startField < 1 && 1 <= endField) { out += ` ${pad2(rest / MICROS_PER_HOUR)}`; rest %= MICROS_PER_HOUR; }
  if (startField < 2 && 2 <= endField) { out += `:${pad2(rest / MICROS_PER_MINUTE)}`; rest %= MICROS_PER_MINUTE; }
  if (startField < 3 && 3 <= endField) out += `:${seconds(rest)}`;
  return `INTERVAL '${out}${postfix}`;
}

/** A year-month interval (months) as Spark prints it for a type with these fields. */
export function formatYearMonthInterval(months: number, startField: YearMonthField, endField: YearMonthField): string {
  const sign = months < 0 ? "-" : "";
  const abs = Math.abs(months);
  const year = `${sign}${Math.trunc(abs / 12)}`;
  const value = startField !== endField ? `${year}-${abs % 12}` : startField === 0 ? year : String(months);
  return `INTERVAL '${value}' ${suffix(YEAR_MONTH_FIELDS, startField, endField)}`;
}

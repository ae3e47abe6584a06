/**
 * INTERVAL literals as Spark 4's AstBuilder types them (`visitInterval`,
 * `constructMultiUnitsIntervalLiteral` and `visitUnitToUnitInterval` in
 * sql/catalyst/.../parser/AstBuilder.scala, with spark.sql.legacy.interval.enabled=false):
 *
 * - multi-unit `INTERVAL 1 HOUR 30 MINUTES` / `INTERVAL '10' MINUTE`: a year-month interval when
 *   every unit is YEAR or MONTH, a day-time interval otherwise; the type spans the smallest to the
 *   largest unit named (WEEK counts as DAY, MILLISECOND and MICROSECOND as SECOND); mixing the two
 *   kinds is a parse error;
 * - unit-to-unit `INTERVAL '1 02:03:04' DAY TO SECOND`, `INTERVAL '2-3' YEAR TO MONTH`: the string
 *   must match the fields' format (IntervalUtils.castStringToDTInterval / castStringToYMInterval);
 * - a bare string `INTERVAL '1 hour 30 minutes'` reads like the multi-unit form.
 *
 * ```ts
 * multiUnitInterval([{ value: "1", negative: false, unit: "HOUR" }, { value: "30", negative: false, unit: "MINUTES" }]);
 * // { kind: "lit", value: 5_400_000_000n, dataType: interval hour to minute }
 * ```
 */
import { typedLiteral, type LitExpr } from "../expr/literal.js";
import { DayTimeIntervalType, YearMonthIntervalType, type DayTimeField, type YearMonthField } from "../types/data-types.js";
import { FIELD_MICROS, MICROS_PER_SECOND } from "../types/interval-format.js";
import { UnpositionedError } from "./parse-error.js";

/** One `value unit` pair of a multi-unit literal; `value` is the number or string text. */
export interface IntervalPart {
  readonly value: string;
  readonly negative: boolean;
  readonly unit: string;
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

const DT_UNITS: Record<string, { field: DayTimeField; micros: bigint }> = {
  week: { field: 0, micros: 7n * FIELD_MICROS[0]! }, day: { field: 0, micros: FIELD_MICROS[0]! },
  hour: { field: 1, micros: FIELD_MICROS[1]! }, minute: { field: 2, micros: FIELD_MICROS[2]! },
  second: { field: 3, micros: FIELD_MICROS[3]! }, millisecond: { field: 3, micros: 1000n }, microsecond: { field: 3, micros: 1n },
};
const YM_UNITS: Record<string, { field: YearMonthField; months: number }> = { year: { field: 0, months: 12 }, month: { field: 1, months: 1 } };

/** `HOURS` -> `hour`; null when it names no interval unit. */
export function normalizeIntervalUnit(unit: string): string | null {
  let u = unit.toLowerCase();
  if (u.endsWith("s")) u = u.slice(0, -1);
  return u in DT_UNITS || u in YM_UNITS ? u : null;
}

function invalidFormat(input: string, detail: string): UnpositionedError {
  return new UnpositionedError(
    `[INVALID_INTERVAL_FORMAT.INVALID_VALUE] Error parsing '${input}' to interval. ${detail} SQLSTATE: 22006`,
    "Write the value as a number or a string such as '10' MINUTE, '1 02:03:04' DAY TO SECOND or '2-3' YEAR TO MONTH.",
  );
}

function overflow(text: string): UnpositionedError {
  return new UnpositionedError(`[ARITHMETIC_OVERFLOW] The interval literal ${text} is out of range. SQLSTATE: 22003`, "Use a smaller interval value.");
}

/** `sign digits[.fraction]` scaled by `unitMicros`, truncating below a microsecond. */
function scaled(text: string, negative: boolean, unitMicros: bigint, fractional: boolean, display: string): bigint {
  const m = /^\s*([+-])?(\d+)(?:\.(\d*))?\s*$/.exec(text);
  if (m === null) throw invalidFormat(display, `The value '${text}' is not a number.`);
  if (m[3] !== undefined && !fractional) throw invalidFormat(display, "Only the SECOND unit may have a fractional part.");
  const neg = (m[1] === "-") !== negative;
  const frac = (m[3] ?? "").slice(0, 9).padEnd(9, "0");
  const nanos = BigInt(m[2]!) * unitMicros * 1000n + (BigInt(frac) * unitMicros) / MICROS_PER_SECOND;
  const micros = nanos / 1000n;
  return neg ? -micros : micros;
}

/** `INTERVAL 1 HOUR 30 MINUTES`, `INTERVAL '10' MINUTE`, `INTERVAL 2 YEARS`. */
export function multiUnitInterval(parts: readonly IntervalPart[], text = `INTERVAL ${parts.map((p) => `${p.negative ? "-" : ""}${p.value} ${p.unit}`).join(" ")}`): LitExpr {
  const dt: DayTimeField[] = [];
  const ym: YearMonthField[] = [];
  let micros = 0n;
  let months = 0;
  for (const p of parts) {
    const u = normalizeIntervalUnit(p.unit);
    if (u === null) throw invalidFormat(text, `'${p.unit}' is not an interval unit.`);
    const y = YM_UNITS[u];
    if (y !== undefined) {
      ym.push(y.field);
      months += Number(scaled(p.value, p.negative, 1n, false, text)) * y.months;
    } else {
      const d = DT_UNITS[u]!;
      dt.push(d.field);
      micros += scaled(p.value, p.negative, d.micros, u === "second", text);
    }
  }
  if (ym.length > 0 && dt.length > 0) {
    // QueryParsingErrors.mixedIntervalUnitsError (_LEGACY_ERROR_TEMP_0029).
    throw new UnpositionedError(`Cannot mix year-month and day-time fields: ${text}.`, "Write a year-month interval and a day-time interval as two literals added together.");
  }
  if (ym.length > 0) {
    if (!Number.isSafeInteger(months) || months < INT_MIN || months > INT_MAX) throw overflow(text);
    return typedLiteral(months, YearMonthIntervalType(Math.min(...ym) as YearMonthField, Math.max(...ym) as YearMonthField));
  }
  if (micros < LONG_MIN || micros > LONG_MAX) throw overflow(text);
  return typedLiteral(micros, DayTimeIntervalType(Math.min(...dt) as DayTimeField, Math.max(...dt) as DayTimeField));
}

/** `INTERVAL '1 hour 30 minutes'`: the string read as `value unit` pairs. */
export function stringInterval(s: string): LitExpr {
  const words = s.trim().replace(/^interval\s+/i, "").split(/\s+/).filter((w) => w !== "");
  if (words.length === 0 || words.length % 2 !== 0) throw invalidFormat(s, "Write it as '<number> <unit> ...', e.g. '1 hour 30 minutes'.");
  const parts: IntervalPart[] = [];
  for (let i = 0; i < words.length; i += 2) parts.push({ value: words[i]!, negative: false, unit: words[i + 1]! });
  return multiUnitInterval(parts, `INTERVAL '${s}'`);
}

const DT_PATTERNS: Record<string, RegExp> = {
  "0-1": /^([+-])?(\d+) (\d{1,2})$/,
  "0-2": /^([+-])?(\d+) (\d{1,2}):(\d{1,2})$/,
  "0-3": /^([+-])?(\d+) (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d*)?$/,
  "1-2": /^([+-])?(\d+):(\d{1,2})$/,
  "1-3": /^([+-])?(\d+):(\d{1,2}):(\d{1,2})(\.\d*)?$/,
  "2-3": /^([+-])?(\d+):(\d{1,2})(\.\d*)?$/,
};
const DT_FORMATS: Record<string, string> = {
  "0-1": "[+|-]d h", "0-2": "[+|-]d h:m", "0-3": "[+|-]d h:m:s.n", "1-2": "[+|-]h:m", "1-3": "[+|-]h:m:s.n", "2-3": "[+|-]m:s.n",
};

/** `INTERVAL '1 02:03:04' DAY TO SECOND`, `INTERVAL '2-3' YEAR TO MONTH` (`negative`: a minus before the string). */
export function unitToUnitInterval(value: string, negative: boolean, fromUnit: string, toUnit: string): LitExpr {
  const from = fromUnit.toLowerCase();
  const to = toUnit.toLowerCase();
  const text = `INTERVAL ${negative ? "-" : ""}'${value}' ${from.toUpperCase()} TO ${to.toUpperCase()}`;
  const v = value.trim();
  if (from === "year" && to === "month") {
    const m = /^([+-])?(\d+)-(\d{1,2})$/.exec(v);
    if (m === null || Number(m[3]) > 11) throw invalidFormat(value, "Interval string does not match year-month format of `[+|-]y-m`.");
    const months = Number(m[2]) * 12 + Number(m[3]);
    const signed = (m[1] === "-") !== negative ? -months : months;
    if (!Number.isSafeInteger(signed) || signed < INT_MIN || signed > INT_MAX) throw overflow(text);
    return typedLiteral(signed, YearMonthIntervalType(0, 1));
  }
  const names = ["day", "hour", "minute", "second"];
  const f = names.indexOf(from);
  const t = names.indexOf(to);
  const re = DT_PATTERNS[`${f}-${t}`];
  if (f < 0 || t <= f || re === undefined) {
    throw new UnpositionedError(`[INVALID_INTERVAL_FORMAT.UNSUPPORTED_FROM_TO_EXPRESSION] Intervals FROM ${from} TO ${to} are not supported. SQLSTATE: 22006`, "Use YEAR TO MONTH, DAY TO HOUR/MINUTE/SECOND, HOUR TO MINUTE/SECOND or MINUTE TO SECOND.");
  }
  const m = re.exec(v);
  if (m === null) throw invalidFormat(value, `Interval string does not match day-time format of \`${DT_FORMATS[`${f}-${t}`]}\`.`);
  let micros = 0n;
  const limits = [null, 23n, 59n, 59n];
  for (let k = f, g = 2; k <= t; k++, g++) {
    const n = BigInt(m[g]!);
    if (k > f && n > limits[k]!) throw invalidFormat(value, `${names[k]} ${n} outside range [0, ${limits[k]}].`);
    micros += n * FIELD_MICROS[k]!;
  }
  const fracText = t === 3 ? m[t - f + 3] : undefined;
  if (fracText !== undefined && fracText.length > 1) micros += BigInt(fracText.slice(1, 7).padEnd(6, "0"));
  const signed = (m[1] === "-") !== negative ? -micros : micros;
  if (signed < LONG_MIN || signed > LONG_MAX) throw overflow(text);
  return typedLiteral(signed, DayTimeIntervalType(f as DayTimeField, t as DayTimeField));
}

/**
 * Per-type converters from a CSV field to a column value, with Spark's UnivocityParser rules
 * (`makeConverter`): a field equal to `nullValue` is null; ints use `Integer.parseInt`, doubles
 * `Double.parseDouble` plus the nanValue/positiveInf/negativeInf texts, decimals
 * `new BigDecimal(s.replaceAll(",", ""))` rounded HALF_UP, timestamps `timestampFormat` or
 * Spark's cast rules in the session zone, dates `dateFormat` or the cast rules.
 * Numeric, date and timestamp fields are parsed straight from the bytes when they are plain.
 * https://github.com/apache/spark/blob/v4.0.0/sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/csv/UnivocityParser.scala
 *
 * ```ts
 * const conv = csvConverter(IntegerType(), opts, zones);
 * conv(tok, buf, k, builder); // null when appended, else a description of the bad value
 * ```
 */
import { NotImplementedError } from "../../../common/errors.js";
import { simpleString, type DataType } from "../../../types/data-types.js";
import { daysFromCivil, daysInMonth, parseDate, parseTimestamp } from "../../../types/datetime.js";
import { parseWithPattern } from "../../eval/datetime-pattern.js";
import type { ColumnBuilder } from "../column-builder.js";
import { parseBigDecimal, parseJavaDouble, parseJavaInt, parseJavaLong, parseScalaBoolean, toDecimalUnscaled } from "../text-values.js";
import type { ZoneCache } from "../zone-cache.js";
import type { CsvOptions } from "./csv-options.js";
import type { CsvTokenizer } from "./csv-tokenizer.js";

/** Appends field `k` to `b`; returns null on success, else what was wrong with the value. */
export type CsvConverter = (tok: CsvTokenizer, buf: Uint8Array, k: number, b: ColumnBuilder) => string | null;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

function bad(value: string, t: DataType): string {
  return `cannot parse "${value}" as ${simpleString(t)}`;
}

/** A plain `[+-]?digits` slice as a number (up to 15 digits), or NaN. */
function sliceInt(buf: Uint8Array, s: number, e: number): number {
  let i = s; let neg = false;
  if (i < e && (buf[i] === 45 || buf[i] === 43)) { neg = buf[i] === 45; i++; }
  if (i === e || e - i > 15) return Number.NaN;
  let v = 0;
  for (; i < e; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return neg ? -v : v;
}

/** A plain `[+-]?digits[.digits]` slice with at most 15 significant digits, exactly rounded, or NaN. */
function sliceDouble(buf: Uint8Array, s: number, e: number): number {
  let i = s; let neg = false;
  if (i < e && (buf[i] === 45 || buf[i] === 43)) { neg = buf[i] === 45; i++; }
  let v = 0; let digits = 0; let frac = -1;
  for (; i < e; i++) {
    const c = buf[i]!;
    if (c === 46) { if (frac >= 0) return Number.NaN; frac = 0; continue; }
    const dgt = c - 48;
    if (dgt < 0 || dgt > 9) return Number.NaN;
    v = v * 10 + dgt; digits++;
    if (frac >= 0) frac++;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  // Both operands are exact, so one IEEE division is the correctly rounded result (as Java's).
  const r = frac > 0 ? v / POW10[frac]! : v;
  return neg ? -r : r;
}

function d2(buf: Uint8Array, i: number): number {
  const a = buf[i]! - 48; const b = buf[i + 1]! - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `yyyy-MM-dd` at [s, s+10) as days, or NaN. */
function sliceDate(buf: Uint8Array, s: number): number {
  if (buf[s + 4] !== 45 || buf[s + 7] !== 45) return Number.NaN;
  const y1 = d2(buf, s); const y2 = d2(buf, s + 2); const m = d2(buf, s + 5); const d = d2(buf, s + 8);
  if (y1 < 0 || y2 < 0 || m < 1 || m > 12 || d < 1) return Number.NaN;
  const y = y1 * 100 + y2;
  if (d > daysInMonth(y, m)) return Number.NaN;
  return daysFromCivil(y, m, d);
}

/** `yyyy-MM-dd[ T]HH:mm:ss[.f{1,6}]` as local microseconds... split: returns local seconds and sets fracOut. */
const fracOut = { micros: 0 };
function sliceLocalTimestamp(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 19 || n > 26 || (buf[s + 10] !== 32 && buf[s + 10] !== 84) || buf[s + 13] !== 58 || buf[s + 16] !== 58) return Number.NaN;
  const days = sliceDate(buf, s);
  const hh = d2(buf, s + 11); const mi = d2(buf, s + 14); const ss = d2(buf, s + 17);
  if (Number.isNaN(days) || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return Number.NaN;
  let micros = 0;
  if (n > 19) {
    if (buf[s + 19] !== 46) return Number.NaN;
    let scale = 100000;
    for (let i = s + 20; i < e; i++) {
      const c = buf[i]! - 48;
      if (c < 0 || c > 9) return Number.NaN;
      micros += c * scale; scale /= 10;
    }
  }
  fracOut.micros = micros;
  return days * 86400 + hh * 3600 + mi * 60 + ss;
}

function numericConverter(t: DataType, opts: CsvOptions, lo: number, hi: number): CsvConverter {
  return (tok, buf, k, b) => {
    if (tok.isNull(buf, k)) { b.appendNull(); return null; }
    if (tok.isSlice(k)) {
      const v = sliceInt(buf, tok.starts[k]!, tok.ends[k]!);
      if (v >= lo && v <= hi) { b.appendNumber(v); return null; }
    }
    const text = tok.text(buf, k);
    const v = parseJavaInt(text);
    if (v === null || v < lo || v > hi) return bad(text, t);
    b.appendNumber(v); void opts; return null;
  };
}

function doubleValue(text: string, opts: CsvOptions): number | null {
  if (text === opts.nanValue) return Number.NaN;
  if (text === opts.negativeInf) return -Infinity;
  if (text === opts.positiveInf) return Infinity;
  return parseJavaDouble(text);
}

/** The converter for one column type. */
export function csvConverter(t: DataType, opts: CsvOptions, zone: ZoneCache): CsvConverter {
  switch (t.kind) {
    case "string":
      return (tok, buf, k, b) => {
        if (tok.isNull(buf, k)) b.appendNull(); else b.append(tok.text(buf, k));
        return null;
      };
    case "byte": return numericConverter(t, opts, -128, 127);
    case "short": return numericConverter(t, opts, -32768, 32767);
    case "integer": return numericConverter(t, opts, -2147483648, 2147483647);
    case "long":
      return (tok, buf, k, b) => {
        if (tok.isNull(buf, k)) { b.appendNull(); return null; }
        if (tok.isSlice(k)) {
          const v = sliceInt(buf, tok.starts[k]!, tok.ends[k]!);
          if (!Number.isNaN(v)) { b.appendSafeLong(v); return null; }
        }
        const text = tok.text(buf, k);
        const v = parseJavaLong(text);
        if (v === null) return bad(text, t);
        b.appendBigInt(v); return null;
      };
    case "float": case "double":
      return (tok, buf, k, b) => {
        if (tok.isNull(buf, k)) { b.appendNull(); return null; }
        if (tok.isSlice(k)) {
          const v = sliceDouble(buf, tok.starts[k]!, tok.ends[k]!);
          if (!Number.isNaN(v)) { b.appendNumber(v); return null; }
        }
        const text = tok.text(buf, k);
        const v = doubleValue(text, opts);
        if (v === null) return bad(text, t);
        b.appendNumber(v); return null;
      };
    case "boolean":
      return (tok, buf, k, b) => {
        if (tok.isNull(buf, k)) { b.appendNull(); return null; }
        const text = tok.text(buf, k);
        const v = parseScalaBoolean(text);
        if (v === null) return bad(text, t);
        b.appendNumber(v ? 1 : 0); return null;
      };
    case "decimal":
      return (tok, buf, k, b) => {
        if (tok.isNull(buf, k)) { b.appendNull(); return null; }
        const text = tok.text(buf, k);
        const d = parseBigDecimal(text.replaceAll(",", ""));
        const u = d === null ? null : toDecimalUnscaled(d, t.precision, t.scale);
        if (u === null) return bad(text, t);
        b.append(u); return null;
      };
    case "date": {
      const fmt = opts.dateFormat;
      return (tok, buf, k, b) => {
        if (tok.isNull(buf, k)) { b.appendNull(); return null; }
        if (fmt === null && tok.isSlice(k) && tok.ends[k]! - tok.starts[k]! === 10) {
          const v = sliceDate(buf, tok.starts[k]!);
          if (!Number.isNaN(v)) { b.appendNumber(v); return null; }
        }
        const text = tok.text(buf, k);
        let v: number | null;
        if (fmt === null) v = parseDate(text);
        else { const m = parseWithPattern(text, fmt, "UTC"); v = m === null ? null : Number(m / 86_400_000_000n); }
        if (v === null) return bad(text, t);
        b.appendNumber(v); return null;
      };
    }
    case "timestamp": {
      const fmt = opts.timestampFormat;
      return (tok, buf, k, b) => {
        if (tok.isNull(buf, k)) { b.appendNull(); return null; }
        if (fmt === null && tok.isSlice(k)) {
          const local = sliceLocalTimestamp(buf, tok.starts[k]!, tok.ends[k]!);
          if (!Number.isNaN(local)) { b.appendSafeLong(zone.toUtcSeconds(local) * 1e6 + fracOut.micros); return null; }
        }
        const text = tok.text(buf, k);
        const v = fmt === null ? parseTimestamp(text, zone.tz) : parseWithPattern(text, fmt, zone.tz);
        if (v === null) return bad(text, t);
        b.appendBigInt(v); return null;
      };
    }
    default:
      throw new NotImplementedError(`[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the data type "${simpleString(t).toUpperCase()}".`, {
        hint: "Read the column as STRING and convert it with from_json/split, or use the JSON or Parquet format.",
      });
  }
}

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
import { parseDate, parseTimestamp } from "../../../types/datetime.js";
import { parseWithPattern } from "../../eval/datetime-pattern.js";
import type { ColumnBuilder } from "../column-builder.js";
import { parseBigDecimal, parseJavaDouble, parseJavaInt, parseJavaLong, parseScalaBoolean, toDecimalUnscaled } from "../text-values.js";
import type { ZoneCache } from "../zone-cache.js";
import type { CsvOptions } from "./csv-options.js";
import type { CsvTokenizer } from "./csv-tokenizer.js";
import { fracOut, sliceDate, sliceDouble, sliceInt, sliceLocalTimestamp } from "./field-bytes.js";

/** Appends field `k` to `b`; returns null on success, else what was wrong with the value. */
export type CsvConverter = (tok: CsvTokenizer, buf: Uint8Array, k: number, b: ColumnBuilder) => string | null;

function bad(value: string, t: DataType): string {
  return `cannot parse "${value}" as ${simpleString(t)}`;
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

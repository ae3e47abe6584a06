/**
 * The CAST kernel, following Spark's Cast.scala (sql/catalyst/.../expressions/Cast.scala):
 * strings are trimmed before parsing; under ANSI mode malformed input raises CAST_INVALID_INPUT
 * and out-of-range numbers raise CAST_OVERFLOW, otherwise they become NULL (strings) or wrap /
 * saturate like Java (numbers: long->int wraps, double->int saturates).
 *
 * ```ts
 * castVector(strings(["1", " 2 ", "x"]), IntegerType(), { ...ctx, ansi: false }); // [1, 2, null]
 * ```
 */
import { decodeUtf8LikeJava } from "./java-utf8.js";
import { atRow } from "./record-location.js";
import { type DataType, sqlTypeName } from "../../types/data-types.js";
import { formatDate, formatTimestamp, localToUtcSeconds, parseDate, parseTimestamp, splitMicros, zoneOffsetSeconds } from "../../types/datetime.js";
import { decimalToPlainString, javaDoubleToString, javaFloatToString } from "../../types/java-format.js";
import { FIELD_MICROS, formatDayTimeInterval, formatYearMonthInterval } from "../../types/interval-format.js";
import { parseDayTimeInterval, parseYearMonthInterval } from "../../types/interval-parse.js";
import type { ExecContext } from "../exec-context.js";
import { getValue, isPrimitiveType, retype, vectorFromValues, type Vec } from "../vector.js";
import { castInvalidInput, castOverflow, decimalOutOfRange } from "./ansi-errors.js";
import { divHalfUp, pow10 } from "./arithmetic.js";

const INT_RANGE: Record<string, [number, number]> = {
  byte: [-128, 127], short: [-32768, 32767], integer: [-2147483648, 2147483647],
};
const LMIN = -(2n ** 63n);
const LMAX = 2n ** 63n - 1n;
const INT_RE = /^[+-]?\d+$/;
const INT_FRAC_RE = /^([+-]?\d*)\.(\d*)$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/;
const SPECIAL_DOUBLES: Record<string, number> = {
  nan: NaN, inf: Infinity, "+inf": Infinity, infinity: Infinity, "+infinity": Infinity, "-inf": -Infinity, "-infinity": -Infinity,
};
/** Spark trims these (UTF8String.trimAll: whitespace and ISO control characters) before parsing. */
const trimAll = (s: string): string => s.replace(/^[\s\x00-\x20]+|[\s\x00-\x20]+$/g, "");

/** Casts a whole vector; `tryMode` turns errors into NULL (try_cast). */
export function castVector(v: Vec, to: DataType, ctx: ExecContext, tryMode = false): Vec {
  const from = v.type;
  if (JSON.stringify(from) === JSON.stringify(to)) return v;
  if (from.kind === to.kind && (to.kind === "dayTimeInterval" || to.kind === "yearMonthInterval")) return castIntervalFields(v, to);
  if (from.kind === to.kind && isPrimitiveType(to)) return retype(v, to);
  // try_cast parses as ANSI does and turns the error into NULL, whatever spark.sql.ansi.enabled
  // says: "-3.5" is NULL as an int, not -3 (Cast.ansiEnabled for EvalMode.TRY in
  // sql/catalyst/.../expressions/Cast.scala; its legacy shortcut for string -> fractional/datetime
  // gives the same NULLs).
  const ansi = ctx.ansi || tryMode;
  const n = v.length;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const x = getValue(v, i);
    if (x === null) { out[i] = null; continue; }
    try {
      out[i] = castValue(x, from, to, ctx, ansi);
    } catch (e) {
      if (tryMode) out[i] = null; else throw atRow(e, i);
    }
  }
  return vectorFromValues(to, out);
}

/**
 * An interval to the same kind with other fields: the value is cut to the new end field, toward
 * zero (Cast's dayTimeToDayTime/yearMonthToYearMonth via IntervalUtils.durationToMicros/periodToMonths).
 */
function castIntervalFields(v: Vec, to: Extract<DataType, { kind: "dayTimeInterval" | "yearMonthInterval" }>): Vec {
  const n = v.length;
  if (to.kind === "dayTimeInterval") {
    // SECOND keeps the microseconds (IntervalUtils.durationToMicros cuts only DAY, HOUR and MINUTE).
    if (to.endField === 3) return retype(v, to);
    const unit = FIELD_MICROS[to.endField]!;
    const src = v.values as BigInt64Array;
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) out[i] = src[i]! - (src[i]! % unit);
    return { type: to, length: n, values: out, valid: v.valid };
  }
  if (to.endField === 1) return retype(v, to);
  const src = v.values as Int32Array;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = src[i]! - (src[i]! % 12);
  return { type: to, length: n, values: out, valid: v.valid };
}

function fail(ansi: boolean, err: () => Error): null {
  if (ansi) throw err();
  return null;
}

/** Casts one non-null physical value; returns null where Spark's legacy cast gives NULL. */
export function castValue(x: unknown, from: DataType, to: DataType, ctx: ExecContext, ansi: boolean): unknown {
  if (from.kind === "null") return null;
  if (from.kind === "string" && to.kind === "dayTimeInterval") return parseDayTimeInterval(x as string, to.startField, to.endField);
  if (from.kind === "string" && to.kind === "yearMonthInterval") return parseYearMonthInterval(x as string, to.startField, to.endField);
  switch (to.kind) {
    case "string": return toStringValue(x, from, ctx, "null");
    case "boolean": {
      if (from.kind === "string") {
        const s = trimAll(x as string).toLowerCase();
        if (["t", "true", "y", "yes", "1"].includes(s)) return true;
        if (["f", "false", "n", "no", "0"].includes(s)) return false;
        return fail(ansi, () => castInvalidInput(x as string, "STRING", "BOOLEAN"));
      }
      if (from.kind === "decimal") return (x as bigint) !== 0n;
      if (from.kind === "long" || from.kind === "timestamp") return (x as bigint) !== 0n;
      return (x as number) !== 0;
    }
    case "byte": case "short": case "integer": return toInt(x, from, to, ctx, ansi);
    case "long": return toLong(x, from, ansi);
    case "float": case "double": {
      let d: number;
      if (from.kind === "string") {
        const s = trimAll(x as string);
        const special = SPECIAL_DOUBLES[s.toLowerCase()];
        if (special !== undefined) d = special;
        else if (FLOAT_RE.test(s)) d = Number(s.replace(/[dDfF]$/, ""));
        else return fail(ansi, () => castInvalidInput(x as string, "STRING", sqlTypeName(to)));
      } else if (from.kind === "boolean") d = x === true ? 1 : 0;
      else if (from.kind === "decimal") d = Number(decimalToPlainString(x as bigint, from.scale));
      else if (from.kind === "timestamp") d = Number(x as bigint) / 1e6;
      else if (from.kind === "long") d = Number(x as bigint);
      else d = x as number;
      return to.kind === "float" ? Math.fround(d) : d;
    }
    case "decimal": return toDecimal(x, from, to.precision, to.scale, ansi);
    case "date": {
      if (from.kind === "string") {
        const d = parseDate(trimAll(x as string));
        return d === null ? fail(ansi, () => castInvalidInput(x as string, "STRING", "DATE")) : d;
      }
      if (from.kind === "timestamp") {
        const { seconds } = splitMicros(x as bigint);
        return Math.floor((seconds + zoneOffsetSeconds(seconds, ctx.timeZone)) / 86400);
      }
      return null;
    }
    case "timestamp": {
      if (from.kind === "string") {
        const t = parseTimestamp(trimAll(x as string), ctx.timeZone);
        return t === null ? fail(ansi, () => castInvalidInput(x as string, "STRING", "TIMESTAMP")) : t;
      }
      if (from.kind === "date") return BigInt(localToUtcSeconds((x as number) * 86400, ctx.timeZone)) * 1_000_000n;
      if (from.kind === "long") return (x as bigint) * 1_000_000n;
      if (from.kind === "decimal") return (x as bigint) * pow10(6) / pow10(from.scale);
      if (from.kind === "boolean") return null;
      const d = x as number;
      if (!Number.isFinite(d)) return fail(ansi, () => castOverflow(javaDoubleToString(d), sqlTypeName(from), "TIMESTAMP"));
      return BigInt(Math.floor(d * 1e6));
    }
    case "binary":
      return from.kind === "string" ? new TextEncoder().encode(x as string) : x;
    case "array": {
      if (from.kind !== "array") return null;
      return (x as unknown[]).map((e) => (e === null ? null : castValue(e, from.elementType, to.elementType, ctx, ansi)));
    }
    case "map": {
      if (from.kind !== "map") return null;
      return (x as [unknown, unknown][]).map(([k, val]) => [castValue(k, from.keyType, to.keyType, ctx, ansi), val === null ? null : castValue(val, from.valueType, to.valueType, ctx, ansi)]);
    }
    case "struct": {
      if (from.kind !== "struct") return null;
      return (x as unknown[]).map((f, i) => (f === null ? null : castValue(f, from.fields[i]!.dataType, to.fields[i]!.dataType, ctx, ansi)));
    }
    default: return null;
  }
}

function toInt(x: unknown, from: DataType, to: DataType, _ctx: ExecContext, ansi: boolean): number | null {
  const [lo, hi] = INT_RANGE[to.kind]!;
  const toSql = sqlTypeName(to);
  let v: number;
  if (from.kind === "string") {
    const s = trimAll(x as string);
    if (INT_RE.test(s)) {
      v = Number(s);
      if (v < lo || v > hi || !Number.isSafeInteger(v) && (v < lo || v > hi)) return fail(ansi, () => castInvalidInput(x as string, "STRING", toSql));
      return v;
    }
    // Legacy mode accepts and truncates a fraction ("1.9" -> 1); ANSI rejects it (UTF8String.toInt/toIntExact).
    const m = INT_FRAC_RE.exec(s);
    if (!ansi && m !== null && (m[1] !== "" && m[1] !== "+" && m[1] !== "-" || m[2] !== "") && /^\d*$/.test(m[2]!)) {
      v = Number(m[1] === "" || m[1] === "+" || m[1] === "-" ? 0 : m[1]);
      return v < lo || v > hi ? null : v;
    }
    return fail(ansi, () => castInvalidInput(x as string, "STRING", toSql));
  }
  if (from.kind === "boolean") return x === true ? 1 : 0;
  if (from.kind === "long" || from.kind === "timestamp") {
    let b = x as bigint;
    if (from.kind === "timestamp") b = splitMicros(b).seconds >= 0 ? b / 1_000_000n : BigInt(splitMicros(b).seconds);
    if (b < BigInt(lo) || b > BigInt(hi)) {
      if (ansi) throw castOverflow(`${b}L`, sqlTypeName(from), toSql);
      return wrapInt(Number(BigInt.asIntN(32, b)), to.kind);
    }
    return Number(b);
  }
  if (from.kind === "decimal") {
    const t = (x as bigint) / pow10(from.scale);
    if (t < BigInt(lo) || t > BigInt(hi)) {
      if (ansi) throw castOverflow(`${decimalToPlainString(x as bigint, from.scale)}BD`, sqlTypeName(from), toSql);
      return wrapInt(Number(BigInt.asIntN(32, t)), to.kind);
    }
    return Number(t);
  }
  if (from.kind === "float" || from.kind === "double") {
    const d = x as number;
    const t = Math.trunc(d);
    if (Number.isNaN(d) || t < lo || t > hi) {
      if (ansi) throw castOverflow(from.kind === "float" ? `${javaFloatToString(d)}F` : `${javaDoubleToString(d)}D`, sqlTypeName(from), toSql);
      // Java's (int) of a double saturates, and NaN becomes 0; narrower types then wrap.
      const sat = Number.isNaN(d) ? 0 : Math.max(-2147483648, Math.min(2147483647, t));
      return wrapInt(sat, to.kind);
    }
    return t;
  }
  const num = x as number;
  if (num < lo || num > hi) {
    if (ansi) throw castOverflow(`${num}${from.kind === "short" ? "S" : from.kind === "byte" ? "Y" : ""}`, sqlTypeName(from), toSql);
    return wrapInt(num, to.kind);
  }
  return num;
}

function wrapInt(v: number, kind: string): number {
  if (kind === "byte") return (v << 24) >> 24;
  if (kind === "short") return (v << 16) >> 16;
  return v | 0;
}

function toLong(x: unknown, from: DataType, ansi: boolean): bigint | null {
  if (from.kind === "string") {
    const s = trimAll(x as string);
    if (INT_RE.test(s)) {
      const b = BigInt(s);
      if (b < LMIN || b > LMAX) return fail(ansi, () => castInvalidInput(x as string, "STRING", "BIGINT"));
      return b;
    }
    const m = INT_FRAC_RE.exec(s);
    if (!ansi && m !== null && /^\d*$/.test(m[2]!) && /^[+-]?\d+$/.test(m[1]!)) return BigInt(m[1]!);
    return fail(ansi, () => castInvalidInput(x as string, "STRING", "BIGINT"));
  }
  if (from.kind === "boolean") return x === true ? 1n : 0n;
  if (from.kind === "timestamp") return BigInt(splitMicros(x as bigint).seconds);
  if (from.kind === "decimal") {
    const t = (x as bigint) / pow10(from.scale);
    if (t < LMIN || t > LMAX) { if (ansi) throw castOverflow(`${decimalToPlainString(x as bigint, from.scale)}BD`, sqlTypeName(from), "BIGINT"); return BigInt.asIntN(64, t); }
    return t;
  }
  if (from.kind === "float" || from.kind === "double") {
    const d = x as number;
    if (Number.isNaN(d) || d >= 9223372036854775807 || d < -9223372036854775808) {
      if (ansi) throw castOverflow(from.kind === "float" ? `${javaFloatToString(d)}F` : `${javaDoubleToString(d)}D`, sqlTypeName(from), "BIGINT");
      return Number.isNaN(d) ? 0n : d > 0 ? LMAX : LMIN;
    }
    return BigInt(Math.trunc(d));
  }
  return BigInt(x as number);
}

/** Rescales an unscaled decimal to a new scale, HALF_UP (Decimal.changePrecision). */
export function rescale(unscaled: bigint, fromScale: number, toScale: number): bigint {
  if (toScale >= fromScale) return unscaled * pow10(toScale - fromScale);
  return divHalfUp(unscaled, pow10(fromScale - toScale));
}

function toDecimal(x: unknown, from: DataType, precision: number, scale: number, ansi: boolean): bigint | null {
  let unscaled: bigint | null;
  let text: string;
  if (from.kind === "decimal") { unscaled = rescale(x as bigint, from.scale, scale); text = `${decimalToPlainString(x as bigint, from.scale)}BD`; }
  else if (from.kind === "long" || from.kind === "timestamp") { unscaled = (x as bigint) * pow10(scale); text = `${x}L`; }
  else if (from.kind === "boolean") { unscaled = (x === true ? 1n : 0n) * pow10(scale); text = String(x); }
  else if (from.kind === "string") {
    const s = trimAll(x as string);
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
    if (m === null || (m[2] === "" && (m[3] ?? "") === "")) return fail(ansi, () => castInvalidInput(x as string, "STRING", `DECIMAL(${precision},${scale})`));
    const digits = BigInt(`${m[2] || "0"}${m[3] ?? ""}`);
    const srcScale = (m[3] ?? "").length - Number(m[4] ?? 0);
    const signed = m[1] === "-" ? -digits : digits;
    unscaled = srcScale >= 0 ? rescale(signed, srcScale, scale) : signed * pow10(-srcScale + scale);
    text = x as string;
  } else {
    const d = x as number;
    if (!Number.isFinite(d)) return fail(ansi, () => castOverflow(javaDoubleToString(d), sqlTypeName(from), `DECIMAL(${precision},${scale})`));
    // BigDecimal(d) from the shortest repr, as Spark's Decimal(Double) does via BigDecimal.valueOf.
    const repr = javaDoubleToString(d);
    return toDecimal(repr.replace("E", "e"), { kind: "string" }, precision, scale, ansi);
  }
  const limit = pow10(precision);
  if (unscaled >= limit || unscaled <= -limit) {
    if (ansi) throw decimalOutOfRange(text, precision, scale);
    return null;
  }
  return unscaled;
}

/** A value as text the way CAST(x AS STRING) writes it; `nullText` is used inside structs/arrays. */
export function toStringValue(x: unknown, t: DataType, ctx: { timeZone: string }, nullText: string, binaryHex = false): string {
  switch (t.kind) {
    case "string": return x as string;
    case "boolean": return x === true || x === 1 ? "true" : "false";
    case "double": return javaDoubleToString(x as number);
    case "float": return javaFloatToString(x as number);
    case "decimal": return decimalToPlainString(x as bigint, t.scale);
    case "date": return formatDate(x as number);
    case "timestamp": return formatTimestamp(x as bigint, ctx.timeZone);
    case "dayTimeInterval": return formatDayTimeInterval(x as bigint, t.startField, t.endField);
    case "yearMonthInterval": return formatYearMonthInterval(x as number, t.startField, t.endField);
    case "binary":
      return binaryHex
        ? `[${Array.from(x as Uint8Array).map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")}]`
        : decodeUtf8LikeJava(x as Uint8Array);
    case "null": return nullText;
    case "array": {
      const parts = (x as unknown[]).map((e) => (e === null ? null : toStringValue(e, t.elementType, ctx, nullText, binaryHex)));
      return `[${joinElements(parts, nullText)}]`;
    }
    case "struct": {
      const parts = (x as unknown[]).map((f, i) => (f === null ? null : toStringValue(f, t.fields[i]!.dataType, ctx, nullText, binaryHex)));
      return `{${joinElements(parts, nullText)}}`;
    }
    case "map": {
      const parts = (x as [unknown, unknown][]).map(([k, val]) =>
        `${toStringValue(k, t.keyType, ctx, nullText, binaryHex)} ->${val === null ? (nullText === "" ? "" : ` ${nullText}`) : ` ${toStringValue(val, t.valueType, ctx, nullText, binaryHex)}`}`);
      return `{${parts.join(", ")}}`;
    }
    default: return String(x);
  }
}

/**
 * Joins elements (null where null) with ", " as Spark's ToStringBase does: a null element with
 * an empty null text adds "," only, but an empty string value still gets its space (`[a, , c]`).
 */
function joinElements(parts: readonly (string | null)[], nullText: string): string {
  const text = (p: string | null): string => (p === null ? nullText : p);
  if (parts.length === 0) return "";
  let s = text(parts[0]!);
  for (let i = 1; i < parts.length; i++) s += parts[i] === null && nullText === "" ? "," : `, ${text(parts[i]!)}`;
  return s;
}

/**
 * Evaluates the scalar functions named in expr/function-types.ts over argument vectors. Most are
 * per-row over physical values; argument casts were inserted by the analyzer, so each function
 * sees the types its signature asked for.
 *
 * ```ts
 * evalFunction("upper", [strings(["a", null])], ctx, 2); // ["A", null]
 * ```
 */
import { ExecutionError, InternalError } from "../../common/errors.js";
import { functionSignature } from "../../expr/function-types.js";
import { civilFromDays, parseDate, splitMicros, timestampFields } from "../../types/datetime.js";
import { javaDoubleToString } from "../../types/java-format.js";
import type { ExecContext } from "../exec-context.js";
import { getValue, vectorFromValues, type Vec } from "../vector.js";
import { castInvalidInput, plainOverflowError } from "./ansi-errors.js";
import { divHalfUp, pow10 } from "./arithmetic.js";
import { castVector, rescale } from "./cast.js";
import { formatWithPattern, parseWithPattern } from "./datetime-pattern.js";

/** Java regex -> JS RegExp (the syntaxes agree on everything PySpark users commonly write). */
export function javaRegex(pattern: string, flags = ""): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?<([a-zA-Z][a-zA-Z0-9]*)>/g, "(?<$1>"), flags);
  } catch (e) {
    throw new ExecutionError(`[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) \`regexp\` is invalid: '${pattern}'. SQLSTATE: 22023`, {
      cause: e, hint: "Fix the regular expression.",
    });
  }
}

/** Java's String.split(regex, limit): no leading empty piece from a zero-width match; limit>0 caps pieces. */
export function javaSplit(s: string, re: RegExp, limit: number): string[] {
  if (s === "") return [""];
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`);
  const out: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    if (limit > 0 && out.length === limit - 1) break;
    if (m[0].length === 0) {
      if (m.index >= s.length) break;
      if (m.index === 0) { g.lastIndex++; continue; }
    }
    out.push(s.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0].length === 0) g.lastIndex++;
  }
  out.push(s.slice(last));
  if (limit === 0) while (out.length > 1 && out[out.length - 1] === "") out.pop();
  return out;
}

/** Spark's substring (UTF8String.substringSQL): 1-based, 0 acts as 1, negative counts from the end. */
export function sqlSubstring(s: string, pos: number, len: number): string {
  const chars = Array.from(s);
  const n = chars.length;
  let start = pos > 0 ? pos - 1 : pos < 0 ? n + pos : 0;
  const end = len === 2147483647 ? n : Math.min(n, start + len);
  start = Math.max(start, 0);
  return start >= end ? "" : chars.slice(start, end).join("");
}

/** Spark's round/bround of a double via its shortest decimal form (Scala BigDecimal(d)). */
export function roundDouble(d: number, scale: number, halfEven: boolean): number {
  if (!Number.isFinite(d)) return d;
  const repr = javaDoubleToString(d).replace("E", "e");
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e(-?\d+))?$/.exec(repr)!;
  const digits = BigInt(`${m[2]}${m[3] ?? ""}`);
  const srcScale = (m[3] ?? "").length - Number(m[4] ?? 0);
  let unscaled = m[1] === "-" ? -digits : digits;
  if (srcScale > scale) {
    const div = pow10(srcScale - scale);
    if (halfEven) {
      const q = unscaled / div; const r = unscaled % div; const twice = (r < 0n ? -r : r) * 2n;
      unscaled = twice > div || (twice === div && q % 2n !== 0n) ? q + (unscaled < 0n ? -1n : 1n) : q;
    } else unscaled = divHalfUp(unscaled, div);
    return Number(`${unscaled}e${-scale}`);
  }
  return d;
}

type Row = unknown[];

const LONG_MIN = -(2n ** 63n);
const INTEGRAL_MIN: Record<string, number> = { byte: -128, short: -32768, integer: -2147483648 };
const INTEGRAL_BITS: Record<string, number> = { byte: 8, short: 16, integer: 32, long: 64 };

/**
 * round/bround of an integral value: unchanged for a scale >= 0, else rounded to a multiple of
 * 10^-scale (HALF_UP or HALF_EVEN) and narrowed back to the type like Java's
 * `BigDecimal.setScale(scale, mode).intValue` (wrapping), or an ARITHMETIC_OVERFLOW under ANSI
 * (RoundBase in sql/catalyst/.../expressions/mathExpressions.scala).
 */
export function roundIntegral(x: number | bigint, scale: number, halfEven: boolean, kind: string, ansi: boolean): number | bigint {
  if (scale >= 0) return x;
  const v = BigInt(x);
  const div = pow10(-scale);
  let q = v / div;
  const twice = (v % div < 0n ? -(v % div) : v % div) * 2n;
  if (twice > div || (twice === div && (!halfEven || q % 2n !== 0n))) q += v < 0n ? -1n : 1n;
  const r = q * div;
  const bits = INTEGRAL_BITS[kind] ?? 64;
  const wrapped = BigInt.asIntN(bits, r);
  if (wrapped !== r && ansi) throw plainOverflowError("Overflow");
  return kind === "long" ? wrapped : Number(wrapped);
}

/** Evaluates function `name` over its argument vectors for `n` rows. */
export function evalFunction(name: string, args: readonly Vec[], ctx: ExecContext, n: number): Vec {
  const sig = functionSignature(name, args.map((a) => ({ dataType: a.type, nullable: true })));
  const outType = name === "struct" ? { kind: "struct" as const, fields: [] } : sig.dataType;
  const vals = (i: number): Row => args.map((a) => getValue(a, i));
  const map = (f: (row: Row) => unknown, nullIfAnyNull = true): Vec => {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const row = vals(i);
      out[i] = nullIfAnyNull && row.some((x) => x === null) ? null : f(row);
    }
    return vectorFromValues(outType, out);
  };
  switch (name) {
    case "coalesce": case "nvl": case "ifnull": return map((r) => r.find((x) => x !== null) ?? null, false);
    case "struct": throw new InternalError("struct is evaluated by the dispatcher, which knows the field names");
    case "array": return map((r) => r, false);
    case "abs": {
      // Abs of the minimum integral value overflows: an error under ANSI (MathUtils.negateExact),
      // else the value itself, as Java's Math.abs (the typed array store wraps it back).
      const k = args[0]!.type.kind;
      const min = INTEGRAL_MIN[k];
      if (k === "long" || k === "decimal") {
        return map(([x]) => {
          if (k === "long" && x === LONG_MIN && ctx.ansi) throw plainOverflowError("long overflow");
          return (x as bigint) < 0n ? -(x as bigint) : x;
        });
      }
      return map(([x]) => {
        if (x === min && ctx.ansi) throw plainOverflowError(`${k as "integer" | "short" | "byte"} overflow`);
        return Math.abs(x as number);
      });
    }
    case "round": case "bround": {
      const t = args[0]!.type;
      const even = name === "bround";
      if (t.kind === "decimal") {
        return map(([x, s]) => {
          const scale = Math.min(s as number, t.scale);
          const r = rescale(x as bigint, t.scale, scale);
          return r * pow10(t.scale - scale);
        });
      }
      if (t.kind === "double" || t.kind === "float") return map(([x, s]) => (t.kind === "float" ? Math.fround(roundDouble(x as number, s as number, even)) : roundDouble(x as number, s as number, even)));
      return map(([x, s]) => roundIntegral(x as number | bigint, s as number, even, t.kind, ctx.ansi));
    }
    case "floor": case "ceil": {
      const t = args[0]!.type;
      if (t.kind === "decimal") {
        return map(([x]) => {
          const d = pow10(t.scale); const v = x as bigint;
          let q = v / d; const r = v % d;
          if (name === "floor" && r < 0n) q -= 1n;
          if (name === "ceil" && r > 0n) q += 1n;
          return q;
        });
      }
      if (t.kind === "long") return map(([x]) => x);
      return map(([x]) => {
        const d = name === "floor" ? Math.floor(x as number) : Math.ceil(x as number);
        if (Number.isNaN(d)) return 0n;
        if (d >= 9223372036854775807) return 2n ** 63n - 1n;
        if (d <= -9223372036854775808) return -(2n ** 63n);
        return BigInt(d);
      });
    }
    case "sqrt": return map(([x]) => Math.sqrt(x as number));
    case "exp": return map(([x]) => Math.exp(x as number));
    case "power": return map(([x, y]) => Math.pow(x as number, y as number));
    case "concat": return map((r) => r.join(""));
    case "concat_ws":
      return map(([sep, ...rest]) => rest.flatMap((x) => (x === null ? [] : Array.isArray(x) ? x.filter((e) => e !== null) : [x])).join(sep as string), false);
    case "split": return map(([s, p, l]) => javaSplit(s as string, javaRegex(p as string), l as number));
    case "substring": case "substr": return map(([s, p, l]) => sqlSubstring(s as string, p as number, l === undefined ? 2147483647 : (l as number)));
    case "upper": return map(([s]) => (s as string).toUpperCase());
    case "lower": return map(([s]) => (s as string).toLowerCase());
    // Spark's trim/ltrim/rtrim remove the space character only (UTF8String.trim).
    case "trim": return map(([s]) => (s as string).replace(/^ +| +$/g, ""));
    case "ltrim": return map(([s]) => (s as string).replace(/^ +/, ""));
    case "rtrim": return map(([s]) => (s as string).replace(/ +$/, ""));
    case "length": return map(([s]) => (s instanceof Uint8Array ? s.length : Array.from(s as string).length));
    case "regexp_replace": return map(([s, p, rep]) => (s as string).replace(javaRegex(p as string, "g"), (rep as string).replace(/\\\$/g, "$$$$")));
    case "regexp_extract":
      return map(([s, p, idx]) => {
        const m = javaRegex(p as string).exec(s as string);
        if (m === null) return "";
        const g = idx as number;
        if (g > m.length - 1) throw new ExecutionError(`[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) \`idx\` in \`regexp_extract\` is invalid: Expects group index between 0 and ${m.length - 1}, but got ${g}. SQLSTATE: 22023`);
        return m[g] ?? "";
      });
    case "startswith": return map(([s, p]) => (s as string).startsWith(p as string));
    case "endswith": return map(([s, p]) => (s as string).endsWith(p as string));
    case "contains": return map(([s, p]) => (s as string).includes(p as string));
    case "to_timestamp": {
      if (args.length === 1) return castVector(args[0]!, outType, ctx);
      return map(([s, f]) => {
        const r = parseWithPattern(s as string, f as string, ctx.timeZone);
        if (r === null && ctx.ansi) throw cannotParse(s as string, f as string);
        return r;
      });
    }
    case "to_date": {
      if (args.length === 1) return castVector(args[0]!, outType, ctx);
      return map(([s, f]) => {
        const r = parseWithPattern(s as string, f as string, ctx.timeZone);
        if (r === null) { if (ctx.ansi) throw cannotParse(s as string, f as string); return null; }
        return timestampFields(r, ctx.timeZone).days;
      });
    }
    case "date_format": return map(([t, f]) => formatWithPattern(t as bigint, f as string, ctx.timeZone));
    case "unix_timestamp": {
      // Microseconds / 1e6 truncates toward zero, as Spark's `t / downScaleFactor` does
      // (ToTimestamp in datetimeExpressions.scala): 1969-12-31 23:59:59.5 is 0, not -1.
      if (args[0]!.type.kind === "timestamp") return map(([t]) => (t as bigint) / 1_000_000n);
      return map(([s, f]) => {
        const r = parseWithPattern(s as string, f as string, ctx.timeZone);
        if (r === null) { if (ctx.ansi) throw cannotParse(s as string, f as string); return null; }
        return r / 1_000_000n;
      });
    }
    case "from_unixtime": return map(([s, f]) => formatWithPattern((s as bigint) * 1_000_000n, f as string, ctx.timeZone));
    case "current_timestamp": return vectorFromValues(outType, new Array<unknown>(n).fill(ctx.nowMicros));
    case "current_date": return vectorFromValues(outType, new Array<unknown>(n).fill(timestampFields(ctx.nowMicros, ctx.timeZone).days));
    case "year": return map(([d]) => civilFromDays(d as number).y);
    case "month": return map(([d]) => civilFromDays(d as number).m);
    case "dayofmonth": return map(([d]) => civilFromDays(d as number).d);
    case "dayofweek": return map(([d]) => ((((d as number) + 4) % 7) + 7) % 7 + 1);
    case "hour": return map(([t]) => timestampFields(t as bigint, ctx.timeZone).hh);
    case "minute": return map(([t]) => timestampFields(t as bigint, ctx.timeZone).mm);
    case "second": return map(([t]) => timestampFields(t as bigint, ctx.timeZone).ss);
    default: throw new InternalError(`no evaluator for function ${name}`);
  }
}

function cannotParse(text: string, fmt: string): ExecutionError {
  void parseDate;
  void castInvalidInput;
  return new ExecutionError(
    `[CANNOT_PARSE_TIMESTAMP] Text '${text}' could not be parsed with pattern '${fmt}'. Use \`try_to_timestamp\` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007`,
    { context: { value: text, pattern: fmt }, hint: "Fix the pattern or the input, or set spark.sql.ansi.enabled=false to get NULL instead." },
  );
}

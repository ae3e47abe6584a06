/**
 * Arithmetic kernels over typed arrays: `+ - * / % div` and unary minus, with Spark's overflow
 * behaviour (ANSI: raise ARITHMETIC_OVERFLOW; legacy: wrap like Java) and division by zero
 * (ANSI: raise; legacy: null). Operands arrive already cast to one type by the analyzer.
 *
 * ```ts
 * arithmetic("+", ints([1, 2]), ints([3, null]), ctx); // [4, null]
 * ```
 */
import { InternalError } from "../../common/errors.js";
import type { BinaryOp } from "../../expr/expression.js";
import { arithmeticTypes } from "../../expr/type-rules.js";
import type { DataType } from "../../types/data-types.js";
import type { ExecContext } from "../exec-context.js";
import { allocPrimitive, andValid, getValue, type Vec } from "../vector.js";
import { divideByZeroError, intervalOverflowError, overflowError, plainOverflowError, remainderByZeroError } from "./ansi-errors.js";

const RANGES: Record<string, [number, number, number]> = {
  byte: [-128, 127, 24], short: [-32768, 32767, 16], integer: [-2147483648, 2147483647, 0],
};
const LMIN = -(2n ** 63n);
const LMAX = 2n ** 63n - 1n;
const TRY_NAME: Record<string, string> = { "+": "try_add", "-": "try_subtract", "*": "try_multiply" };

type ArithOp = "+" | "-" | "*" | "/" | "%" | "div";

/**
 * The result's validity mask, safe to write a null into: `andValid` may hand back an operand's own
 * mask (or none), which must not be changed, so the first null made here copies it once; later
 * calls get the copy back.
 */
function writableValid(valid: Uint8Array | null, left: Uint8Array | null, right: Uint8Array | null, n: number): Uint8Array {
  if (valid === null) return new Uint8Array(n).fill(1);
  return valid === left || valid === right ? new Uint8Array(valid) : valid;
}

/** Evaluates `left op right` for same-typed operand vectors. */
export function arithmetic(op: BinaryOp, left: Vec, right: Vec, ctx: ExecContext): Vec {
  const o = op as ArithOp;
  const n = left.length;
  const t = left.type;
  if (t.kind === "decimal") return decimalArith(o, left, right, ctx);
  let valid = andValid(left.valid, right.valid, n);
  if (t.kind === "dayTimeInterval" || t.kind === "yearMonthInterval") {
    // Interval + and - are always exact, whatever spark.sql.ansi.enabled says (Add/Subtract call
    // IntervalMathUtils.addExact/subtractExact for ANSI intervals in sql/catalyst/.../expressions/arithmetic.scala),
    // raising INTERVAL_ARITHMETIC_OVERFLOW (checked against PySpark 4.1.1).
    const long = t.kind === "dayTimeInterval";
    const out = long ? new BigInt64Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const x = BigInt(left.values[i] as number | bigint); const y = BigInt(right.values[i] as number | bigint);
      const r = o === "+" ? x + y : o === "-" ? x - y : null;
      if (r === null) throw new InternalError(`interval operator ${o}`);
      if (long ? r < LMIN || r > LMAX : r < -2147483648n || r > 2147483647n) throw intervalOverflowError(o === "+" ? "try_add" : "try_subtract");
      if (out instanceof BigInt64Array) out[i] = r; else out[i] = Number(r);
    }
    return { type: t, length: n, values: out, valid };
  }
  if (t.kind === "byte" || t.kind === "short" || t.kind === "integer") {
    const [lo, hi, shift] = RANGES[t.kind]!;
    const a = left.values as Int32Array; const b = right.values as Int32Array;
    const out = allocPrimitive(t, n) as Int32Array;
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const x = a[i]!; const y = b[i]!;
      let r: number;
      switch (o) {
        case "+": r = x + y; break;
        case "-": r = x - y; break;
        case "*": r = x * y; break;
        case "%": case "div": case "/":
          if (y === 0) {
            if (ctx.ansi) throw o === "%" ? remainderByZeroError() : divideByZeroError();
            valid = writableValid(valid, left.valid, right.valid, n);
            valid[i] = 0; continue;
          }
          r = o === "%" ? x % y : Math.trunc(x / y);
          break;
      }
      if (r < lo || r > hi) {
        if (ctx.ansi) throw overflowError(t.kind, TRY_NAME[o] ?? "try_divide");
        // Java wraps: keep the low bits (Math.imul keeps int multiplication exact).
        r = o === "*" ? Math.imul(x, y) : r | 0;
        if (shift > 0) r = (r << shift) >> shift;
      }
      out[i] = r;
    }
    return { type: t, length: n, values: out, valid };
  }
  if (t.kind === "long") {
    const a = left.values as BigInt64Array; const b = right.values as BigInt64Array;
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const x = a[i]!; const y = b[i]!;
      let r: bigint;
      switch (o) {
        case "+": r = x + y; break;
        case "-": r = x - y; break;
        case "*": r = x * y; break;
        default:
          if (y === 0n) {
            if (ctx.ansi) throw o === "%" ? remainderByZeroError() : divideByZeroError();
            valid = writableValid(valid, left.valid, right.valid, n);
            valid[i] = 0; continue;
          }
          r = o === "%" ? x % y : x / y;
      }
      if (r < LMIN || r > LMAX) {
        if (ctx.ansi) throw overflowError("long", TRY_NAME[o] ?? "try_divide");
        r = BigInt.asIntN(64, r);
      }
      out[i] = r;
    }
    return { type: t, length: n, values: out, valid };
  }
  if (t.kind === "float" || t.kind === "double") {
    const a = left.values as Float64Array; const b = right.values as Float64Array;
    const out = allocPrimitive(t, n) as Float64Array;
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const x = a[i]!; const y = b[i]!;
      let r: number;
      switch (o) {
        case "+": r = x + y; break;
        case "-": r = x - y; break;
        case "*": r = x * y; break;
        default:
          // Spark's Divide/Remainder return null (or raise) for a zero divisor even for doubles.
          if (y === 0) {
            if (ctx.ansi) throw o === "%" ? remainderByZeroError() : divideByZeroError();
            valid = writableValid(valid, left.valid, right.valid, n);
            valid[i] = 0; continue;
          }
          r = o === "%" ? x % y : o === "div" ? Math.trunc(x / y) : x / y;
      }
      out[i] = r;
    }
    return { type: t, length: n, values: out, valid };
  }
  throw new InternalError(`arithmetic on ${t.kind}`);
}

/** Unary minus, overflowing like Java for the minimum value (or raising under ANSI). */
export function negate(v: Vec, ctx: ExecContext): Vec {
  const n = v.length;
  const t = v.type;
  if (t.kind === "decimal") {
    const src = v.values as unknown[];
    return { type: t, length: n, values: src.map((x) => (x === null ? null : -(x as bigint))), valid: v.valid };
  }
  const out = allocPrimitive(t, n);
  // Negating an interval is always exact (UnaryMinus → IntervalMathUtils.negateExact for ANSI intervals).
  const exact = ctx.ansi || t.kind === "dayTimeInterval" || t.kind === "yearMonthInterval";
  if (t.kind === "yearMonthInterval") {
    const a = v.values as Int32Array; const o = out as Int32Array;
    for (let i = 0; i < n; i++) {
      if (a[i] === -2147483648 && (v.valid === null || v.valid[i] === 1)) throw intervalOverflowError(null);
      o[i] = -a[i]!;
    }
    return { type: t, length: n, values: out, valid: v.valid };
  }
  if (out instanceof BigInt64Array) {
    const a = v.values as BigInt64Array;
    for (let i = 0; i < n; i++) {
      if (a[i] === LMIN && (v.valid === null || v.valid[i] === 1)) {
        if (t.kind === "dayTimeInterval") throw intervalOverflowError(null);
        if (exact) throw plainOverflowError("long overflow");
      }
      out[i] = BigInt.asIntN(64, -a[i]!);
    }
  } else {
    const a = v.values as Int32Array;
    const range = RANGES[t.kind];
    const o = out as Int32Array;
    for (let i = 0; i < n; i++) {
      let r = -a[i]!;
      if (range !== undefined && r > range[1]) {
        // Spark's UnaryMinus uses MathUtils.negateExact, whose message names no try_ function.
        if (ctx.ansi && (v.valid === null || v.valid[i] === 1)) throw plainOverflowError(`${t.kind as "integer" | "short" | "byte"} overflow`);
        r = a[i]!;
      }
      o[i] = r;
    }
  }
  return { type: t, length: n, values: out, valid: v.valid };
}

const POW10: bigint[] = Array.from({ length: 80 }, (_, i) => 10n ** BigInt(i));

/** 10^k as bigint. */
export function pow10(k: number): bigint { return POW10[k] ?? 10n ** BigInt(k); }

/** Divides rounding HALF_UP (Java's RoundingMode.HALF_UP). */
export function divHalfUp(a: bigint, b: bigint): bigint {
  const neg = (a < 0n) !== (b < 0n);
  const x = a < 0n ? -a : a; const y = b < 0n ? -b : b;
  let q = x / y;
  if ((x % y) * 2n >= y) q += 1n;
  return neg ? -q : q;
}

/** Exact decimal arithmetic; the analyzer's surrounding cast applies Spark's result precision. */
function decimalArith(op: ArithOp, left: Vec, right: Vec, ctx: ExecContext): Vec {
  const lt = left.type as Extract<DataType, { kind: "decimal" }>;
  const rt = right.type as Extract<DataType, { kind: "decimal" }>;
  const n = left.length;
  const resultType = arithmeticTypes(op, lt, rt, ctx.ansi)!.resultType as Extract<DataType, { kind: "decimal" }>;
  const s = Math.max(lt.scale, rt.scale);
  let outScale: number;
  if (op === "*") outScale = lt.scale + rt.scale;
  else if (op === "/") outScale = resultType.scale;
  else outScale = s;
  const out = new Array<unknown>(n);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const a = getValue(left, i) as bigint | null; const b = getValue(right, i) as bigint | null;
    if (a === null || b === null) { out[i] = null; continue; }
    let r: bigint | null;
    switch (op) {
      case "+": r = a * pow10(s - lt.scale) + b * pow10(s - rt.scale); break;
      case "-": r = a * pow10(s - lt.scale) - b * pow10(s - rt.scale); break;
      case "*": r = a * b; break;
      case "%": case "/": case "div": {
        if (b === 0n) {
          if (ctx.ansi) throw op === "%" ? remainderByZeroError() : divideByZeroError();
          r = null; break;
        }
        if (op === "%") { r = (a * pow10(s - lt.scale)) % (b * pow10(s - rt.scale)); break; }
        // a/10^s1 / (b/10^s2) at scale k = a * 10^(k - s1 + s2) / b.
        const shift = outScale - lt.scale + rt.scale;
        r = shift >= 0 ? divHalfUp(a * pow10(shift), b) : divHalfUp(a, b * pow10(-shift));
        if (op === "div") { r = (a * pow10(rt.scale)) / (b * pow10(lt.scale)); }
        break;
      }
    }
    if (r === null) { valid ??= new Uint8Array(n).fill(1); valid[i] = 0; out[i] = null; continue; }
    out[i] = r;
  }
  for (let i = 0; i < n; i++) if (out[i] === null) { valid ??= new Uint8Array(n).fill(1); valid[i] = 0; }
  // An unbounded intermediate decimal: precision is checked by the enclosing cast.
  return { type: { kind: "decimal", precision: 38, scale: op === "div" ? 0 : outScale }, length: n, values: out, valid };
}

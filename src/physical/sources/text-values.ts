/**
 * Text -> value parsers with the JVM's rules, as Spark's CSV reader and schema inference call
 * them: `Integer.parseInt`, `Long.parseLong`, `Double.parseDouble`, `new BigDecimal(s)` and
 * Scala's `toBoolean`. Each returns null where the JVM would throw.
 * See https://github.com/apache/spark/blob/v4.0.0/sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/csv/UnivocityParser.scala
 *
 * ```ts
 * parseJavaInt("+2");        // 2
 * parseJavaInt(" 4");        // null (no whitespace allowed)
 * parseJavaDouble(" 4");     // 4 (Double.parseDouble trims)
 * parseBigDecimal("1e5");    // { unscaled: 1n, scale: -5, precision: 1 }
 * ```
 */

const INT_RE = /^[+-]?\d+$/;
const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** `Integer.parseInt(s)`, or null. */
export function parseJavaInt(s: string): number | null {
  if (!INT_RE.test(s)) return null;
  const n = Number(s);
  return n >= I32_MIN && n <= I32_MAX ? n : null;
}

/** `Long.parseLong(s)`, or null. */
export function parseJavaLong(s: string): bigint | null {
  if (!INT_RE.test(s)) return null;
  const b = BigInt(s);
  return b >= I64_MIN && b <= I64_MAX ? b : null;
}

// Java's FloatingDecimal grammar (decimal form): sign, NaN, Infinity, digits with an optional
// point and exponent, an optional f/F/d/D suffix; leading and trailing chars <= ' ' are trimmed.
const DOUBLE_RE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
const HEX_DOUBLE_RE = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+[fFdD]?$/;

/** Trims chars <= U+0020 at both ends, as Java's `String.trim`. */
export function javaTrim(s: string): string {
  let a = 0; let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** `Double.parseDouble(s)`, or null. */
export function parseJavaDouble(s: string): number | null {
  const t = javaTrim(s);
  if (DOUBLE_RE.test(t)) {
    const body = /[fFdD]$/.test(t) && !t.endsWith("NaN") ? t.slice(0, -1) : t;
    if (body.endsWith("NaN")) return Number.NaN;
    return Number(body);
  }
  if (HEX_DOUBLE_RE.test(t)) return parseHexDouble(t);
  return null;
}

function parseHexDouble(t: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)/.exec(t)!;
  const mant = parseInt(`${m[2] ?? ""}${m[3] ?? ""}` || "0", 16);
  const v = mant * 2 ** (Number(m[4]) - 4 * (m[3] ?? "").length);
  return m[1] === "-" ? -v : v;
}

/** A `java.math.BigDecimal`: unscaled value, scale (may be negative) and precision (digits). */
export interface BigDecimalValue {
  readonly unscaled: bigint;
  readonly scale: number;
  readonly precision: number;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** `new java.math.BigDecimal(s)` (no whitespace allowed), or null. */
export function parseBigDecimal(s: string): BigDecimalValue | null {
  const m = DECIMAL_RE.exec(s);
  if (m === null) return null;
  const intPart = m[2] ?? ""; const frac = m[3] ?? "";
  if (intPart === "" && frac === "") return null;
  const digits = `${intPart}${frac}`.replace(/^0+(?=\d)/, "");
  const mag = BigInt(digits);
  const scale = frac.length - Number(m[4] ?? 0);
  const precision = mag === 0n ? 1 : digits.length;
  return { unscaled: m[1] === "-" ? -mag : mag, scale, precision };
}

/** Scala's `String.toBoolean`: "true"/"false" in any case, or null. */
export function parseScalaBoolean(s: string): boolean | null {
  if (s.length === 4 && s.toLowerCase() === "true") return true;
  if (s.length === 5 && s.toLowerCase() === "false") return false;
  return null;
}

const POW10: bigint[] = [];
function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) { p = 10n ** BigInt(n); POW10[n] = p; }
  return p;
}

/**
 * A BigDecimal set to `scale` with HALF_UP rounding and checked against `precision`, as
 * `Decimal(bigDecimal, precision, scale)` does; null when it does not fit.
 */
export function toDecimalUnscaled(v: BigDecimalValue, precision: number, scale: number): bigint | null {
  let u: bigint;
  if (scale >= v.scale) u = v.unscaled * pow10(scale - v.scale);
  else {
    const d = pow10(v.scale - scale);
    const q = v.unscaled / d; const r = v.unscaled % d;
    const twice = (r < 0n ? -r : r) * 2n;
    u = twice >= d ? q + (v.unscaled < 0n ? -1n : 1n) : q;
  }
  const limit = pow10(precision);
  return u >= limit || u <= -limit ? null : u;
}

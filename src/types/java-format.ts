/**
 * Number-to-text the way the JVM does it, because Spark prints doubles and floats with Java's
 * `Double.toString` / `Float.toString` (shortest digits that round-trip; plain notation for
 * 1e-3 <= |x| < 1e7, otherwise `d.dddE<n>`; always at least one fractional digit).
 *
 * ```ts
 * javaDoubleToString(1e10);   // "1.0E10"
 * javaFloatToString(1.5);     // "1.5"
 * javaDoubleToString(0.0001); // "1.0E-4"
 * ```
 */

/** Splits a finite non-zero number's shortest decimal form into digits and a decimal exponent. */
function digitsOf(repr: string): { digits: string; exp: number } {
  // repr is like "1.2345e-7", "123.45", "1e+21" (JS shortest round-trip form), without sign.
  let mantissa = repr;
  let e = 0;
  const ei = repr.indexOf("e");
  if (ei >= 0) { mantissa = repr.slice(0, ei); e = Number(repr.slice(ei + 1)); }
  const dot = mantissa.indexOf(".");
  let intPart = dot >= 0 ? mantissa.slice(0, dot) : mantissa;
  const frac = dot >= 0 ? mantissa.slice(dot + 1) : "";
  let digits = intPart + frac;
  // exp = position of the decimal point relative to the first digit (scientific exponent).
  let exp = e + intPart.length - 1;
  const lead = digits.length - digits.replace(/^0+/, "").length;
  digits = digits.slice(lead);
  exp -= lead;
  digits = digits.replace(/0+$/, "");
  if (digits === "") { digits = "0"; intPart = "0"; }
  return { digits, exp };
}

function formatJava(sign: string, digits: string, exp: number, abs: number): string {
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp >= 0) {
      const intDigits = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, "0");
      const fracDigits = digits.length > exp + 1 ? digits.slice(exp + 1) : "0";
      return `${sign}${intDigits}.${fracDigits}`;
    }
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const frac = digits.length > 1 ? digits.slice(1) : "0";
  return `${sign}${digits[0]}.${frac}E${exp}`;
}

/** Java's `Double.toString(d)`. */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "Infinity";
  if (d === -Infinity) return "-Infinity";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(d);
  const { digits, exp } = digitsOf(String(abs));
  return formatJava(d < 0 ? "-" : "", digits, exp, abs);
}

/** Java's `Float.toString(f)` for a value already rounded to float precision. */
export function javaFloatToString(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "Infinity";
  if (f === -Infinity) return "-Infinity";
  if (f === 0) return Object.is(f, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(f);
  const target = Math.fround(abs);
  let repr = String(abs);
  // The shortest decimal that reads back as the same float (Float.toString's contract).
  for (let p = 1; p <= 9; p++) {
    const s = abs.toPrecision(p);
    if (Math.fround(Number(s)) === target) { repr = String(Number(s)); break; }
  }
  const { digits, exp } = digitsOf(repr);
  return formatJava(f < 0 ? "-" : "", digits, exp, abs);
}

/** A decimal's unscaled value and scale as plain text (`BigDecimal.toPlainString`). */
export function decimalToPlainString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let s = (neg ? -unscaled : unscaled).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, "0");
    s = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }
  return neg ? `-${s}` : s;
}

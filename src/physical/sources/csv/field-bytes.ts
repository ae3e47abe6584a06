/**
 * Byte-level parsers for the plain forms of CSV fields (no string is made): integers, decimal
 * numbers with at most 15 significant digits (exactly rounded, as Java's parseDouble), dates
 * `yyyy-MM-dd` and timestamps `yyyy-MM-dd[ T]HH:mm:ss[.ffffff]`. Each returns NaN when the
 * bytes are not in that form, and the caller falls back to the text path.
 *
 * ```ts
 * sliceInt(Buffer.from("-42"), 0, 3); // -42
 * ```
 */
import { daysFromCivil, daysInMonth } from "../../../types/datetime.js";

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** A plain `[+-]?digits` slice as a number (up to 15 digits), or NaN. */
export function sliceInt(buf: Uint8Array, s: number, e: number): number {
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
export function sliceDouble(buf: Uint8Array, s: number, e: number): number {
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
export function sliceDate(buf: Uint8Array, s: number): number {
  if (buf[s + 4] !== 45 || buf[s + 7] !== 45) return Number.NaN;
  const y1 = d2(buf, s); const y2 = d2(buf, s + 2); const m = d2(buf, s + 5); const d = d2(buf, s + 8);
  if (y1 < 0 || y2 < 0 || m < 1 || m > 12 || d < 1) return Number.NaN;
  const y = y1 * 100 + y2;
  if (d > daysInMonth(y, m)) return Number.NaN;
  return daysFromCivil(y, m, d);
}

/** The microseconds of the last {@link sliceLocalTimestamp} hit (kept out of the return value to avoid an allocation). */
export const fracOut = { micros: 0 };
/** `yyyy-MM-dd[ T]HH:mm:ss[.f{1,6}]` as local seconds (the fraction goes to `fracOut`), or NaN. */
export function sliceLocalTimestamp(buf: Uint8Array, s: number, e: number): number {
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


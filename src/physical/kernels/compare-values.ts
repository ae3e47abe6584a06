/**
 * Ordering and equality of physical values as Spark defines them: NaN equals NaN and sorts above
 * every other double, -0.0 equals 0.0 (SQLOrderingUtil.compareDoubles), strings compare by UTF-8
 * bytes (code points), binary unsigned byte-wise, structs field by field, arrays element-wise.
 *
 * ```ts
 * compareValues(DoubleType(), NaN, 1e308); // 1
 * ```
 */
import type { DataType } from "../../types/data-types.js";

/** Spark's double ordering (NaN largest, -0.0 == 0.0). */
export function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an && bn ? 0 : an ? 1 : -1;
}

/** Compares strings by code point, which orders like Spark's UTF-8 byte comparison. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF, which sort after 0xE000-0xFFFF.
      const sx = x >= 0xd800 && x <= 0xdfff; const sy = y >= 0xd800 && y <= 0xdfff;
      if (sx !== sy) return sx ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Total order of two non-null physical values of type `t` (nulls are the caller's business). */
export function compareValues(t: DataType, a: unknown, b: unknown): number {
  switch (t.kind) {
    case "float": case "double": return compareDoubles(a as number, b as number);
    case "string": return compareStrings(a as string, b as string);
    case "binary": return compareBytes(a as Uint8Array, b as Uint8Array);
    case "boolean": { const x = a === true || a === 1 ? 1 : 0; const y = b === true || b === 1 ? 1 : 0; return x - y; }
    case "struct": {
      const x = a as unknown[]; const y = b as unknown[];
      for (let i = 0; i < t.fields.length; i++) {
        const c = compareNullable(t.fields[i]!.dataType, x[i], y[i]);
        if (c !== 0) return c;
      }
      return 0;
    }
    case "array": {
      const x = a as unknown[]; const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) { const c = compareNullable(t.elementType, x[i], y[i]); if (c !== 0) return c; }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    default: {
      const x = a as number | bigint; const y = b as number | bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

/** Compares with nulls first (the order Spark uses inside structs and arrays). */
export function compareNullable(t: DataType, a: unknown, b: unknown): number {
  const an = a === null || a === undefined; const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  return compareValues(t, a, b);
}

/**
 * A string or number that is equal for values Spark groups together (NaN with NaN, -0.0 with
 * 0.0), for use as a hash-map key.
 */
export function groupKeyOf(t: DataType, v: unknown): string | number | bigint | boolean {
  if (v === null || v === undefined) return "\u0000null";
  switch (t.kind) {
    case "float": case "double": { const d = v as number; return Number.isNaN(d) ? "NaN" : d === 0 ? 0 : d; }
    case "string": return `s${v as string}`;
    case "binary": return `b${Array.from(v as Uint8Array).join(",")}`;
    case "boolean": return v === true || v === 1;
    case "struct": return `{${(v as unknown[]).map((x, i) => String(groupKeyOf(t.fields[i]!.dataType, x))).join("\u0001")}}`;
    case "array": return `[${(v as unknown[]).map((x) => String(groupKeyOf(t.elementType, x))).join("\u0001")}]`;
    case "map": return `m${JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x))}`;
    default: return v as number | bigint;
  }
}

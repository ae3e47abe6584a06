/**
 * Comparison and boolean kernels: `= <=> < <= > >=` with Spark's NaN/-0.0 rules, three-valued
 * AND/OR/NOT (false AND null = false, true OR null = true), IS [NOT] NULL and IN.
 *
 * ```ts
 * and3(bools([true, false, null]), bools([null, null, null])); // [null, false, null]
 * ```
 */
import type { BinaryOp } from "../../expr/expression.js";
import { BooleanType } from "../../types/data-types.js";
import { compareValues } from "../kernels/compare-values.js";
import { andValid, getValue, isPrimitiveType, type Vec } from "../vector.js";

/** `left op right` for same-typed vectors; `<=>` is never null. */
export function compare(op: BinaryOp, left: Vec, right: Vec): Vec {
  const n = left.length;
  const out = new Uint8Array(n);
  const t = left.type;
  if (op === "<=>") {
    for (let i = 0; i < n; i++) {
      const a = getValue(left, i); const b = getValue(right, i);
      out[i] = a === null || b === null ? (a === null && b === null ? 1 : 0) : compareValues(t, a, b) === 0 ? 1 : 0;
    }
    return { type: BooleanType(), length: n, values: out, valid: null };
  }
  const valid = andValid(left.valid, right.valid, n);
  const fast = isPrimitiveType(t) && t.kind !== "float" && t.kind !== "double";
  const a = left.values as ArrayLike<number | bigint | unknown>;
  const b = right.values as ArrayLike<number | bigint | unknown>;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    let c: number;
    if (fast) { const x = a[i] as number; const y = b[i] as number; c = x < y ? -1 : x > y ? 1 : 0; }
    else c = compareValues(t, a[i], b[i]);
    switch (op) {
      case "=": out[i] = c === 0 ? 1 : 0; break;
      case "<": out[i] = c < 0 ? 1 : 0; break;
      case "<=": out[i] = c <= 0 ? 1 : 0; break;
      case ">": out[i] = c > 0 ? 1 : 0; break;
      case ">=": out[i] = c >= 0 ? 1 : 0; break;
      default: break;
    }
  }
  return { type: BooleanType(), length: n, values: out, valid };
}

const val3 = (v: Vec, i: number): number => (v.valid !== null && v.valid[i] === 0 ? 2 : (v.values as Uint8Array)[i]!);

/** Three-valued AND. */
export function and3(l: Vec, r: Vec): Vec {
  const n = l.length;
  const out = new Uint8Array(n);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const a = val3(l, i); const b = val3(r, i);
    if (a === 0 || b === 0) out[i] = 0;
    else if (a === 2 || b === 2) { valid ??= new Uint8Array(n).fill(1); valid[i] = 0; }
    else out[i] = 1;
  }
  return { type: BooleanType(), length: n, values: out, valid };
}

/** Three-valued OR. */
export function or3(l: Vec, r: Vec): Vec {
  const n = l.length;
  const out = new Uint8Array(n);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const a = val3(l, i); const b = val3(r, i);
    if (a === 1 || b === 1) out[i] = 1;
    else if (a === 2 || b === 2) { valid ??= new Uint8Array(n).fill(1); valid[i] = 0; }
  }
  return { type: BooleanType(), length: n, values: out, valid };
}

/** Three-valued NOT. */
export function not3(v: Vec): Vec {
  const src = v.values as Uint8Array;
  const out = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = src[i] === 1 ? 0 : 1;
  return { type: BooleanType(), length: v.length, values: out, valid: v.valid };
}

/** IS NULL (or IS NOT NULL when `negated`). */
export function isNull(v: Vec, negated: boolean): Vec {
  const out = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const nul = v.valid !== null && v.valid[i] === 0;
    out[i] = nul !== negated ? 1 : 0;
  }
  return { type: BooleanType(), length: v.length, values: out, valid: null };
}

/** SQL IN: true on a match; null if no match but the value or a list item is null. */
export function inList(v: Vec, list: readonly Vec[]): Vec {
  const n = v.length;
  const out = new Uint8Array(n);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const x = getValue(v, i);
    if (x === null) { valid ??= new Uint8Array(n).fill(1); valid[i] = 0; continue; }
    let sawNull = false;
    let hit = false;
    for (const l of list) {
      const y = getValue(l, i);
      if (y === null) { sawNull = true; continue; }
      if (compareValues(v.type, x, y) === 0) { hit = true; break; }
    }
    if (hit) out[i] = 1;
    else if (sawNull) { valid ??= new Uint8Array(n).fill(1); valid[i] = 0; }
  }
  return { type: BooleanType(), length: n, values: out, valid };
}

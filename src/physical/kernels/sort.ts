/**
 * Sort kernel: a stable permutation of rows by several keys, each ascending or descending with
 * nulls first or last (Spark's defaults: ASC NULLS FIRST, DESC NULLS LAST), using Spark's value
 * ordering (NaN largest).
 *
 * ```ts
 * sortIndices([{ vec, ascending: true, nullsFirst: true }], vec.length);
 * ```
 */
import { compareValues } from "./compare-values.js";
import { isPrimitiveType, type Vec } from "../vector.js";

export interface SortSpec { readonly vec: Vec; readonly ascending: boolean; readonly nullsFirst: boolean }

/** Row indices in sorted order (stable). */
export function sortIndices(specs: readonly SortSpec[], n: number): Int32Array {
  const idx = Array.from({ length: n }, (_, i) => i);
  const cmps = specs.map((s) => {
    const v = s.vec;
    const valid = v.valid;
    const vals = v.values as ArrayLike<unknown>;
    const dir = s.ascending ? 1 : -1;
    const nullDir = s.nullsFirst ? -1 : 1;
    const fastNum = isPrimitiveType(v.type) && v.type.kind !== "float" && v.type.kind !== "double";
    return (a: number, b: number): number => {
      const an = valid !== null && valid[a] === 0; const bn = valid !== null && valid[b] === 0;
      if (an || bn) return an && bn ? 0 : an ? nullDir : -nullDir;
      if (fastNum) { const x = vals[a] as number; const y = vals[b] as number; return x < y ? -dir : x > y ? dir : 0; }
      return dir * compareValues(v.type, vals[a], vals[b]);
    };
  });
  idx.sort((a, b) => {
    for (const c of cmps) { const r = c(a, b); if (r !== 0) return r; }
    return a - b;
  });
  return Int32Array.from(idx);
}

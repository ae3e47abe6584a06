/**
 * Hash join kernel: builds a hash table on the right keys and probes with the left keys, giving
 * pairs of row indices (-1 for the missing side of an outer join). Null keys never match unless
 * the key is null-safe (`<=>`). A residual predicate is applied to candidate pairs before outer
 * rows are added, as Spark's join conditions require.
 *
 * ```ts
 * hashJoin(leftKeys, rightKeys, [false], "left", nl, nr, null); // { left, right } index arrays
 * ```
 */
import type { JoinType } from "../../logical/plan.js";
import { anyKeyNull, rowKey } from "./group-ids.js";
import { keyLanes } from "./key-lanes.js";
import { groupIdsByLanes } from "./lane-group-ids.js";
import { concatVectors } from "./take.js";
import type { Vec } from "../vector.js";

export interface JoinPairs { readonly left: Int32Array; readonly right: Int32Array }

/**
 * Pairs of matching rows. `accept(l, r)` checks the residual condition for candidate pairs
 * (evaluated in bulk by the caller); pass null when there is none.
 */
export function hashJoin(
  leftKeys: readonly Vec[], rightKeys: readonly Vec[], nullSafe: readonly boolean[], joinType: JoinType,
  nl: number, nr: number, accept: ((l: Int32Array, r: Int32Array) => Uint8Array) | null,
): JoinPairs {
  // Candidate pairs: for each left row in order, its matching right rows in order.
  let cl: number[] = []; let cr: number[] = [];
  if (leftKeys.length === 0) {
    for (let i = 0; i < nl; i++) for (let j = 0; j < nr; j++) { cl.push(i); cr.push(j); }
  } else {
    const strict = nullSafe.every((s) => !s);
    // A row whose key cannot match: a null in a key that is not null-safe (`<=>`).
    const skip = (keys: readonly Vec[], i: number): boolean => (strict ? anyKeyNull(keys, i) : nullableMismatch(keys, nullSafe, i));
    const typed = typedCandidates(leftKeys, rightKeys, nl, nr, skip);
    if (typed !== null) {
      ({ cl, cr } = typed);
    } else {
      const table = new Map<unknown, number[]>();
      for (let j = 0; j < nr; j++) {
        if (skip(rightKeys, j)) continue;
        const k = rowKey(rightKeys, j);
        const list = table.get(k);
        if (list === undefined) table.set(k, [j]); else list.push(j);
      }
      for (let i = 0; i < nl; i++) {
        if (skip(leftKeys, i)) continue;
        const hits = table.get(rowKey(leftKeys, i));
        if (hits === undefined) continue;
        for (const j of hits) { cl.push(i); cr.push(j); }
      }
    }
  }
  let L = Int32Array.from(cl); let R = Int32Array.from(cr);
  if (accept !== null && L.length > 0) {
    const ok = accept(L, R);
    cl = []; cr = [];
    for (let k = 0; k < L.length; k++) if (ok[k] === 1) { cl.push(L[k]!); cr.push(R[k]!); }
    L = Int32Array.from(cl); R = Int32Array.from(cr);
  }
  switch (joinType) {
    case "inner": case "cross": return { left: L, right: R };
    case "left_semi": case "left_anti": {
      const matched = new Uint8Array(nl);
      for (const i of L) matched[i] = 1;
      const out: number[] = [];
      for (let i = 0; i < nl; i++) if ((matched[i] === 1) === (joinType === "left_semi")) out.push(i);
      return { left: Int32Array.from(out), right: new Int32Array(0) };
    }
    default: {
      // Outer joins: keep pairs, then unmatched rows of the preserved side(s), in row order.
      const lm = new Uint8Array(nl); const rm = new Uint8Array(nr);
      for (let k = 0; k < L.length; k++) { lm[L[k]!] = 1; rm[R[k]!] = 1; }
      const outL: number[] = []; const outR: number[] = [];
      if (joinType === "left" || joinType === "full") {
        // Emit per left row in order: its matches, or one null-extended row.
        const byLeft = new Map<number, number[]>();
        for (let k = 0; k < L.length; k++) { const l = L[k]!; const a = byLeft.get(l); if (a === undefined) byLeft.set(l, [R[k]!]); else a.push(R[k]!); }
        for (let i = 0; i < nl; i++) {
          const m = byLeft.get(i);
          if (m === undefined) { outL.push(i); outR.push(-1); } else for (const j of m) { outL.push(i); outR.push(j); }
        }
        if (joinType === "full") for (let j = 0; j < nr; j++) if (rm[j] === 0) { outL.push(-1); outR.push(j); }
      } else {
        const byRight = new Map<number, number[]>();
        for (let k = 0; k < R.length; k++) { const r = R[k]!; const a = byRight.get(r); if (a === undefined) byRight.set(r, [L[k]!]); else a.push(L[k]!); }
        for (let j = 0; j < nr; j++) {
          const m = byRight.get(j);
          if (m === undefined) { outL.push(-1); outR.push(j); } else for (const i of m) { outL.push(i); outR.push(j); }
        }
      }
      return { left: Int32Array.from(outL), right: Int32Array.from(outR) };
    }
  }
}

/** With mixed null-safe keys: a null in a non-null-safe key never matches. */
function nullableMismatch(keys: readonly Vec[], nullSafe: readonly boolean[], i: number): boolean {
  for (let k = 0; k < keys.length; k++) {
    const v = keys[k]!;
    if (!nullSafe[k] && v.valid !== null && v.valid[i] === 0) return true;
  }
  return false;
}

/**
 * Candidate pairs through typed-array lanes (key-lanes.ts) when every key has a fixed-width form:
 * the right rows and then the left rows are grouped together, so equal keys share a group id on
 * both sides; each group's right rows are listed in row order (counts, prefix sums, fill). Null
 * when a key has no lane form (strings, decimals): the caller uses the general path.
 */
function typedCandidates(
  leftKeys: readonly Vec[], rightKeys: readonly Vec[], nl: number, nr: number, skip: (keys: readonly Vec[], i: number) => boolean,
): { cl: number[]; cr: number[] } | null {
  const both = leftKeys.map((l, k) => concatVectors([rightKeys[k]!, l], l.type));
  const lanes = keyLanes(both, nr + nl);
  if (lanes === null) return null;
  const g = groupIdsByLanes(lanes, nr + nl);
  const count = new Int32Array(g.numGroups + 1);
  for (let j = 0; j < nr; j++) if (!skip(rightKeys, j)) count[g.ids[j]! + 1]!++;
  for (let k = 0; k < g.numGroups; k++) count[k + 1]! += count[k]!;
  const rowsOf = new Int32Array(nr);
  const at = count.slice(0, g.numGroups);
  for (let j = 0; j < nr; j++) if (!skip(rightKeys, j)) rowsOf[at[g.ids[j]!]!++] = j;
  const cl: number[] = []; const cr: number[] = [];
  for (let i = 0; i < nl; i++) {
    if (skip(leftKeys, i)) continue;
    const id = g.ids[nr + i]!;
    for (let p = count[id]!; p < count[id + 1]!; p++) { cl.push(i); cr.push(rowsOf[p]!); }
  }
  return { cl, cr };
}

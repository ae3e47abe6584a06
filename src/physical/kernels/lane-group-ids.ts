/**
 * Dense group ids from Int32 key lanes (see key-lanes.ts): an open-addressing hash table held in
 * typed arrays, kept at most half full. Groups are numbered in order of first appearance, like
 * the general path in group-ids.ts, so results do not depend on which path ran.
 *
 * Plain version, for reading:
 * ```ts
 * const m = new Map<string, number>();
 * for (i) { const k = lanes.map((l) => l[i]).join(","); ids[i] = m.get(k) ?? (m.set(k, m.size), m.size - 1); }
 * ```
 */
import type { Grouping } from "./group-ids.js";

const EMPTY = -1;

/** Groups `n` rows by the values of `lanes` (at least one lane). */
export function groupIdsByLanes(lanes: readonly Int32Array[], n: number): Grouping {
  const ids = new Int32Array(n);
  let first = new Int32Array(1024);
  let numGroups = 0;
  let capacity = 1024;
  let mask = capacity - 1;
  let slots: Int32Array = new Int32Array(capacity).fill(EMPTY);
  const L = lanes.length;
  const a = lanes[0]!;
  const b = L > 1 ? lanes[1]! : a;
  const c = L > 2 ? lanes[2]! : a;
  for (let i = 0; i < n; i++) {
    // The first three lanes are hashed and compared inline (the window start's two words and one
    // int key is the common case); further lanes in a loop.
    const x = a[i]!; const y = b[i]!; const z = c[i]!;
    let slot = rowHash(lanes, x, y, z, i) & mask;
    for (;;) {
      const g = slots[slot]!;
      if (g === EMPTY) {
        if (numGroups === first.length) { const grown = new Int32Array(first.length * 2); grown.set(first); first = grown; }
        first[numGroups] = i;
        slots[slot] = numGroups;
        ids[i] = numGroups++;
        if (numGroups * 2 > capacity) {
          capacity *= 2; mask = capacity - 1;
          slots = rehash(lanes, first, numGroups, capacity);
        }
        break;
      }
      const r = first[g]!;
      if (a[r] === x && b[r] === y && c[r] === z && restEqual(lanes, r, i)) { ids[i] = g; break; }
      slot = (slot + 1) & mask;
    }
  }
  return { ids, numGroups, firstRow: first.slice(0, numGroups) };
}

/** Mixes row `i`'s lanes; x, y, z are its first three (repeated when there are fewer). */
function rowHash(lanes: readonly Int32Array[], x: number, y: number, z: number, i: number): number {
  let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y ^ (y >>> 16), 0x85ebca6b) ^ Math.imul(z, 0xc2b2ae35);
  for (let l = 3; l < lanes.length; l++) h = Math.imul(h ^ lanes[l]![i]!, 0x27d4eb2f);
  h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12;
  return h;
}

function restEqual(lanes: readonly Int32Array[], r: number, i: number): boolean {
  for (let l = 3; l < lanes.length; l++) if (lanes[l]![r] !== lanes[l]![i]) return false;
  return true;
}

/** A table of `capacity` slots holding groups 0…numGroups−1, placed by their first row's hash. */
function rehash(lanes: readonly Int32Array[], first: Int32Array, numGroups: number, capacity: number): Int32Array {
  const slots = new Int32Array(capacity).fill(EMPTY);
  const mask = capacity - 1;
  const L = lanes.length;
  const a = lanes[0]!;
  const b = L > 1 ? lanes[1]! : a;
  const c = L > 2 ? lanes[2]! : a;
  for (let g = 0; g < numGroups; g++) {
    const i = first[g]!;
    let slot = rowHash(lanes, a[i]!, b[i]!, c[i]!, i) & mask;
    while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    slots[slot] = g;
  }
  return slots;
}

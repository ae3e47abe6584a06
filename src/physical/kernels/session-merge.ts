/**
 * Session windows for a batch aggregate (Spark's SessionWindowing rule followed by
 * MergingSessionsExec): each row opens a session [t, t + gap); rows with a null time, or a gap
 * that is null or not positive, are dropped; within each group of the other grouping keys the
 * sessions sorted by start are merged while the next start is <= the current end (inclusive, as
 * MergingSessionsIterator), the merged end being the largest end. Every kept row gets its merged
 * session as a `session_window{start, end}` struct value.
 *
 * ```ts
 * const s = mergeSessions(times, gapsMicros, otherKeys, n);
 * s.rows;     // the kept rows, in input order
 * s.sessions; // [start, end] per kept row
 * ```
 */
import { getValue, type Vec } from "../vector.js";
import { groupIds } from "./group-ids.js";

export interface MergedSessions {
  /** Indices of the rows that belong to a session, in input order. */
  readonly rows: Int32Array;
  /** The merged session of each kept row, as struct values [start, end] (microseconds). */
  readonly sessions: [bigint, bigint][];
}

/**
 * Assigns merged sessions. `gap(i)` is row i's gap in microseconds (null when unknown);
 * `keys` are the other grouping columns (sessions merge only within equal keys, nulls equal).
 */
export function mergeSessions(time: Vec, gap: (i: number) => bigint | null, keys: readonly Vec[], n: number): MergedSessions {
  const starts = new Array<bigint>(n);
  const ends = new Array<bigint>(n);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = getValue(time, i) as bigint | null;
    if (t === null) continue;
    const g = gap(i);
    if (g === null || g <= 0n) continue;
    starts[i] = t; ends[i] = t + g;
    kept.push(i);
  }
  const groups = groupIds(keys, n);
  // Sort by (other keys, session start); the index keeps the sort stable.
  kept.sort((a, b) => {
    const ga = groups.ids[a]!; const gb = groups.ids[b]!;
    if (ga !== gb) return ga - gb;
    const sa = starts[a]!; const sb = starts[b]!;
    return sa < sb ? -1 : sa > sb ? 1 : a - b;
  });
  const session = new Array<[bigint, bigint]>(n);
  let k = 0;
  while (k < kept.length) {
    const first = kept[k]!;
    const gid = groups.ids[first]!;
    const start = starts[first]!;
    let end = ends[first]!;
    let j = k + 1;
    while (j < kept.length && groups.ids[kept[j]!] === gid && starts[kept[j]!]! <= end) {
      if (ends[kept[j]!]! > end) end = ends[kept[j]!]!;
      j++;
    }
    const merged: [bigint, bigint] = [start, end];
    for (let x = k; x < j; x++) session[kept[x]!] = merged;
    k = j;
  }
  const rows = Int32Array.from(kept).sort();
  return { rows, sessions: Array.from(rows, (i) => session[i]!) };
}

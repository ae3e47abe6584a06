/**
 * A slice's partial aggregate across a thread boundary. Keys go through the batch codec (typed
 * columns; a `window` key as a columnar struct); aggregate buffers that are all `count`s (the
 * course's windowed count, the common streaming case) cross as one Float64Array per aggregate and
 * stay that way on arrival (PartialGroups.counts): the main thread, which merges every partial
 * into the state, is the serial part of `local[N]`, so it gets no object per group to make.
 * Other buffers (sums, averages, lists, sketches) are cloned as they are.
 *
 * ```ts
 * const wire = encodePartial(partial, { transfer, keep: null, ownsBuffers: true }); // worker
 * const again = decodePartial(wire);                                               // main thread
 * ```
 */
import type { AggBuffer, PartialGroups } from "../physical/kernels/partial-aggregate.js";
import { decodeVec, encodeVec, ownable, type EncodeOptions, type WireVec } from "./batch-codec.js";

/** One slice's partial aggregate on the wire. */
export interface WirePartial {
  readonly keys: readonly WireVec[];
  readonly numGroups: number;
  readonly dropped: number;
  /** `buffers[g][c]` as cloned objects, or, when every buffer is a count, `counts[c][g]`. */
  readonly buffers: readonly (readonly AggBuffer[])[] | null;
  readonly counts: readonly Float64Array[] | null;
}

/** The counts of every group and call, or null unless every buffer is a count. */
function countsOf(buffers: readonly (readonly AggBuffer[])[], numGroups: number): Float64Array[] | null {
  if (numGroups === 0) return null;
  const calls = buffers[0]!.length;
  const counts = Array.from({ length: calls }, () => new Float64Array(numGroups));
  for (let g = 0; g < numGroups; g++) {
    const row = buffers[g]!;
    for (let c = 0; c < calls; c++) {
      const b = row[c]!;
      if (b.kind !== "count") return null;
      counts[c]![g] = b.n;
    }
  }
  return counts;
}

export function encodePartial(p: PartialGroups & { readonly dropped: number }, opts: EncodeOptions): WirePartial {
  const keys = p.keys.map((k) => encodeVec(k, opts));
  const counts = p.counts ?? countsOf(p.buffers, p.numGroups);
  if (counts === null) return { keys, numGroups: p.numGroups, dropped: p.dropped, buffers: p.buffers, counts: null };
  // Moved when the sender owns them (a worker's result), else copied, as every typed column is.
  return { keys, numGroups: p.numGroups, dropped: p.dropped, buffers: null, counts: counts.map((c) => ownable(c, opts)!) };
}

/** The partial again; counts stay typed (the state merge reads them in place, see AggregateState.mergePartial). */
export function decodePartial(w: WirePartial): PartialGroups & { readonly dropped: number } {
  const keys = w.keys.map(decodeVec);
  if (w.counts === null) return { keys, numGroups: w.numGroups, buffers: w.buffers ?? [], dropped: w.dropped };
  return { keys, numGroups: w.numGroups, buffers: [], counts: w.counts, dropped: w.dropped };
}

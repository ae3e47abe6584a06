/**
 * The partial aggregate of a streaming `groupBy(window(t, …), keys…)` slice without a `window`
 * column per row: the rows under the window node go straight to the one-pass window grouping
 * (physical/kernels/window-group-ids.ts), late rows are dropped by group (a window's rows are all
 * late together: Spark compares the window's end with the watermark), and window structs are
 * built once per group. Gives exactly what the plain chain (Expand, then partialOfRows) gives:
 * same groups in the same order, same buffers, same count of dropped rows.
 *
 * ```ts
 * const p = windowedPartial(agg, win, rowsUnderWindow, ctx, lateWatermarkMs); // null: use the plain path
 * ```
 */
import { evaluate, ordinalsOf } from "../physical/eval/evaluate.js";
import type { ExecContext } from "../physical/exec-context.js";
import { keyLanes } from "../physical/kernels/key-lanes.js";
import { partialAggregateGrouped, type PartialGroups } from "../physical/kernels/partial-aggregate.js";
import { takeVector } from "../physical/kernels/take.js";
import { windowGroupIds } from "../physical/kernels/window-group-ids.js";
import type { Batch, Vec } from "../physical/vector.js";
import { argsToEvaluate } from "../physical/kernels/hash-aggregate.js";
import { windowColumn, windowIsFusable, type WindowPlan } from "../physical/windowed-aggregate-exec.js";
import type { AggregateSpec } from "./partition-task.js";

/**
 * The slice's partial aggregate, or null when the fused path does not apply (a key without a
 * typed-lane form, an event-time key other than the window, times beyond ±2^53 µs).
 */
export function windowedPartial(agg: AggregateSpec, win: WindowPlan, rows: Batch, ctx: ExecContext, lateWatermarkMs: number): (PartialGroups & { readonly dropped: number }) | null {
  if (!windowIsFusable(agg.groupExprs, agg.aggCalls, win)) return null;
  const windowId = win.output[win.output.length - 1]!.exprId;
  const isWindow = agg.groupExprs.map((e) => e.kind === "attr" && e.exprId === windowId);
  const late = agg.eventTimeKey;
  if (late !== null && !(late.isWindow && isWindow[late.index] === true)) return null;
  const ords = ordinalsOf(win.child.output);
  const keys = agg.groupExprs.map((e, i) => (isWindow[i] ? null : evaluate(e, rows, ords, ctx)));
  const lanes = keyLanes(keys.filter((k): k is Vec => k !== null), rows.numRows);
  if (lanes === null) return null;
  const g = windowGroupIds(evaluate(win.timeExpr, rows, ords, ctx), win, lanes);
  if (g === null) return null;

  // Late groups: a window ending at or before the late-events watermark (all its rows are late).
  let ids = g.ids;
  let outRows = g.rows;
  let numGroups = g.numGroups;
  let groupInput = g.inputRow;
  let windows = g.windowNumber;
  let dropped = 0;
  if (late !== null) {
    const lateMicros = lateWatermarkMs * 1000;
    const newId = new Int32Array(numGroups);
    let kept = 0;
    for (let k = 0; k < numGroups; k++) {
      const end = windows[k]! * win.slideMicros + win.startMicros + win.windowMicros;
      newId[k] = end <= lateMicros ? -1 : kept++;
    }
    if (kept < numGroups) {
      const m = ids.length;
      const keptIds = new Int32Array(m);
      const keptRows = new Int32Array(m);
      let j = 0;
      for (let r = 0; r < m; r++) {
        const to = newId[ids[r]!]!;
        if (to < 0) continue;
        keptIds[j] = to;
        keptRows[j] = outRows === null ? r : outRows[r]!;
        j++;
      }
      dropped = m - j;
      ids = keptIds.subarray(0, j);
      outRows = keptRows.subarray(0, j);
      const keptInput = new Int32Array(kept);
      const keptWindows = new Float64Array(kept);
      for (let k = 0; k < numGroups; k++) {
        if (newId[k]! < 0) continue;
        keptInput[newId[k]!] = groupInput[k]!;
        keptWindows[newId[k]!] = windows[k]!;
      }
      groupInput = keptInput;
      windows = keptWindows;
      numGroups = kept;
    }
  }

  const n = ids.length;
  const gather = (v: Vec): Vec => (outRows === null ? v : takeVector(v, outRows));
  const args = agg.aggCalls.map((call) => argsToEvaluate(call).map((a) => gather(evaluate(a, rows, ords, ctx))));
  const groupKeys = keys.map((k) => (k === null ? windowColumn(win, windows, numGroups) : takeVector(k, groupInput)));
  if (n === 0) return { keys: groupKeys, numGroups: 0, buffers: [], dropped };
  return { ...partialAggregateGrouped({ ids, numGroups }, groupKeys, args, agg.aggCalls, n), dropped };
}

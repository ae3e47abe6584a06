/**
 * `groupBy(window(ts, …), keys…).agg(…)` without a `window` column per row. The plain plan
 * (Aggregate over TimeWindow/Expand) builds a struct value [start, end] of two BigInts for every
 * expanded row and then hashes it; here one pass (kernels/window-group-ids.ts) gives each
 * expanded row its group from the window number and the keys' typed-array lanes, and struct
 * values are built once per group. Same groups, same order (first appearance in the expanded rows, latest
 * window first per row, as the Expand gives), same aggregates: only the representation differs.
 *
 * ```ts
 * const out = windowedAggregate(plan, input, ctx); // null: the plan is not of that shape
 * ```
 */
import { attrIdsOf, type Expr } from "../expr/expression.js";
import { schemaOf } from "../logical/analyzer.js";
import type { AggCall, ResolvedPlan } from "../logical/plan.js";
import { evaluate, ordinalsOf } from "./eval/evaluate.js";
import type { ExecContext } from "./exec-context.js";
import { aggregateGroups, argsToEvaluate } from "./kernels/hash-aggregate.js";
import { keyLanes } from "./kernels/key-lanes.js";
import { takeVector } from "./kernels/take.js";
import { windowValue } from "./kernels/window-expand.js";
import { windowGroupIds } from "./kernels/window-group-ids.js";
import { longsFromDoubles, type Batch, type Vec } from "./vector.js";
import { columnarStructVec } from "./columnar-struct.js";

type AggregatePlan = Extract<ResolvedPlan, { kind: "aggregate" }>;
export type WindowPlan = Extract<ResolvedPlan, { kind: "windowExpand" }>;

/** The window node under `plan` when the fused path applies to it, else null. */
export function fusableWindow(plan: AggregatePlan): WindowPlan | null {
  const child = plan.child;
  if (child.kind !== "windowExpand" || plan.sessionWindow !== undefined) return null;
  return windowIsFusable(plan.groupExprs, plan.aggCalls, child) ? child : null;
}

/**
 * True when an aggregation over the window node `win` can skip the window column: the window is a
 * key only as itself (not `window.start`), and no other key or aggregate reads it.
 */
export function windowIsFusable(groupExprs: readonly Expr[], aggCalls: readonly AggCall[], win: WindowPlan): boolean {
  const windowId = win.output[win.output.length - 1]!.exprId;
  const readsWindow = (e: Expr): boolean => attrIdsOf(e).has(windowId);
  const isWindow = (e: Expr): boolean => e.kind === "attr" && e.exprId === windowId;
  if (!groupExprs.some(isWindow)) return false;
  if (groupExprs.some((e) => !isWindow(e) && readsWindow(e))) return false;
  return !aggCalls.some((c) => c.args.some(readsWindow));
}

/**
 * The `window` struct column of some groups, from their window numbers: start and end as typed
 * fields (columnar-struct.ts), so the state merge and the thread hand-off read them without a row
 * array per group; rows are made only if something reads `values`. Start and end are computed in
 * doubles while exact, as windowValue does, with its exact BigInt path beyond.
 */
export function windowColumn(win: WindowPlan, numbers: Float64Array, count: number): Vec {
  const startsD = new Float64Array(count);
  const endsD = new Float64Array(count);
  let exact = true;
  for (let i = 0; i < count; i++) {
    const product = numbers[i]! * win.slideMicros;
    const start = product + win.startMicros;
    const end = start + win.windowMicros;
    startsD[i] = start;
    endsD[i] = end;
    if (!(Number.isSafeInteger(product) && Number.isSafeInteger(start) && Number.isSafeInteger(end))) exact = false;
  }
  let starts: BigInt64Array;
  let ends: BigInt64Array;
  if (exact) {
    starts = longsFromDoubles(startsD);
    ends = longsFromDoubles(endsD);
  } else {
    starts = new BigInt64Array(count);
    ends = new BigInt64Array(count);
    for (let i = 0; i < count; i++) [starts[i], ends[i]] = windowValue(numbers[i]!, win.windowMicros, win.slideMicros, win.startMicros);
  }
  return columnarStructVec(win.output[win.output.length - 1]!.dataType, [starts, ends], [null, null], null);
}

/**
 * Runs `plan` (an aggregate over the window node `win`) on `input`, the rows under the window
 * node. Returns null when a key has no typed-lane form (e.g. a string key) or a time is beyond
 * what a double holds exactly: use the plain path.
 */
export function windowedAggregate(plan: AggregatePlan, win: WindowPlan, input: Batch, ctx: ExecContext): Batch | null {
  const ords = ordinalsOf(win.child.output);
  const windowId = win.output[win.output.length - 1]!.exprId;
  const isWindow = (e: Expr): boolean => e.kind === "attr" && e.exprId === windowId;
  const keys = plan.groupExprs.map((e) => (isWindow(e) ? null : evaluate(e, input, ords, ctx)));
  const lanes = keyLanes(keys.filter((k): k is Vec => k !== null), input.numRows);
  if (lanes === null) return null;
  const time = evaluate(win.timeExpr, input, ords, ctx);
  // count(*) alone (the common windowed count) reads the kernel's per-group row counts: no ids.
  const countsOnly = plan.aggCalls.every((c) => c.name === "count" && !c.distinct && argsToEvaluate(c).length === 0);
  const g = windowGroupIds(time, win, lanes, !countsOnly);
  if (g === null) return null;
  const rows = g.rows;
  const gather = (v: Vec): Vec => (rows === null ? v : takeVector(v, rows));
  // A grouped aggregate over no rows has no groups.
  const numGroups = g.numRows === 0 ? 0 : g.numGroups;
  let aggs: Vec[];
  if (countsOnly) {
    const counts = longsFromDoubles(g.rowCount.subarray(0, numGroups));
    aggs = plan.aggCalls.map((call) => ({ type: call.dataType, length: numGroups, values: counts.slice(), valid: null }));
  } else {
    const grouping = { ids: g.ids, numGroups, firstRow: g.firstRow.subarray(0, numGroups) };
    const args = plan.aggCalls.map((call) => ({ call, args: argsToEvaluate(call).map((a) => gather(evaluate(a, input, ords, ctx))) }));
    aggs = aggregateGroups(grouping, args, ctx);
  }
  const groupInputRows = g.inputRow.subarray(0, numGroups);
  const keyCols = keys.map((k) => (k !== null ? takeVector(k, groupInputRows) : windowColumn(win, g.windowNumber, numGroups)));
  const mid: Batch = { schema: schemaOf(plan.aggOutput), numRows: numGroups, columns: [...keyCols, ...aggs] };
  const midOrds = ordinalsOf(plan.aggOutput);
  return { schema: schemaOf(plan.output), numRows: numGroups, columns: plan.resultExprs.map((e) => evaluate(e, mid, midOrds, ctx)) };
}

/**
 * Runs a resolved plan. Each operator is a short shell over its kernel: it pulls its children's
 * batches, calls the kernel, and returns batches. Batch queries materialise each operator's
 * output (the inputs are bounded); streaming reuses the same kernels batch by batch.
 *
 * ```ts
 * const batches = execute(analyze(plan, conf), ctx);
 * ```
 */
import { AnalysisError, InternalError } from "../common/errors.js";
import { schemaOf } from "../logical/analyzer.js";
import type { ResolvedPlan } from "../logical/plan.js";
import { evaluate, ordinalsOf } from "./eval/evaluate.js";
import { evaluateProjection } from "./eval/project.js";
import type { ExecContext } from "./exec-context.js";
import { aggregateGroups, argsToEvaluate } from "./kernels/hash-aggregate.js";
import { groupIds } from "./kernels/group-ids.js";
import { hashJoin } from "./kernels/hash-join.js";
import { sortIndices } from "./kernels/sort.js";
import { concatBatches, maskToIndices, sliceBatch, takeBatch, takeVector } from "./kernels/take.js";
import { expandWindows, windowValue } from "./kernels/window-expand.js";
import { withSessionWindow } from "./session-window-exec.js";
import { fusableWindow, windowedAggregate } from "./windowed-aggregate-exec.js";
import { readFileSource } from "./sources/file-source.js";
import { vectorFromValues, type Batch, type Vec } from "./vector.js";

/** Rows per batch produced by sources. */
export const BATCH_ROWS = 65536;

/** Executes a resolved plan and returns its output batches. */
export function execute(plan: ResolvedPlan, ctx: ExecContext): Batch[] {
  const schema = schemaOf(plan.output);
  const withSchema = (bs: Batch[]): Batch[] => bs.map((b) => ({ ...b, schema }));
  switch (plan.kind) {
    case "localRelation": return withSchema([...plan.batches]);
    case "range": return rangeBatches(plan.start, plan.end, plan.step, schema);
    case "fileScan": return readFileSource(plan.format, plan.paths, plan.schema, plan.options, ctx);
    case "project": {
      const ords = ordinalsOf(plan.child.output);
      return execute(plan.child, ctx).map((b) => ({ schema, numRows: b.numRows, columns: evaluateProjection(plan.exprs, b, ords, ctx) }));
    }
    case "filter": {
      const ords = ordinalsOf(plan.child.output);
      return execute(plan.child, ctx).map((b) => takeBatch(b, maskToIndices(evaluate(plan.condition, b, ords, ctx))));
    }
    case "withWatermark": return execute(plan.child, ctx);
    case "limit": {
      const out: Batch[] = [];
      let left = plan.n;
      for (const b of execute(plan.child, ctx)) {
        if (left <= 0) break;
        const s = b.numRows <= left ? b : sliceBatch(b, 0, left);
        out.push(s); left -= s.numRows;
      }
      return out;
    }
    case "union": return withSchema(plan.children.flatMap((c) => execute(c, ctx)));
    case "sort": {
      const input = concatBatches(execute(plan.child, ctx), schema);
      if (input.numRows === 0) return [input];
      const ords = ordinalsOf(plan.child.output);
      const specs = plan.keys.map((k) => ({ vec: evaluate(k.expr, input, ords, ctx), ascending: k.ascending, nullsFirst: k.nullsFirst }));
      return [takeBatch(input, sortIndices(specs, input.numRows))];
    }
    case "distinct": {
      if (plan.withinWatermark === true) {
        // Spark: UnsupportedOperationChecker.checkForBatch refuses it when the query runs.
        throw new AnalysisError("dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets;", {
          hint: "use dropDuplicates(subset) on a batch DataFrame; dropDuplicatesWithinWatermark is for streaming DataFrames with a watermark",
        });
      }
      const input = concatBatches(execute(plan.child, ctx), schema);
      const g = groupIds(plan.keyIndices.map((i) => input.columns[i]!), input.numRows);
      if (input.numRows === 0) return [input];
      return [takeBatch(input, g.firstRow)];
    }
    case "windowExpand": {
      const ords = ordinalsOf(plan.child.output);
      return execute(plan.child, ctx).map((b) => {
        const time = evaluate(plan.timeExpr, b, ords, ctx);
        const w = expandWindows(time, plan.windowMicros, plan.slideMicros, plan.startMicros);
        const taken = w.identity ? b : takeBatch(b, w.rows);
        const windows = new Array<unknown>(w.rows.length);
        const exact = w.exactStarts;
        for (let i = 0; i < w.rows.length; i++) {
          windows[i] = exact === undefined ? windowValue(w.numbers[i]!, plan.windowMicros, plan.slideMicros, plan.startMicros) : [exact[i]!, exact[i]! + BigInt(plan.windowMicros)];
        }
        const wtype = plan.output[plan.output.length - 1]!.dataType;
        return { schema, numRows: w.rows.length, columns: [...taken.columns, vectorFromValues(wtype, windows)] };
      });
    }
    case "aggregate": {
      const win = fusableWindow(plan);
      if (win !== null) {
        const rows = concatBatches(execute(win.child, ctx), schemaOf(win.child.output));
        const fused = windowedAggregate(plan, win, rows, ctx);
        if (fused !== null) return [fused];
      }
      const childSchema = schemaOf(plan.child.output);
      let input = concatBatches(execute(plan.child, ctx), childSchema);
      let ords = ordinalsOf(plan.child.output);
      if (plan.sessionWindow !== undefined) ({ input, ords } = withSessionWindow(plan.sessionWindow, plan.groupExprs, input, ords, ctx));
      const keys = plan.groupExprs.map((e) => evaluate(e, input, ords, ctx));
      const g = groupIds(keys, input.numRows);
      // A grouped aggregate over no rows has no groups; a global one has one row.
      const numGroups = plan.groupExprs.length > 0 && input.numRows === 0 ? 0 : g.numGroups;
      const grouping = { ...g, numGroups };
      const aggs = aggregateGroups(grouping, plan.aggCalls.map((call) => ({ call, args: argsToEvaluate(call).map((a) => evaluate(a, input, ords, ctx)) })), ctx);
      const keyCols = keys.map((k) => takeVector(k, g.firstRow.subarray(0, numGroups)));
      const mid: Batch = { schema: schemaOf(plan.aggOutput), numRows: numGroups, columns: [...keyCols, ...aggs] };
      const midOrds = ordinalsOf(plan.aggOutput);
      return [{ schema, numRows: numGroups, columns: plan.resultExprs.map((e) => evaluate(e, mid, midOrds, ctx)) }];
    }
    case "join": {
      const ls = schemaOf(plan.left.output); const rs = schemaOf(plan.right.output);
      const left = concatBatches(execute(plan.left, ctx), ls);
      const right = concatBatches(execute(plan.right, ctx), rs);
      const lk = plan.leftKeys.map((e) => evaluate(e, left, ordinalsOf(plan.left.output), ctx));
      const rk = plan.rightKeys.map((e) => evaluate(e, right, ordinalsOf(plan.right.output), ctx));
      const both = [...plan.left.output, ...plan.right.output];
      const cond = plan.condition;
      const accept = cond === null ? null : (li: Int32Array, ri: Int32Array): Uint8Array => {
        const pair: Batch = { schema: schemaOf(both), numRows: li.length, columns: [...takeBatch(left, li).columns, ...takeBatch(right, ri).columns] };
        const v = evaluate(cond, pair, ordinalsOf(both), ctx);
        const ok = new Uint8Array(li.length);
        const vals = v.values as Uint8Array;
        for (let i = 0; i < li.length; i++) ok[i] = vals[i] === 1 && (v.valid === null || v.valid[i] === 1) ? 1 : 0;
        return ok;
      };
      const pairs = hashJoin(lk, rk, plan.nullSafe, plan.joinType, left.numRows, right.numRows, accept);
      const cols: Vec[] = takeBatch(left, pairs.left).columns.slice();
      if (plan.joinType !== "left_semi" && plan.joinType !== "left_anti") cols.push(...takeBatch(right, pairs.right).columns);
      return [{ schema, numRows: pairs.left.length, columns: cols }];
    }
  }
  throw new InternalError(`no executor for plan ${(plan as { kind: string }).kind}`);
}

function rangeBatches(start: bigint, end: bigint, step: bigint, schema: Batch["schema"]): Batch[] {
  const count = step > 0n ? (end > start ? (end - start + step - 1n) / step : 0n) : (start > end ? (start - end - step - 1n) / -step : 0n);
  const total = Number(count);
  const out: Batch[] = [];
  for (let off = 0; off < total || (total === 0 && out.length === 0); off += BATCH_ROWS) {
    const n = Math.min(BATCH_ROWS, total - off);
    const vals = new BigInt64Array(Math.max(n, 0));
    for (let i = 0; i < n; i++) vals[i] = start + BigInt(off + i) * step;
    out.push({ schema, numRows: Math.max(n, 0), columns: [{ type: { kind: "long" }, length: Math.max(n, 0), values: vals, valid: null }] });
    if (total === 0) break;
  }
  return out;
}

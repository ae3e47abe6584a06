/**
 * Evaluates a projection's expressions over a batch, in order, running the byte-level fused kernel
 * for the `split(CAST(value AS STRING), sep)[i]` columns it recognises (fused-split-cast.ts) and
 * the general evaluator for the rest. Errors surface in the order the plain evaluation would raise them,
 * naming the Kafka record they came from when the input is a Kafka source's batch (record-location.ts).
 *
 * ```ts
 * const columns = evaluateProjection(plan.exprs, batch, ordinalsOf(plan.child.output), ctx);
 * ```
 */
import type { Expr } from "../../expr/expression.js";
import type { ExecContext } from "../exec-context.js";
import type { Batch, Vec } from "../vector.js";
import { evaluate, type Ordinals } from "./evaluate.js";
import { withRecordLocation } from "./record-location.js";
import { evaluateSplitGroup, findSplitGroups, type FusedColumn, type SplitGroup } from "./fused-split-cast.js";

/** Fused groups per expression list: plans are immutable, so the analysis is done once per list. */
const GROUPS = new WeakMap<readonly Expr[], SplitGroup[]>();

/** The projected columns of `batch`, one per expression. */
export function evaluateProjection(exprs: readonly Expr[], batch: Batch, ordinals: Ordinals, ctx: ExecContext): Vec[] {
  try {
    return project(exprs, batch, ordinals, ctx);
  } catch (error) {
    throw withRecordLocation(error, batch);
  }
}

function project(exprs: readonly Expr[], batch: Batch, ordinals: Ordinals, ctx: ExecContext): Vec[] {
  let groups = GROUPS.get(exprs);
  if (groups === undefined) {
    groups = findSplitGroups(exprs);
    GROUPS.set(exprs, groups);
  }
  if (groups.length === 0) return exprs.map((e) => evaluate(e, batch, ordinals, ctx));
  const groupOf = new Map<number, SplitGroup>();
  for (const g of groups) for (const f of g.fields) groupOf.set(f.exprIndex, g);
  const done = new Map<SplitGroup, Map<number, FusedColumn>>();
  return exprs.map((e, i) => {
    const g = groupOf.get(i);
    const ordinal = g === undefined ? undefined : ordinals.get(g.sourceExprId);
    if (g === undefined || ordinal === undefined) return evaluate(e, batch, ordinals, ctx);
    let cols = done.get(g);
    if (cols === undefined) {
      cols = evaluateSplitGroup(g, batch, ordinal, ctx);
      done.set(g, cols);
    }
    const c = cols.get(i)!;
    if (c.error !== null) throw c.error;
    return c.vec;
  });
}

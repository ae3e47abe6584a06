/**
 * What a comparison must know of a query's result besides its rows: whether its order is part of
 * the answer (an ORDER BY on top), and, for an update-mode stream, which columns are the key that
 * later rows replace earlier ones by (the grouping columns of the aggregation on top).
 *
 * ```ts
 * resultShape(df.resolved()); // { ordered: false, keyColumns: [0, 1] } for groupBy(window, vendor).count()
 * ```
 */
import type { Expr } from "../../expr/expression.js";
import type { ResolvedPlan } from "../../logical/plan.js";

export interface ResultShape {
  /** The result's order is specified (a sort on top, under projections and limits). */
  readonly ordered: boolean;
  /** Positions of the grouping columns in the output, or null when the top is not an aggregation. */
  readonly keyColumns: readonly number[] | null;
}

function strip(e: Expr): Expr {
  return e.kind === "alias" ? strip(e.child) : e;
}

function isOrdered(p: ResolvedPlan): boolean {
  switch (p.kind) {
    case "sort":
      return true;
    case "project":
    case "limit":
    case "filter":
    case "withWatermark":
      return isOrdered(p.child);
    default:
      return false;
  }
}

/** The expression ids of the output columns that are grouping keys of the aggregation on top. */
function keyIds(p: ResolvedPlan): Set<number> | null {
  switch (p.kind) {
    case "aggregate": {
      const groupIds = new Set(p.aggOutput.slice(0, p.groupExprs.length).map((a) => a.exprId));
      const out = new Set<number>();
      p.resultExprs.forEach((e, i) => {
        const x = strip(e);
        if (x.kind === "attr" && groupIds.has(x.exprId)) out.add(p.output[i]!.exprId);
      });
      return out;
    }
    case "project": {
      const inner = keyIds(p.child);
      if (inner === null) return null;
      const out = new Set<number>();
      p.exprs.forEach((e, i) => {
        const x = strip(e);
        if (x.kind === "attr" && inner.has(x.exprId)) out.add(p.output[i]!.exprId);
      });
      return out;
    }
    case "filter":
    case "sort":
    case "limit":
    case "withWatermark":
      return keyIds(p.child);
    default:
      return null;
  }
}

/**
 * The shape of a resolved plan's result.
 *
 * @example resultShape(spark.range(3).orderBy("id").resolved()).ordered // true
 */
export function resultShape(plan: ResolvedPlan): ResultShape {
  const ids = keyIds(plan);
  const keyColumns = ids === null ? null : plan.output.flatMap((a, i) => (ids.has(a.exprId) ? [i] : []));
  return { ordered: isOrdered(plan), keyColumns };
}

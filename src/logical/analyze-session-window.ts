/**
 * A groupBy over `session_window(time, gap)` (Spark's SessionWindowing + MergingSessionsExec):
 * finds the one session window among the grouping keys and describes it for the executor, which
 * adds the merged `session_window` column to the aggregate's input (physical/session-window-exec.ts).
 * Spark allows one session window per aggregate and none alongside a time window.
 *
 * ```ts
 * const s = sessionWindowKey(groupBy, groups);
 * s?.spec.attr.name; // "session_window"
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import type { Expr } from "../expr/expression.js";
import { attrFor } from "./analyzer.js";
import type { SessionWindowSpec } from "./plan.js";
import type { Typed } from "./resolve-expr.js";

const isSession = (e: Expr): boolean => e.kind === "fn" && e.name === "session_window";
const unalias = (e: Expr): Expr => (e.kind === "alias" ? e.child : e);

/** The index of the session window key among the grouping keys and its spec, or null when there is none. */
export function sessionWindowKey(groupBy: readonly Expr[], groups: readonly Typed[]): { index: number; spec: SessionWindowSpec } | null {
  const found = groupBy.map((g, i) => i).filter((i) => isSession(unalias(groupBy[i]!)));
  if (found.length === 0) return null;
  if (found.length > 1 || groupBy.some((g) => unalias(g).kind === "window")) {
    throw new AnalysisError("Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.", {
      hint: "Group by a single session_window(...) and no window(...).",
    });
  }
  const i = found[0]!;
  const resolved = groups[i]!;
  const call = resolved.expr as Extract<Expr, { kind: "fn" }>;
  const name = groupBy[i]!.kind === "alias" ? (groupBy[i] as { name: string }).name : "session_window";
  return { index: i, spec: { attr: attrFor(name, resolved.dataType, false), timeExpr: call.args[0]!, gapExpr: call.args[1]! } };
}

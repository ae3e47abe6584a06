/**
 * The session-window step of a batch aggregate grouped by `session_window(...)`: evaluates the
 * event time, the gap and the other grouping keys over the aggregate's input, keeps the rows that
 * open a session and appends their merged `session_window` column (see kernels/session-merge.ts),
 * so the ordinary hash aggregation then groups by it like any struct key.
 *
 * ```ts
 * ({ input, ords } = withSessionWindow(plan.sessionWindow, plan.groupExprs, input, ords, ctx));
 * ```
 */
import { parseIntervalMicros } from "../expr/interval.js";
import type { SessionWindowSpec } from "../logical/plan.js";
import type { Expr } from "../expr/expression.js";
import { StructField, StructType } from "../types/data-types.js";
import { evaluate, type Ordinals } from "./eval/evaluate.js";
import type { ExecContext } from "./exec-context.js";
import { mergeSessions } from "./kernels/session-merge.js";
import { takeBatch } from "./kernels/take.js";
import { getValue, vectorFromValues, type Batch } from "./vector.js";

/** A gap's text in microseconds, or null when it is not a valid interval (Spark's cast gives null). */
function gapMicros(text: string, cache: Map<string, bigint | null>): bigint | null {
  let v = cache.get(text);
  if (v !== undefined) return v;
  try { v = BigInt(parseIntervalMicros(text, "session window gap")); } catch { v = null; }
  cache.set(text, v);
  return v;
}

/** `input` reduced to the rows in a session, with the merged session column appended. */
export function withSessionWindow(spec: SessionWindowSpec, groupExprs: readonly Expr[], input: Batch, ords: Ordinals, ctx: ExecContext): { input: Batch; ords: Ordinals } {
  const n = input.numRows;
  const time = evaluate(spec.timeExpr, input, ords, ctx);
  const gapVec = evaluate(spec.gapExpr, input, ords, ctx);
  const cache = new Map<string, bigint | null>();
  const gap = (i: number): bigint | null => {
    const g = getValue(gapVec, i);
    return g === null ? null : gapMicros(String(g), cache);
  };
  const others = groupExprs.filter((e) => !(e.kind === "attr" && e.exprId === spec.attr.exprId)).map((e) => evaluate(e, input, ords, ctx));
  const merged = mergeSessions(time, gap, others, n);
  const kept = takeBatch(input, merged.rows);
  const field = StructField(spec.attr.name, spec.attr.dataType, spec.attr.nullable);
  const out: Batch = {
    schema: StructType([...input.schema.fields, field]),
    numRows: merged.rows.length,
    columns: [...kept.columns, vectorFromValues(spec.attr.dataType, merged.sessions)],
  };
  const outOrds = new Map(ords);
  outOrds.set(spec.attr.exprId, input.columns.length);
  return { input: out, ords: outOrds };
}

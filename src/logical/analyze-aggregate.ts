/**
 * Resolves an aggregation (Spark's `Aggregate(groupingExprs, aggregateExprs, child)`): grouping
 * keys, the aggregate calls found in the select list, and the final expressions over
 * `[keys..., aggregates...]`. A non-aggregated column that is not a grouping key raises
 * MISSING_AGGREGATION as in Spark.
 *
 * ```ts
 * // groupBy("k").agg(sum("v") + 1) -> groupExprs [k], aggCalls [sum(v)], resultExprs [k, agg0 + 1]
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import { exists, mapChildren, type Expr } from "../expr/expression.js";
import { exprName } from "../expr/expr-name.js";
import { ArrayType, DoubleType, LongType, isIntegral, isNumeric, sqlTypeName, type DataType } from "../types/data-types.js";
import { boundedDecimal } from "../expr/type-rules.js";
import { attrFor, bigintSafe, outputAttr, withWindowExpansion } from "./analyzer.js";
import type { AggCall, Attribute, ResolvedPlan } from "./plan.js";
import { attrRef, castTo, resolveExpr, typedExprName, type AnalysisContext, type Typed } from "./resolve-expr.js";
import { sessionWindowKey } from "./analyze-session-window.js";

/** Result type and nullability of an aggregate over an argument type (each Spark AggregateFunction's dataType). */
export function aggResultType(name: AggCall["name"], arg: Typed | undefined): { dataType: DataType; nullable: boolean; argCast: DataType | null } {
  const t = arg?.dataType ?? LongType();
  const bad = (req: string): AnalysisError => new AnalysisError(
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(...)" due to data type mismatch: The first parameter requires the ${req} type, however it has the type "${sqlTypeName(t)}". SQLSTATE: 42K09`,
    { hint: "Cast the column to a numeric type first." },
  );
  switch (name) {
    case "count": return { dataType: LongType(), nullable: false, argCast: null };
    case "sum":
      if (t.kind === "decimal") return { dataType: boundedDecimal(t.precision + 10, t.scale), nullable: true, argCast: null };
      if (isIntegral(t)) return { dataType: LongType(), nullable: true, argCast: LongType() };
      if (isNumeric(t) || t.kind === "null" || t.kind === "string") return { dataType: DoubleType(), nullable: true, argCast: DoubleType() };
      throw bad('"NUMERIC" or "ANSI INTERVAL"');
    case "avg":
      if (t.kind === "decimal") return { dataType: boundedDecimal(t.precision + 4, t.scale + 4), nullable: true, argCast: null };
      if (isNumeric(t) || t.kind === "null" || t.kind === "string") return { dataType: DoubleType(), nullable: true, argCast: DoubleType() };
      throw bad('"NUMERIC" or "ANSI INTERVAL"');
    case "min": case "max": case "first": case "last":
      return { dataType: t, nullable: true, argCast: null };
    case "collect_list": case "collect_set":
      return { dataType: ArrayType(t, false), nullable: false, argCast: null };
    case "approx_count_distinct":
      return { dataType: LongType(), nullable: false, argCast: null };
  }
}

const key = (e: Expr): string => JSON.stringify(e, bigintSafe);

/** Builds the resolved aggregate node. `aggs` is the full select list (keys included). */
export function resolveAggregate(child0: ResolvedPlan, groupBy: readonly Expr[], aggs: readonly Expr[], ctx: AnalysisContext): ResolvedPlan {
  const { child, rewrite } = withWindowExpansion(child0, [...groupBy, ...aggs], ctx);
  const scope = child.output;
  const groups = groupBy.map((g) => resolveExpr(rewrite(g.kind === "alias" ? g.child : g), scope, ctx));
  const groupAttrs: Attribute[] = groupBy.map((g, i) => {
    const t = groups[i]!;
    return g.kind === "window" ? scope[scope.length - 1]! : outputAttr(g, t, scope, ctx);
  });
  const groupKeys = groups.map((g) => key(g.expr));
  const session = sessionWindowKey(groupBy, groups);
  const aggCalls: AggCall[] = [];
  const aggAttrs: Attribute[] = [];
  const aggKeys: string[] = [];

  const rewriteOut = (e: Expr): Expr => {
    if (e.kind === "alias") return { ...e, child: rewriteOut(e.child) };
    if (e.kind === "agg") {
      const args = e.args.map((a) => resolveExpr(rewrite(a), scope, ctx));
      if (e.name !== "count" && args.length !== 1 && !(e.name === "approx_count_distinct" && args.length === 2)) {
        throw new AnalysisError(`[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${e.name}\` requires 1 parameters but the actual number is ${args.length}. SQLSTATE: 42605`);
      }
      const rt = aggResultType(e.name, args[0]);
      const castArgs = args.map((a, i) => (rt.argCast === null || i > 0 ? a : castTo(a, rt.argCast)));
      if (e.name === "approx_count_distinct") checkRelativeSD(castArgs[1]?.expr);
      const call: AggCall = { name: e.name, args: castArgs.map((a) => a.expr), distinct: e.distinct, ignoreNulls: e.ignoreNulls === true, dataType: rt.dataType, nullable: rt.nullable };
      const k = key(call as unknown as Expr);
      let idx = aggKeys.indexOf(k);
      if (idx < 0) {
        idx = aggCalls.length;
        aggCalls.push(call);
        aggKeys.push(k);
        aggAttrs.push(attrFor(typedExprName(e, scope, ctx), rt.dataType, rt.nullable));
      }
      return attrRef(aggAttrs[idx]!).expr;
    }
    // Whole sub-expression equal to a grouping key -> that key's attribute.
    if (!containsAggOrWindow(e)) {
      let resolved: Typed | null = null;
      try { resolved = resolveExpr(rewrite(e), scope, ctx); } catch (err) { if (e.kind !== "col") throw err; throw err; }
      const gi = groupKeys.indexOf(key(resolved.expr));
      if (gi >= 0) return attrRef(groupAttrs[gi]!).expr;
      if (e.kind === "col" || e.kind === "attr") {
        throw new AnalysisError(
          `[MISSING_AGGREGATION] The non-aggregating expression "${exprName(e)}" is based on columns which are not participating in the GROUP BY clause. Add the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(${exprName(e)})" if you do not care which of the values within a group is returned. SQLSTATE: 42803`,
          { hint: `Add ${exprName(e)} to groupBy(...) or wrap it in an aggregate such as F.first(...).` },
        );
      }
      if (e.kind === "lit") return e;
    }
    if (e.kind === "window") {
      const gi = groupBy.findIndex((g) => g.kind === "window");
      if (gi >= 0) return attrRef(groupAttrs[gi]!).expr;
    }
    return mapChildren(e, rewriteOut);
  };

  const outScope = (): Attribute[] => [...groupAttrs, ...aggAttrs];
  const rewritten = aggs.map(rewriteOut);
  const resolvedOut = rewritten.map((e) => resolveExpr(e, outScope(), ctx));
  const output = aggs.map((orig, i) => {
    const t = resolvedOut[i]!;
    if (t.expr.kind === "attr" && orig.kind !== "alias") {
      const id = t.expr.exprId;
      const g = groupAttrs.find((a) => a.exprId === id);
      if (g !== undefined) return g;
      const a = aggAttrs.find((x) => x.exprId === id);
      if (a !== undefined) return attrFor(a.name, a.dataType, a.nullable);
    }
    if (orig.kind === "alias") return attrFor(orig.name, t.dataType, t.nullable);
    // Interval arithmetic over aggregates is named by its types (`max(ts) + INTERVAL '01' HOUR`).
    const typeOf = (x: Expr): DataType | null => {
      try { return resolveExpr(rewriteOut(x), outScope(), ctx).dataType; } catch { return null; }
    };
    const arith = exists(orig, (x) => x.kind === "binary" && (x.op === "+" || x.op === "-" || x.op === "*"));
    return attrFor(exprName(orig, ctx.timeZone, arith ? typeOf : undefined), t.dataType, t.nullable);
  });
  return {
    kind: "aggregate", output, child, aggCalls, aggOutput: outScope(), resultExprs: resolvedOut.map((r) => r.expr),
    groupExprs: groups.map((g, i) => (i === session?.index ? attrRef(session.spec.attr).expr : g.expr)),
    ...(session === null ? {} : { sessionWindow: session.spec }),
  };
}

function containsAggOrWindow(e: Expr): boolean {
  if (e.kind === "agg" || e.kind === "window") return true;
  let found = false;
  mapChildren(e, (c) => { if (containsAggOrWindow(c)) found = true; return c; });
  return found;
}

/** HyperLogLogPlusPlus needs a literal rsd giving at least 4 bits of precision (rsd <= 0.39). */
function checkRelativeSD(e: Expr | undefined): void {
  if (e === undefined) return;
  const v = e.kind === "lit" ? Number(e.dataType.kind === "decimal" ? Number(e.value as bigint) / 10 ** e.dataType.scale : e.value) : Number.NaN;
  if (!(Math.ceil((2 * Math.log(1.106 / v)) / Math.log(2)) >= 4)) {
    throw new AnalysisError("[FAILED_FUNCTION_CALL] Failed preparing of the function `approx_count_distinct` for call. Please, double check function's arguments. SQLSTATE: 38000", {
      context: { rsd: e.kind === "lit" ? String(e.value) : "not a literal" },
      hint: "Pass a literal rsd of at most 0.39 (HyperLogLog++ needs at least 4 bits of addressing).",
    });
  }
}

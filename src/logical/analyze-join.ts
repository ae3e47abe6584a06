/**
 * Resolves a join: `using` column lists (output: keys, then the other left columns, then the
 * other right columns; full outer joins coalesce the keys), or a condition split into equi-join
 * keys (for the hash join) and a residual predicate, as Spark's ExtractEquiJoinKeys does.
 *
 * ```ts
 * // a.join(b, "id", "left") -> join(keys a.id = b.id) + project(id, a.*, b.* without id)
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import { attrIdsOf, type Expr } from "../expr/expression.js";
import { commonType } from "../expr/type-rules.js";
import { sqlTypeName } from "../types/data-types.js";
import type { Attribute, JoinType, ResolvedPlan } from "./plan.js";
import { attrRef, castTo, lookupName, resolveExpr, type AnalysisContext } from "./resolve-expr.js";
import { attrFor } from "./analyzer.js";

function conjuncts(e: Expr): Expr[] {
  return e.kind === "binary" && e.op === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function nullableFor(joinType: JoinType, left: readonly Attribute[], right: readonly Attribute[]): Attribute[] {
  if (joinType === "left_semi" || joinType === "left_anti") return [...left];
  const l = joinType === "right" || joinType === "full" ? left.map((a) => ({ ...a, nullable: true })) : left;
  const r = joinType === "left" || joinType === "full" ? right.map((a) => ({ ...a, nullable: true })) : right;
  return [...l, ...r];
}

/** Builds the resolved join (and the projection a `using` join needs). */
export function resolveJoin(
  left: ResolvedPlan, right: ResolvedPlan, joinType: JoinType, on: Expr | null, using: readonly string[] | null, ctx: AnalysisContext,
): ResolvedPlan {
  const output = nullableFor(joinType, left.output, right.output);
  if (using !== null) {
    const leftKeys: Expr[] = []; const rightKeys: Expr[] = [];
    const lAttrs: Attribute[] = []; const rAttrs: Attribute[] = [];
    for (const name of using) {
      const l = lookupName(name, left.output, ctx);
      const r = lookupName(name, right.output, ctx);
      if (l.expr.kind !== "attr" || r.expr.kind !== "attr") throw new AnalysisError(`USING column \`${name}\` must be a top-level column on both sides.`);
      const t = commonType([l.dataType, r.dataType], ctx.ansi);
      if (t === null) throw new AnalysisError(`[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] USING column \`${name}\` has incompatible types "${sqlTypeName(l.dataType)}" and "${sqlTypeName(r.dataType)}".`, { hint: "Cast one side's column first." });
      leftKeys.push(castTo(l, t).expr); rightKeys.push(castTo(r, t).expr);
      lAttrs.push(left.output.find((a) => a.exprId === (l.expr as { exprId: number }).exprId)!);
      rAttrs.push(right.output.find((a) => a.exprId === (r.expr as { exprId: number }).exprId)!);
    }
    const join: ResolvedPlan = { kind: "join", output, left, right, joinType, leftKeys, rightKeys, nullSafe: using.map(() => false), condition: null };
    const outAttr = (a: Attribute): Attribute => output.find((o) => o.exprId === a.exprId) ?? a;
    const keyExprs: Expr[] = []; const keyOut: Attribute[] = [];
    lAttrs.forEach((la, i) => {
      const ra = rAttrs[i]!;
      if (joinType === "full") {
        const l = attrRef(outAttr(la)); const r = attrRef(outAttr(ra));
        const t = commonType([l.dataType, r.dataType], ctx.ansi)!;
        keyExprs.push({ kind: "fn", name: "coalesce", args: [castTo(l, t).expr, castTo(r, t).expr] });
        keyOut.push(attrFor(la.name, t, la.nullable && ra.nullable));
      } else if (joinType === "right") {
        keyExprs.push(attrRef(outAttr(ra)).expr); keyOut.push(outAttr(ra));
      } else {
        keyExprs.push(attrRef(outAttr(la)).expr); keyOut.push(outAttr(la));
      }
    });
    const leftRest = left.output.filter((a) => !lAttrs.some((k) => k.exprId === a.exprId)).map(outAttr);
    const rightRest = joinType === "left_semi" || joinType === "left_anti" ? [] : right.output.filter((a) => !rAttrs.some((k) => k.exprId === a.exprId)).map(outAttr);
    const rest = [...leftRest, ...rightRest];
    return {
      kind: "project", output: [...keyOut, ...rest], child: join,
      exprs: [...keyExprs, ...rest.map((a) => attrRef(a).expr)],
    };
  }
  if (on === null) {
    return { kind: "join", output, left, right, joinType: joinType === "inner" ? "cross" : joinType, leftKeys: [], rightKeys: [], nullSafe: [], condition: null };
  }
  const cond = resolveExpr(on, [...left.output, ...right.output], ctx);
  if (cond.dataType.kind !== "boolean") {
    throw new AnalysisError(`[DATATYPE_MISMATCH] The join condition has the invalid type "${sqlTypeName(cond.dataType)}", expected "BOOLEAN". SQLSTATE: 42K09`, { hint: "Join on a comparison such as a.col(\"id\").eq(b.col(\"id\"))." });
  }
  const lIds = new Set(left.output.map((a) => a.exprId));
  const rIds = new Set(right.output.map((a) => a.exprId));
  const within = (e: Expr, ids: Set<number>): boolean => { const r = attrIdsOf(e, new Set()); return r.size > 0 && [...r].every((x) => ids.has(x)); };
  const leftKeys: Expr[] = []; const rightKeys: Expr[] = []; const nullSafe: boolean[] = []; const residual: Expr[] = [];
  for (const c of conjuncts(cond.expr)) {
    if (c.kind === "binary" && (c.op === "=" || c.op === "<=>")) {
      if (within(c.left, lIds) && within(c.right, rIds)) { leftKeys.push(c.left); rightKeys.push(c.right); nullSafe.push(c.op === "<=>"); continue; }
      if (within(c.left, rIds) && within(c.right, lIds)) { leftKeys.push(c.right); rightKeys.push(c.left); nullSafe.push(c.op === "<=>"); continue; }
    }
    residual.push(c);
  }
  const condition = residual.length === 0 ? null : residual.reduce((a, b) => ({ kind: "binary", op: "and", left: a, right: b }));
  return { kind: "join", output, left, right, joinType, leftKeys, rightKeys, nullSafe, condition };
}

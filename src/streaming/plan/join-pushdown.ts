/**
 * What Spark's optimizer does to the inputs of a join of two streams, as far as the watermark can
 * see it: InferFiltersFromConstraints adds `isnotnull` for the columns the join condition's
 * null-intolerant conjuncts read (the equi-join keys among them), PushPredicateThroughJoin moves the
 * conjuncts over one side into that side, and PushPredicateThroughNonJoin takes such filters below
 * `withWatermark` when they do not read the event time. Rows they remove never reach the watermark:
 * they neither move it nor count as late (checked against PySpark 4.1.1). Which sides get filters
 * follows the join type: both for inner and left semi, the right side of a left outer join, the
 * left side of a right outer join, none for a full outer join.
 *
 * ```ts
 * const plan = pushJoinFilters(resolved); // filters inserted under the join's inputs
 * ```
 */
import { children as exprChildren, type Expr } from "../../expr/expression.js";
import type { ResolvedPlan } from "../../logical/plan.js";
import { streamingLeafOf } from "./streaming-leaf.js";

function kids(p: ResolvedPlan): readonly ResolvedPlan[] {
  switch (p.kind) {
    case "localRelation": case "range": case "fileScan": return [];
    case "join": return [p.left, p.right];
    case "union": return p.children;
    default: return [p.child];
  }
}

function withKids(p: ResolvedPlan, ks: readonly ResolvedPlan[]): ResolvedPlan {
  switch (p.kind) {
    case "localRelation": case "range": case "fileScan": return p;
    case "join": return { ...p, left: ks[0]!, right: ks[1]! };
    case "union": return { ...p, children: ks };
    default: return { ...p, child: ks[0]! } as ResolvedPlan;
  }
}

function isStreaming(p: ResolvedPlan): boolean {
  return streamingLeafOf(p) !== undefined || kids(p).some(isStreaming);
}

function refs(e: Expr, out: Set<number> = new Set()): Set<number> {
  if (e.kind === "attr") out.add(e.exprId);
  for (const c of exprChildren(e)) refs(c, out);
  return out;
}

function conjuncts(e: Expr | null): Expr[] {
  if (e === null) return [];
  return e.kind === "binary" && e.op === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/** Spark's scanNullIntolerantAttribute: the columns under null-intolerant expressions only. */
function nullIntolerantAttrs(e: Expr): Extract<Expr, { kind: "attr" }>[] {
  switch (e.kind) {
    case "attr": return [e];
    case "cast": return e.try === true ? [] : nullIntolerantAttrs(e.child);
    case "binary": return ["=", "<", "<=", ">", ">=", "+", "-", "*"].includes(e.op) ? [...nullIntolerantAttrs(e.left), ...nullIntolerantAttrs(e.right)] : [];
    case "unary": return e.op === "not" || e.op === "negate" ? nullIntolerantAttrs(e.child) : [];
    default: return [];
  }
}

function andAll(es: readonly Expr[]): Expr {
  return es.reduce((a, b) => ({ kind: "binary", op: "and", left: a, right: b }));
}

/** Puts each condition as deep under `p` as it can go (its columns exist there; not under the watermark of its own event time). */
function pushDown(p: ResolvedPlan, conds: readonly Expr[]): ResolvedPlan {
  if (conds.length === 0) return p;
  if (p.kind === "project" || p.kind === "filter" || p.kind === "windowExpand" || p.kind === "withWatermark") {
    const below = new Set(p.child.output.map((a) => a.exprId));
    const down = conds.filter((c) => [...refs(c)].every((id) => below.has(id)) && !(p.kind === "withWatermark" && refs(c).has(p.eventTime.exprId)));
    const up = conds.filter((c) => !down.includes(c));
    const node = down.length === 0 ? p : withKids(p, [pushDown(p.child, down)]);
    return up.length === 0 ? node : { kind: "filter", output: node.output, child: node, condition: andAll(up) };
  }
  return { kind: "filter", output: p.output, child: p, condition: andAll(conds) };
}

/** The side's filters: its own conjuncts of the condition, and `isnotnull` of its columns the condition needs non-null. */
function sideFilters(j: Extract<ResolvedPlan, { kind: "join" }>, side: ResolvedPlan): Expr[] {
  const ids = new Set(side.output.map((a) => a.exprId));
  const all = conjuncts(j.condition);
  const own = all.filter((c) => refs(c).size > 0 && [...refs(c)].every((id) => ids.has(id)));
  const equalities: Expr[] = j.leftKeys.flatMap((l, i) => (j.nullSafe[i] ? [] : [{ kind: "binary", op: "=", left: l, right: j.rightKeys[i]! } as Expr]));
  const seen = new Set<number>();
  const notNull: Expr[] = [];
  for (const c of [...equalities, ...all]) {
    for (const a of nullIntolerantAttrs(c)) {
      if (!ids.has(a.exprId) || seen.has(a.exprId) || !a.nullable) continue;
      seen.add(a.exprId);
      notNull.push({ kind: "unary", op: "isNotNull", child: a });
    }
  }
  return [...own, ...notNull];
}

/** The plan with the filters Spark's optimizer would give the inputs of each join of two streams. */
export function pushJoinFilters(plan: ResolvedPlan): ResolvedPlan {
  const before = kids(plan);
  const ks = before.map(pushJoinFilters);
  // Nodes stay the same objects where nothing changed below them.
  const p = ks.every((k, i) => k === before[i]) ? plan : withKids(plan, ks);
  if (p.kind !== "join" || !isStreaming(p.left) || !isStreaming(p.right)) return p;
  const t = p.joinType;
  const leftToo = t === "inner" || t === "cross" || t === "left_semi" || t === "right";
  const rightToo = t === "inner" || t === "cross" || t === "left_semi" || t === "left";
  return {
    ...p,
    left: leftToo ? pushDown(p.left, sideFilters(p, p.left)) : p.left,
    right: rightToo ? pushDown(p.right, sideFilters(p, p.right)) : p.right,
  };
}

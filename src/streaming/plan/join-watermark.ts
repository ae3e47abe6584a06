/**
 * Watermark reasoning for stream-stream joins, after Spark's StreamingJoinHelper (catalyst) and
 * StreamingSymmetricHashJoinHelper (sql/core, operators/stateful/join):
 *
 * - which output columns of a plan carry a watermark (Spark: the `spark.watermarkDelayMs` column
 *   metadata, set by withWatermark, copied by aliases and by window() over the column);
 * - the state watermarks: a key watermark when an equi-join key carries the watermark, otherwise
 *   a value watermark solved from a time-range condition such as `lt >= rt` or
 *   `CAST(lt AS LONG) <= CAST(rt AS LONG) + 3600` (numbers count as seconds, as in Spark), with the
 *   other side's event time replaced by the watermark; `rt + INTERVAL 1 HOUR` (time_add) and
 *   day-time INTERVAL literals are solved too, as Spark's TimeAdd and DayTimeIntervalType terms;
 * - UnsupportedOperationChecker's refusals for stream-stream joins, with Spark's messages.
 *
 * ```ts
 * const marks = watermarkCarriers(join.left);          // exprId -> isWindow
 * stateValueWatermark(leftIds, rightIds, rightMarks, join.condition, 60_000); // ms, or null
 * ```
 */
import { AnalysisError } from "../../common/errors.js";
import { attrIdsOf, type Expr } from "../../expr/expression.js";
import type { JoinType, ResolvedPlan } from "../../logical/plan.js";
import type { OutputMode } from "./output-mode.js";

/** exprId -> true when the column is a window struct (compared by its end), false for a timestamp. */
export type Carriers = ReadonlyMap<number, boolean>;

/** The output columns of `p` that carry a watermark. */
export function watermarkCarriers(p: ResolvedPlan): Carriers {
  const keep = (from: Carriers): Map<number, boolean> => new Map([...from].filter(([id]) => p.output.some((a) => a.exprId === id)));
  switch (p.kind) {
    case "localRelation": case "range": case "fileScan": return new Map();
    // EventTimeWatermark sets the metadata on its column and removes it from every other one.
    case "withWatermark": return new Map([[p.eventTime.exprId, false]]);
    case "windowExpand": {
      const below = watermarkCarriers(p.child);
      const out = keep(below);
      if (p.timeExpr.kind === "attr" && below.get(p.timeExpr.exprId) === false) out.set(p.output[p.output.length - 1]!.exprId, true);
      return out;
    }
    case "project": {
      const below = watermarkCarriers(p.child);
      const out = new Map<number, boolean>();
      p.exprs.forEach((e, i) => {
        let x = e;
        while (x.kind === "alias") x = x.child;
        if (x.kind === "attr" && below.has(x.exprId)) out.set(p.output[i]!.exprId, below.get(x.exprId)!);
      });
      return out;
    }
    case "aggregate": {
      const below = watermarkCarriers(p.child);
      const out = new Map<number, boolean>();
      p.resultExprs.forEach((e, i) => {
        let x = e;
        while (x.kind === "alias") x = x.child;
        const j = x.kind === "attr" ? p.aggOutput.findIndex((a) => a.exprId === x.exprId) : -1;
        const g = j >= 0 && j < p.groupExprs.length ? p.groupExprs[j]! : null;
        if (g !== null && g.kind === "attr" && below.has(g.exprId)) out.set(p.output[i]!.exprId, below.get(g.exprId)!);
      });
      return out;
    }
    case "join": return keep(new Map([...watermarkCarriers(p.left), ...watermarkCarriers(p.right)]));
    case "union": {
      const first = p.children[0];
      if (first === undefined) return new Map();
      const below = watermarkCarriers(first);
      return new Map(p.output.flatMap((a, i) => (below.has(first.output[i]!.exprId) ? [[a.exprId, below.get(first.output[i]!.exprId)!] as [number, boolean]] : [])));
    }
    default: return keep(watermarkCarriers(p.child));
  }
}

/**
 * The one event-time column of a join side (Spark: WatermarkSupport.findEventTimeColumn, which by
 * default refuses more than one), as its ordinal in the side's output; null when there is none.
 */
export function eventTimeColumn(side: ResolvedPlan, marks: Carriers): { ordinal: number; isWindow: boolean } | null {
  const found = side.output.flatMap((a, i) => (marks.has(a.exprId) ? [{ ordinal: i, isWindow: marks.get(a.exprId)!, name: a.name, id: a.exprId }] : []));
  if (new Set(found.map((f) => f.id)).size > 1) {
    throw new AnalysisError(`More than one event time columns are available. Please ensure there is at most one event time column per stream. event time columns: (${found.map((f) => f.name).join(",")})`, {
      hint: "keep one watermarked column (the event time or a window of it) on each side of a stream-stream join",
    });
  }
  const first = found[0];
  return first === undefined ? null : { ordinal: first.ordinal, isWindow: first.isWindow };
}

/** The first equi-join key that carries a watermark (left keys first): its position, and whether it is a window. */
export function joinKeyOrdinalForWatermark(join: Extract<ResolvedPlan, { kind: "join" }>, left: Carriers, right: Carriers): { ordinal: number; isWindow: boolean } | null {
  for (const [keys, marks] of [[join.leftKeys, left], [join.rightKeys, right]] as const) {
    const i = keys.findIndex((k) => k.kind === "attr" && marks.has(k.exprId));
    if (i >= 0) return { ordinal: i, isWindow: marks.get((keys[i] as { exprId: number }).exprId)! };
  }
  return null;
}

function conjuncts(e: Expr): Expr[] {
  return e.kind === "binary" && e.op === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

type Term = { readonly attr: number; readonly negated: boolean } | { readonly micros: number; readonly negated: boolean };

/**
 * Spark's collectTerms: `e` as a sum of attribute and constant terms, constants in microseconds
 * (a number counts as seconds, an INTERVAL literal as its length). Null when `e` is not linear.
 */
function collectTerms(e: Expr, negated: boolean, out: Term[]): boolean {
  switch (e.kind) {
    case "binary":
      if (e.op === "+") return collectTerms(e.left, negated, out) && collectTerms(e.right, negated, out);
      if (e.op === "-") return collectTerms(e.left, negated, out) && collectTerms(e.right, !negated, out);
      return false;
    case "unary": return e.op === "negate" && collectTerms(e.child, !negated, out);
    case "cast": {
      const k = e.to.kind;
      const numeric = ["byte", "short", "integer", "long", "float", "double", "decimal"].includes(k);
      return (numeric || k === "timestamp") && collectTerms(e.child, negated, out);
    }
    case "attr": out.push({ attr: e.exprId, negated }); return true;
    case "lit": {
      if (e.value === null || e.value === undefined) return false;
      const k = e.dataType.kind;
      // A day-time interval counts as its microseconds; a year-month one has no fixed length
      // (StreamingJoinHelper.collectTerms marks the condition invalid).
      if (k === "dayTimeInterval") { out.push({ micros: Number(e.value as bigint), negated }); return true; }
      if (k === "decimal") return false;
      if (!["byte", "short", "integer", "long", "float", "double", "timestamp"].includes(k)) return false;
      out.push({ micros: Number(e.value) * 1_000_000, negated });
      return true;
    }
    // `ts + INTERVAL …` resolves to time_add(ts, i) (Spark's TimeAdd), and `ts - INTERVAL …` to
    // time_add(ts, -i) (DatetimeSub's child): both are sums of their terms.
    case "fn": return e.name === "time_add" && collectTerms(e.args[0]!, negated, out) && collectTerms(e.args[1]!, negated, out);
    default: return false;
  }
}

/**
 * Solves `l < r` for a lower bound on the one attribute of `find` in it, with the watermarked
 * attribute of the other side replaced by the watermark: Spark's getStateWatermarkFromLessThenPredicate.
 */
function solveLessThan(l: Expr, r: Expr, find: ReadonlySet<number>, other: ReadonlySet<number>, otherMarks: Carriers, watermarkMs: number): number | null {
  const inCondition = attrIdsOf(r, attrIdsOf(l, new Set()));
  if ([...inCondition].filter((id) => find.has(id)).length > 1 || [...inCondition].filter((id) => other.has(id)).length > 1) return null;
  const raw: Term[] = [];
  if (!collectTerms(l, false, raw) || !collectTerms(r, true, raw)) return null;
  // Spark keeps the terms in an ExpressionSet: equal terms count once.
  const seen = new Set<string>();
  const terms = raw.filter((t) => {
    const k = JSON.stringify(t);
    return seen.has(k) ? false : (seen.add(k), true);
  });
  const constraint = terms.filter((t) => "attr" in t && find.has(t.attr));
  if (constraint.length !== 1 || !constraint[0]!.negated) return null;
  const rest = terms.filter((t) => t !== constraint[0]);
  if (rest.length === 0) return null;
  let sum = 0;
  for (const t of rest) {
    let v: number;
    if ("micros" in t) v = t.micros;
    else if (other.has(t.attr) && otherMarks.get(t.attr) === false) v = watermarkMs * 1000;
    else return null; // an attribute Spark cannot replace by a value: no constraint
    sum += t.negated ? -v : v;
  }
  return Math.trunc(sum / 1000);
}

/**
 * Spark's StreamingJoinHelper.getStateValueWatermark: the state watermark (ms) of the side whose
 * attributes are `find`, from the conjuncts `a < b`, `a <= b`, `a > b`, `a >= b` of the condition
 * (the smallest when several apply; `<=`/`>=` one millisecond lower, as eviction is inclusive).
 */
export function stateValueWatermark(
  find: ReadonlySet<number>, other: ReadonlySet<number>, otherMarks: Carriers, condition: Expr | null, watermarkMs: number,
  /**
   * true: as UnsupportedOperationChecker sees the condition, with BETWEEN as its two comparisons on
   * the input itself (checked against PySpark 4.1.1: a left outer join whose only range is
   * `CAST(rt AS LONG) BETWEEN CAST(lt AS LONG) AND CAST(lt AS LONG) + 10` is accepted, though the
   * optimized plan then cannot evict the left side).
   */
  analyzed = false,
): number | null {
  if (condition === null || ![...other].some((id) => otherMarks.has(id))) return null;
  const sides = { find: new Set(find), other: new Set(other) };
  let best: number | null = null;
  for (const c of analyzed ? conjuncts(condition).flatMap(inlineBetween) : optimizedConjuncts(condition, sides)) {
    find = sides.find;
    other = sides.other;
    if (c.kind !== "binary") continue;
    let w: number | null = null;
    if (c.op === "<") w = solveLessThan(c.left, c.right, find, other, otherMarks, watermarkMs);
    else if (c.op === "<=") w = minusOne(solveLessThan(c.left, c.right, find, other, otherMarks, watermarkMs));
    else if (c.op === ">") w = solveLessThan(c.right, c.left, find, other, otherMarks, watermarkMs);
    else if (c.op === ">=") w = minusOne(solveLessThan(c.right, c.left, find, other, otherMarks, watermarkMs));
    if (w !== null) best = best === null ? w : Math.min(best, w);
  }
  return best;
}

let nextCommonId = -1;

/** A BETWEEN conjunct as its two comparisons (Kindling's parser marks it as an alias named `between(…)`). */
function inlineBetween(c: Expr): Expr[] {
  return c.kind === "alias" && c.name.startsWith("between(") && c.child.kind === "binary" && c.child.op === "and" ? [c.child.left, c.child.right] : [c];
}

/**
 * The conjuncts as Spark's optimizer leaves them. BETWEEN is `With(input) { input >= lo AND input <= hi }`
 * (Spark 4): an attribute input is inlined, any other input (`CAST(t AS LONG)`) becomes a new column
 * `_common_expr_0` projected on the side it reads (RewriteWithExpression), which carries no
 * watermark. Kindling's parser marks BETWEEN as an alias named `between(…)`.
 */
function optimizedConjuncts(condition: Expr, sides: { find: Set<number>; other: Set<number> }): Expr[] {
  return conjuncts(condition).flatMap((c) => {
    if (c.kind !== "alias" || !c.name.startsWith("between(") || c.child.kind !== "binary" || c.child.op !== "and") return [c];
    const ge = c.child.left;
    const le = c.child.right;
    if (ge.kind !== "binary" || le.kind !== "binary") return [c];
    const input = ge.left;
    if (input.kind === "attr" || input.kind === "lit") return [ge, le];
    const ids = attrIdsOf(input, new Set());
    const common: Expr = { kind: "attr", exprId: nextCommonId--, name: "_common_expr_0", dataType: { kind: "long" }, nullable: true };
    const id = (common as { exprId: number }).exprId;
    if (ids.size > 0 && [...ids].every((x) => sides.find.has(x))) sides.find.add(id);
    else if (ids.size > 0 && [...ids].every((x) => sides.other.has(x))) sides.other.add(id);
    else return [c];
    return [{ ...ge, left: common }, { ...le, left: common }];
  });
}

function minusOne(w: number | null): number | null {
  return w === null ? null : w - 1;
}

/** Spark's JoinType names, as its messages print them. */
export function sparkJoinTypeName(t: JoinType): string {
  return ({ inner: "Inner", cross: "Cross", left: "LeftOuter", right: "RightOuter", full: "FullOuter", left_semi: "LeftSemi", left_anti: "LeftAnti" } as const)[t];
}

/**
 * UnsupportedOperationChecker's rules for a join of two streams (checkForStreamStreamJoinWatermark)
 * and StreamingJoinStrategy's need for an equality; the output mode is checked before (output-mode.ts).
 */
export function checkStreamStreamJoin(join: Extract<ResolvedPlan, { kind: "join" }>, mode: OutputMode, left: Carriers, right: Carriers): void {
  if (mode !== "append") {
    throw new AnalysisError(`Join between two streaming DataFrames/Datasets is not supported in ${mode[0]!.toUpperCase()}${mode.slice(1)} output mode, only in Append output mode`, {
      hint: 'use outputMode("append") for a join of two streams',
    });
  }
  const t = join.joinType;
  if (t === "left_anti") {
    throw new AnalysisError("LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported", { hint: "join the stream with a static DataFrame, or use a left outer join and filter the unmatched rows" });
  }
  if (t !== "inner" && t !== "cross") {
    const leftIds = new Set(join.left.output.map((a) => a.exprId));
    const rightIds = new Set(join.right.output.map((a) => a.exprId));
    const keysCarry = joinKeyOrdinalForWatermark(join, left, right) !== null;
    const probe = 1_000_000;
    const towardsLeft = (): boolean => stateValueWatermark(leftIds, rightIds, right, join.condition, probe, true) !== null;
    const towardsRight = (): boolean => stateValueWatermark(rightIds, leftIds, left, join.condition, probe, true) !== null;
    const range = t === "right" ? towardsRight() : t === "full" ? towardsLeft() || towardsRight() : towardsLeft();
    if (!keysCarry && !range) {
      throw new AnalysisError(
        `Stream-stream ${sparkJoinTypeName(t)} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition`,
        { hint: 'add withWatermark() on both sides and join on a window of the event time, or add a range such as "lt >= rt AND lt <= rt + interval 1 hour"' },
      );
    }
  }
  if (join.leftKeys.length === 0) {
    throw new AnalysisError("Stream-stream join without equality predicate is not supported", { hint: "join on at least one equality between a column of each stream" });
  }
}

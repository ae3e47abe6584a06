/**
 * Expressions as plain data: a closed union tagged by `kind`, with no closures, so the same object
 * feeds the analyzer, the evaluator, `explain()`, the PySpark code generator and golden tests.
 *
 * User code builds these through {@link Column} and `functions`; the analyzer replaces `col`
 * nodes by `attr` nodes (resolved, typed references) and inserts implicit casts.
 *
 * ```ts
 * const e: Expr = { kind: "binary", op: "+", left: { kind: "col", name: "a" }, right: lit(1) };
 * ```
 */
import type { DataType } from "../types/data-types.js";

export type BinaryOp =
  | "+" | "-" | "*" | "/" | "%" | "div"
  | "=" | "<=>" | "<" | "<=" | ">" | ">="
  | "and" | "or";

export type UnaryOp = "not" | "negate" | "isNull" | "isNotNull" | "isNaN";

export type AggName =
  | "count" | "sum" | "avg" | "min" | "max" | "first" | "last" | "collect_list" | "collect_set" | "approx_count_distinct";

export type Expr =
  /** An unresolved column reference; `planId` pins it to one DataFrame (`df.col("x")`). */
  | { readonly kind: "col"; readonly name: string; readonly planId?: number }
  /** `*` or `t.*`. */
  | { readonly kind: "star"; readonly target?: string }
  /** A resolved, typed column reference (only after analysis). */
  | { readonly kind: "attr"; readonly exprId: number; readonly name: string; readonly dataType: DataType; readonly nullable: boolean }
  /** A literal in its physical form (see physical/vector.ts). */
  | { readonly kind: "lit"; readonly value: unknown; readonly dataType: DataType }
  | { readonly kind: "alias"; readonly child: Expr; readonly name: string }
  | { readonly kind: "binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  /**
   * `fnAlias: "negative"` marks a negation built as the function `negative` (PySpark's `-col`),
   * which Spark names `negative(x)` rather than SQL's `(- x)` (UnaryMinus.sql's FUNC_ALIAS tag).
   */
  | { readonly kind: "unary"; readonly op: UnaryOp; readonly child: Expr; readonly fnAlias?: "negative" }
  | { readonly kind: "in"; readonly child: Expr; readonly list: readonly Expr[] }
  | { readonly kind: "like"; readonly op: "like" | "rlike" | "ilike"; readonly child: Expr; readonly pattern: Expr }
  /** `try` casts return null where a normal cast under ANSI would fail. */
  | { readonly kind: "cast"; readonly child: Expr; readonly to: DataType; readonly try?: boolean }
  | { readonly kind: "getField"; readonly child: Expr; readonly field: string }
  /** `arr[i]` (0-based, like Column.getItem) or `map[key]`. */
  | { readonly kind: "getItem"; readonly child: Expr; readonly key: Expr }
  | { readonly kind: "caseWhen"; readonly branches: readonly { readonly when: Expr; readonly then: Expr }[]; readonly otherwise: Expr | null }
  /** A scalar function by its Spark name (lower case): `upper`, `coalesce`, `to_timestamp`... */
  | { readonly kind: "fn"; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: "agg"; readonly name: AggName; readonly args: readonly Expr[]; readonly distinct: boolean; readonly ignoreNulls?: boolean }
  | { readonly kind: "sort"; readonly child: Expr; readonly ascending: boolean; readonly nullsFirst: boolean }
  /** Spark's TimeWindow: durations in microseconds; yields struct<start,end>. */
  | { readonly kind: "window"; readonly child: Expr; readonly windowMicros: number; readonly slideMicros: number; readonly startMicros: number };

export type ExprKind = Expr["kind"];

/** Every direct child of an expression, in order. */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case "col": case "star": case "attr": case "lit": return [];
    case "alias": case "unary": case "cast": case "getField": case "sort": case "window": return [e.child];
    case "binary": return [e.left, e.right];
    case "in": return [e.child, ...e.list];
    case "like": return [e.child, e.pattern];
    case "getItem": return [e.child, e.key];
    case "caseWhen": return [...e.branches.flatMap((b) => [b.when, b.then]), ...(e.otherwise === null ? [] : [e.otherwise])];
    case "fn": case "agg": return [...e.args];
  }
}

/** The ids of every resolved attribute `e` reads, added to `out`. */
export function attrIdsOf(e: Expr, out: Set<number> = new Set()): Set<number> {
  if (e.kind === "attr") out.add(e.exprId);
  for (const c of children(e)) attrIdsOf(c, out);
  return out;
}

/** Rebuilds an expression bottom-up; `f` sees each node after its children were rewritten. */
export function transformUp(e: Expr, f: (e: Expr) => Expr): Expr {
  return f(mapChildren(e, (c) => transformUp(c, f)));
}

/** The same node with each child replaced by `f(child)`. */
export function mapChildren(e: Expr, f: (e: Expr) => Expr): Expr {
  switch (e.kind) {
    case "col": case "star": case "attr": case "lit": return e;
    case "alias": return { ...e, child: f(e.child) };
    case "unary": return { ...e, child: f(e.child) };
    case "cast": return { ...e, child: f(e.child) };
    case "getField": return { ...e, child: f(e.child) };
    case "sort": return { ...e, child: f(e.child) };
    case "window": return { ...e, child: f(e.child) };
    case "binary": return { ...e, left: f(e.left), right: f(e.right) };
    case "in": return { ...e, child: f(e.child), list: e.list.map(f) };
    case "like": return { ...e, child: f(e.child), pattern: f(e.pattern) };
    case "getItem": return { ...e, child: f(e.child), key: f(e.key) };
    case "caseWhen":
      return { ...e, branches: e.branches.map((b) => ({ when: f(b.when), then: f(b.then) })), otherwise: e.otherwise === null ? null : f(e.otherwise) };
    case "fn": return { ...e, args: e.args.map(f) };
    case "agg": return { ...e, args: e.args.map(f) };
  }
}

/** True when any node satisfies `p`. */
export function exists(e: Expr, p: (e: Expr) => boolean): boolean {
  return p(e) || children(e).some((c) => exists(c, p));
}

/** True when the expression contains an aggregate function. */
export function containsAgg(e: Expr): boolean {
  return exists(e, (x) => x.kind === "agg");
}

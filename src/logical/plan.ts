/**
 * Logical plans as plain data. `LogicalPlan` is what DataFrame methods build (names unresolved);
 * the analyzer turns it into a {@link ResolvedPlan}, whose expressions reference typed attributes
 * by `exprId` and whose nodes carry their `output`. Both are closed unions tagged by `kind`.
 *
 * ```ts
 * const p: LogicalPlan = { kind: "filter", planId: 2, child: scan, condition: F.col("a").gt(1).expr };
 * ```
 */
import type { Expr } from "../expr/expression.js";
import type { DataType, StructType } from "../types/data-types.js";
import type { Batch } from "../physical/vector.js";

export type JoinType = "inner" | "left" | "right" | "full" | "left_semi" | "left_anti" | "cross";

/** Options of a file source, as given to `spark.read.option(...)` (keys lower-cased). */
export type SourceOptions = Readonly<Record<string, string>>;

export type LogicalPlan =
  | { readonly kind: "localRelation"; readonly planId: number; readonly schema: StructType; readonly batches: readonly Batch[] }
  | { readonly kind: "range"; readonly planId: number; readonly start: bigint; readonly end: bigint; readonly step: bigint }
  | { readonly kind: "fileScan"; readonly planId: number; readonly format: "csv" | "json" | "parquet" | "kafka"; readonly paths: readonly string[]; readonly schema: StructType; readonly options: SourceOptions }
  | { readonly kind: "project"; readonly planId: number; readonly child: LogicalPlan; readonly exprs: readonly Expr[] }
  | { readonly kind: "filter"; readonly planId: number; readonly child: LogicalPlan; readonly condition: Expr }
  | { readonly kind: "aggregate"; readonly planId: number; readonly child: LogicalPlan; readonly groupBy: readonly Expr[]; readonly aggs: readonly Expr[] }
  | { readonly kind: "sort"; readonly planId: number; readonly child: LogicalPlan; readonly orders: readonly Expr[] }
  | { readonly kind: "limit"; readonly planId: number; readonly child: LogicalPlan; readonly n: number }
  | { readonly kind: "join"; readonly planId: number; readonly left: LogicalPlan; readonly right: LogicalPlan; readonly joinType: JoinType; readonly on: Expr | null; readonly using: readonly string[] | null }
  | { readonly kind: "union"; readonly planId: number; readonly left: LogicalPlan; readonly right: LogicalPlan; readonly byName: boolean; readonly allowMissingColumns: boolean }
  /** `distinct()` (subset null) or `dropDuplicates(subset)`; `withinWatermark`: `dropDuplicatesWithinWatermark(subset)` (streaming only). */
  | { readonly kind: "distinct"; readonly planId: number; readonly child: LogicalPlan; readonly subset: readonly string[] | null; readonly withinWatermark?: boolean }
  | { readonly kind: "subqueryAlias"; readonly planId: number; readonly child: LogicalPlan; readonly alias: string }
  /** Kept for streaming: in a batch query it only checks the column and passes rows through. */
  | { readonly kind: "withWatermark"; readonly planId: number; readonly child: LogicalPlan; readonly eventTime: string; readonly delayMicros: number };

/** A typed output column of a resolved plan node. */
export interface Attribute {
  readonly exprId: number;
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  /** Table or DataFrame aliases this column can be qualified by (`t.a`). */
  readonly qualifier: readonly string[];
}

/** A session window grouping key (Spark's SessionWindow): event time and gap (a string expression) over the child. */
export interface SessionWindowSpec { readonly attr: Attribute; readonly timeExpr: Expr; readonly gapExpr: Expr }

export interface SortKey { readonly expr: Expr; readonly ascending: boolean; readonly nullsFirst: boolean }

/** One aggregate to compute: the function, its (resolved) argument, and the output slot. */
export interface AggCall {
  readonly name: Extract<Expr, { kind: "agg" }>["name"];
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly ignoreNulls: boolean;
  readonly dataType: DataType;
  readonly nullable: boolean;
}

export type ResolvedPlan =
  | { readonly kind: "localRelation"; readonly output: readonly Attribute[]; readonly batches: readonly Batch[] }
  | { readonly kind: "range"; readonly output: readonly Attribute[]; readonly start: bigint; readonly end: bigint; readonly step: bigint }
  | { readonly kind: "fileScan"; readonly output: readonly Attribute[]; readonly format: "csv" | "json" | "parquet" | "kafka"; readonly paths: readonly string[]; readonly schema: StructType; readonly options: SourceOptions }
  /** Each expr is resolved; its value becomes output[i]. */
  | { readonly kind: "project"; readonly output: readonly Attribute[]; readonly child: ResolvedPlan; readonly exprs: readonly Expr[] }
  | { readonly kind: "filter"; readonly output: readonly Attribute[]; readonly child: ResolvedPlan; readonly condition: Expr }
  /**
   * Output = group keys then aggregate results (`aggOutput`), then `resultExprs` computes the
   * user's select list over that, so `sum(a) + 1` and `key` can mix.
   */
  /** `sessionWindow`: grouped by session_window(...), whose column `attr` the executor adds to the input first. */
  | { readonly kind: "aggregate"; readonly output: readonly Attribute[]; readonly child: ResolvedPlan; readonly groupExprs: readonly Expr[]; readonly aggCalls: readonly AggCall[]; readonly aggOutput: readonly Attribute[]; readonly resultExprs: readonly Expr[]; readonly sessionWindow?: SessionWindowSpec }
  | { readonly kind: "sort"; readonly output: readonly Attribute[]; readonly child: ResolvedPlan; readonly keys: readonly SortKey[] }
  | { readonly kind: "limit"; readonly output: readonly Attribute[]; readonly child: ResolvedPlan; readonly n: number }
  | { readonly kind: "join"; readonly output: readonly Attribute[]; readonly left: ResolvedPlan; readonly right: ResolvedPlan; readonly joinType: JoinType; readonly leftKeys: readonly Expr[]; readonly rightKeys: readonly Expr[]; readonly nullSafe: readonly boolean[]; readonly condition: Expr | null }
  | { readonly kind: "union"; readonly output: readonly Attribute[]; readonly children: readonly ResolvedPlan[] }
  | { readonly kind: "distinct"; readonly output: readonly Attribute[]; readonly child: ResolvedPlan; readonly keyIndices: readonly number[]; readonly withinWatermark?: boolean }
  /** Adds a `window` struct column, one row per window containing the event time (Spark's TimeWindowing). */
  | { readonly kind: "windowExpand"; readonly output: readonly Attribute[]; readonly child: ResolvedPlan; readonly timeExpr: Expr; readonly windowMicros: number; readonly slideMicros: number; readonly startMicros: number }
  | { readonly kind: "withWatermark"; readonly output: readonly Attribute[]; readonly child: ResolvedPlan; readonly eventTime: Attribute; readonly delayMicros: number };

let nextPlanId = 1;
/** A fresh id for a new plan node (lets `df.col("x")` name the DataFrame it came from). */
export function newPlanId(): number { return nextPlanId++; }

let nextExprId = 1;
/** A fresh attribute id. */
export function newExprId(): number { return nextExprId++; }

/** The children of a logical plan node. */
export function planChildren(p: LogicalPlan): LogicalPlan[] {
  switch (p.kind) {
    case "localRelation": case "range": case "fileScan": return [];
    case "join": case "union": return [p.left, p.right];
    default: return [p.child];
  }
}

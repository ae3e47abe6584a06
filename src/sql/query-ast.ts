/**
 * The parsed form of a query (Spark's `query` rule): plain data between the query parser and the
 * planner that turns it into a {@link LogicalPlan}. Expressions are already {@link Expr}s.
 *
 * ```ts
 * const q: QueryAst = { kind: "select", distinct: false, items: [{ kind: "star" }], from: { kind: "table", name: "t", alias: null, pos: 14 }, ... };
 * ```
 */
import type { Expr } from "../expr/expression.js";
import type { JoinType } from "../logical/plan.js";

/** A FROM item: a view, a parenthesised query, or a join of two relations. */
export type RelationAst =
  | { readonly kind: "table"; readonly name: string; readonly alias: string | null; readonly pos: number }
  | { readonly kind: "subquery"; readonly query: QueryAst; readonly alias: string | null }
  | { readonly kind: "join"; readonly left: RelationAst; readonly right: RelationAst; readonly joinType: JoinType; readonly on: Expr | null; readonly using: readonly string[] | null };

/** One `SELECT … FROM … WHERE … GROUP BY … HAVING …` block (Spark's `querySpecification`). */
export interface SelectAst {
  readonly kind: "select";
  readonly distinct: boolean;
  readonly items: readonly Expr[];
  readonly from: RelationAst | null;
  readonly where: Expr | null;
  readonly groupBy: readonly Expr[] | null;
  readonly having: Expr | null;
}

/** A query: a select block or a set operation, with ORDER BY / LIMIT (Spark's `queryOrganization`). */
export type QueryAst =
  | (SelectAst & { readonly orderBy: readonly Expr[]; readonly limit: number | null })
  | { readonly kind: "union"; readonly left: QueryAst; readonly right: QueryAst; readonly all: boolean; readonly orderBy: readonly Expr[]; readonly limit: number | null };

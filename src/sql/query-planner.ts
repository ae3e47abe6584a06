/**
 * Turns a parsed query into the {@link LogicalPlan} the DataFrame API would build for it, so SQL
 * and DataFrame queries share one analyzer and executor and give identical results:
 * `FROM` → views (as `spark.table`) and joins, `WHERE` → filter, `GROUP BY` → aggregate,
 * `HAVING` → filter over the aggregate, `DISTINCT` → distinct, `ORDER BY` → sort, `LIMIT` → limit.
 *
 * Spark resolves `HAVING` and `ORDER BY` against the select list first and then against the input
 * (Analyzer.ResolveAggregateFunctions / ResolveMissingReferences): an aggregate or an input column
 * that is not selected is computed as a hidden column and projected away afterwards. `GROUP BY 1`
 * / `ORDER BY 1` are ordinals and `GROUP BY alias` names a select item (spark.sql.groupByOrdinal,
 * orderByOrdinal, groupByAliases, all true by default).
 *
 * ```ts
 * const plan = planStatement(parseSqlStatement("SELECT a FROM t"), catalog, { ansi: true, caseSensitive: false, timeZone: "UTC" }, text);
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import { containsAgg, mapChildren, transformUp, type Expr } from "../expr/expression.js";
import { colDisplayName, splitNameParts } from "../expr/expr-name.js";
import { analyze, type AnalyzerConf } from "../logical/analyzer.js";
import { newPlanId, type Attribute, type LogicalPlan } from "../logical/plan.js";
import { StructType } from "../types/data-types.js";
import { parseError } from "./parse-error.js";
import type { QueryAst, RelationAst } from "./query-ast.js";
import type { SqlStatement } from "./query-parser.js";

/** Where `FROM name` finds its plan: the session's temporary views. */
export interface SqlCatalog {
  /** The plan registered under `name` (case-insensitive), or undefined. */
  view(name: string): LogicalPlan | undefined;
  /** The registered view names, for the not-found error. */
  viewNames(): readonly string[];
}

type PlanBody = LogicalPlan extends infer P ? (P extends LogicalPlan ? Omit<P, "planId"> : never) : never;
type WindowExpr = Extract<Expr, { kind: "window" }>;

const node = (p: PlanBody): LogicalPlan => ({ ...p, planId: newPlanId() }) as LogicalPlan;
const col = (name: string): Expr => ({ kind: "col", name: `\`${name.replace(/`/g, "``")}\`` });
const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The logical plan of a parsed statement over the views of `catalog`.
 *
 * ```ts
 * planStatement(parseSqlStatement("SELECT count(*) FROM rides"), session catalog, conf, text);
 * ```
 */
export function planStatement(stmt: SqlStatement, catalog: SqlCatalog, conf: AnalyzerConf, src: string): LogicalPlan {
  const planner = new QueryPlanner(catalog, conf, src);
  for (const c of stmt.ctes) planner.ctes.set(c.name.toLowerCase(), planner.query(c.query));
  return planner.query(stmt.query);
}

class QueryPlanner {
  readonly ctes = new Map<string, LogicalPlan>();
  constructor(private readonly catalog: SqlCatalog, private readonly conf: AnalyzerConf, private readonly src: string) {}

  private output(p: LogicalPlan): readonly Attribute[] { return analyze(p, this.conf).output; }

  query(q: QueryAst): LogicalPlan {
    if (q.kind === "select") return this.select(q);
    const l = this.query(q.left);
    const r = this.query(q.right);
    let p = node({ kind: "union", left: l, right: r, byName: false, allowMissingColumns: false });
    if (!q.all) p = node({ kind: "distinct", child: p, subset: null });
    if (q.orderBy.length > 0) {
      const names = this.output(p).map((a) => a.name);
      p = node({ kind: "sort", child: p, orders: q.orderBy.map((o) => this.ordinal(o, names)) });
    }
    return q.limit === null ? p : node({ kind: "limit", child: p, n: q.limit });
  }

  relation(r: RelationAst): LogicalPlan {
    switch (r.kind) {
      case "table": {
        const plan = this.ctes.get(r.name.toLowerCase()) ?? this.catalog.view(r.name);
        if (plan === undefined) throw this.tableNotFound(r.name, r.pos);
        return node({ kind: "subqueryAlias", child: plan, alias: r.alias ?? splitNameParts(r.name).at(-1)! });
      }
      case "subquery": {
        const p = this.query(r.query);
        return r.alias === null ? p : node({ kind: "subqueryAlias", child: p, alias: r.alias });
      }
      case "join":
        return node({ kind: "join", left: this.relation(r.left), right: this.relation(r.right), joinType: r.joinType, on: r.on, using: r.using });
    }
  }

  private tableNotFound(name: string, pos: number): AnalysisError {
    const views = [...this.catalog.viewNames(), ...this.ctes.keys()];
    const known = views.length === 0 ? "none" : views.map((v) => `\`${v}\``).join(", ");
    const e = parseError(this.src, pos, `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${name}\` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01`, undefined, name.length);
    return new AnalysisError(e.message, {
      context: { ...e.context, table: name, views: views.join(",") },
      hint: `Temporary views in this session: ${known}. Register one with df.createOrReplaceTempView("${name}").`,
    });
  }

  private select(q: Extract<QueryAst, { kind: "select" }>): LogicalPlan {
    // SELECT without FROM reads one row with no columns (Spark's OneRowRelation).
    let base = q.from === null ? oneRow() : this.relation(q.from);
    if (q.where !== null) base = node({ kind: "filter", child: base, condition: q.where });
    const isAgg = q.groupBy !== null || q.having !== null || q.items.some(containsAgg);
    const childAttrs = isAgg || q.orderBy.length > 0 ? this.output(base) : [];
    const groupBy = q.groupBy === null ? [] : q.groupBy.map((g) => this.groupKey(g, q.items, childAttrs));
    const win = groupBy.find((g): g is WindowExpr => g.kind === "window");
    const items = win === undefined ? q.items : q.items.map((e) => withWindowRefs(e, win, childAttrs, true));
    const build = (extra: readonly Expr[]): LogicalPlan => (isAgg
      ? node({ kind: "aggregate", child: base, groupBy, aggs: [...items, ...extra] })
      : node({ kind: "project", child: base, exprs: [...items, ...extra] }));

    const outNames = this.output(build([])).map((a) => a.name);
    const hidden: Expr[] = [];
    const hide = (e: Expr): Expr => {
      const x = win === undefined ? e : withWindowRefs(e, win, childAttrs, false);
      return hideMissing(x, outNames, hidden, isAgg);
    };
    const having = q.having === null ? null : hide(q.having);
    const onTop = q.orderBy.map((o) => this.ordinal(o, outNames));
    // Sort over the select output when that resolves (it keeps qualifiers, so `ORDER BY t.k` works
    // after a join); otherwise compute the missing references as hidden columns.
    const orders = q.distinct || onTop.length === 0 || this.resolves(node({ kind: "sort", child: build([]), orders: onTop }))
      ? onTop
      : onTop.map((o) => (o.kind === "sort" ? { ...o, child: hide(o.child) } : hide(o)));

    let p = build(hidden);
    if (having !== null) p = node({ kind: "filter", child: p, condition: having });
    const projectAway = (c: LogicalPlan): LogicalPlan => node({ kind: "project", child: c, exprs: outNames.map(col) });
    if (q.distinct) {
      if (hidden.length > 0) p = projectAway(p);
      p = node({ kind: "distinct", child: p, subset: null });
      if (orders.length > 0) p = node({ kind: "sort", child: p, orders });
    } else {
      if (orders.length > 0) p = node({ kind: "sort", child: p, orders });
      if (hidden.length > 0) p = projectAway(p);
    }
    return q.limit === null ? p : node({ kind: "limit", child: p, n: q.limit });
  }

  /** True if the plan analyzes without an unresolved column. */
  private resolves(p: LogicalPlan): boolean {
    try {
      this.output(p);
      return true;
    } catch (e) {
      if (e instanceof AnalysisError && /UNRESOLVED_COLUMN|MISSING_AGGREGATION|not allowed here/.test(e.message)) return false;
      throw e;
    }
  }

  /** `ORDER BY 2` is the second select column (Spark's SubstituteUnresolvedOrdinals). */
  private ordinal(e: Expr, names: readonly string[]): Expr {
    const inner = e.kind === "sort" ? e.child : e;
    if (inner.kind !== "lit" || inner.dataType.kind !== "integer") return e;
    const i = inner.value as number;
    if (i < 1 || i > names.length) {
      throw new AnalysisError(`[ORDER_BY_POS_OUT_OF_RANGE] ORDER BY position ${i} is not in select list (valid range is [1, ${names.length}]). SQLSTATE: 42805`, {
        hint: `Use a position between 1 and ${names.length}, or name the column.`,
      });
    }
    const ref = col(names[i - 1]!);
    return e.kind === "sort" ? { ...e, child: ref } : ref;
  }

  /** A GROUP BY item: an ordinal or a select alias becomes that select expression. */
  private groupKey(g: Expr, items: readonly Expr[], childAttrs: readonly Attribute[]): Expr {
    if (g.kind === "lit" && g.dataType.kind === "integer") {
      const i = g.value as number;
      const item = items[i - 1];
      if (item === undefined) {
        throw new AnalysisError(`[GROUP_BY_POS_OUT_OF_RANGE] GROUP BY position ${i} is not in select list (valid range is [1, ${items.length}]). SQLSTATE: 42805`, {
          hint: `Use a position between 1 and ${items.length}, or name the column.`,
        });
      }
      if (containsAgg(item)) {
        throw new AnalysisError(`[GROUP_BY_POS_AGGREGATE] GROUP BY ${i} refers to an expression that contains an aggregate function. Aggregate functions are not allowed in GROUP BY. SQLSTATE: 42903`, {
          hint: "Group by a non-aggregate column.",
        });
      }
      return item.kind === "alias" ? item.child : item;
    }
    if (g.kind === "col" && !resolvesIn(g.name, childAttrs)) {
      const aliased = items.find((it): it is Extract<Expr, { kind: "alias" }> => it.kind === "alias" && eq(it.name, colDisplayName(g.name)));
      if (aliased !== undefined && !containsAgg(aliased.child)) return aliased.child;
    }
    return g;
  }
}

/** A batch with one row and no columns. */
function oneRow(): LogicalPlan {
  const schema = StructType([]);
  return node({ kind: "localRelation", schema, batches: [{ schema, numRows: 1, columns: [] }] });
}

/** True if the first part of `name` is an input column or a qualifier of one. */
function resolvesIn(name: string, attrs: readonly Attribute[]): boolean {
  const first = splitNameParts(name)[0]!;
  return attrs.some((a) => eq(a.name, first) || a.qualifier.some((q) => eq(q, first)));
}

/**
 * With `GROUP BY window(…)`, `window` and `window.start` in the select list mean the grouping
 * window (Spark's TimeWindowing adds a `window` column), unless the input has its own `window`.
 */
function withWindowRefs(e: Expr, win: WindowExpr, childAttrs: readonly Attribute[], top: boolean): Expr {
  if (childAttrs.some((a) => eq(a.name, "window"))) return e;
  const rewritten = transformUp(e, (x) => {
    if (x.kind !== "col") return x;
    const parts = splitNameParts(x.name);
    if (!eq(parts[0]!, "window")) return x;
    return parts.slice(1).reduce<Expr>((acc, f) => ({ kind: "getField", child: acc, field: f }), win);
  });
  // `SELECT window.start` is named `start`, as the column reference would be.
  if (top && e.kind === "col" && rewritten.kind === "getField") return { kind: "alias", child: rewritten, name: colDisplayName(e.name) };
  return rewritten;
}

/**
 * Rewrites a HAVING/ORDER BY expression to refer to the select output: names in `outNames` stay;
 * aggregates (and, for aggregates, other input references) become hidden select items.
 */
function hideMissing(e: Expr, outNames: readonly string[], hidden: Expr[], isAgg: boolean): Expr {
  const hideIt = (x: Expr): Expr => {
    const name = `__kindling_hidden_${hidden.length}`;
    hidden.push({ kind: "alias", child: x, name });
    return col(name);
  };
  const visit = (x: Expr): Expr => {
    if (x.kind === "agg") return hideIt(x);
    if (x.kind === "window" && isAgg) return hideIt(x);
    if (x.kind === "col") {
      const parts = splitNameParts(x.name);
      const known = outNames.some((n) => eq(n, parts[0]!)) || outNames.some((n) => eq(n, colDisplayName(x.name)) && parts.length === 1);
      return known ? x : hideIt(x);
    }
    return mapChildren(x, visit);
  };
  return visit(e);
}

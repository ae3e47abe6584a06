/**
 * The plan walker: a {@link LogicalPlan} becomes Python statements that build the same
 * DataFrame, one PySpark method per plan node (`filter`, `select`/`withColumn`, `groupBy().agg()`,
 * `join`, `union`, `orderBy`, `limit`, `distinct`, `alias`, `withWatermark`). Every source gets
 * a variable of its own; so does a DataFrame that is used twice (a self-join) or that a column
 * is pinned to (`left["id"]` for Kindling's `left.col("id")`); the rest is one method chain.
 *
 * ```ts
 * const g = new PlanToPy(sparkDialect("4"), analyzerConf);
 * g.survey(df.plan);
 * const expr = g.dataFrame(df.plan);   // statements so far in g.statements
 * ```
 */
import { NotImplementedError } from "../common/errors.js";
import { children, type Expr } from "../expr/expression.js";
import { exprName } from "../expr/expr-name.js";
import { analyze, type AnalyzerConf } from "../logical/analyzer.js";
import { planChildren, type LogicalPlan } from "../logical/plan.js";
import { exprToPy, plainColumnName, pyColumnName, type ExprContext } from "./expr-to-py.js";
import { intervalText } from "./interval-text.js";
import { bool, dict, list, method, name, str, type PyExpr, type PyStmt } from "./py-ast.js";
import { PyNames } from "./py-names.js";
import type { PyImports } from "./python-values.js";
import { projectShape } from "./project-shape.js";
import { sourceToPy } from "./source-to-py.js";
import type { SparkDialect } from "./spark-dialect.js";

const JOIN_HOW: Record<string, string> = { inner: "inner", left: "left", right: "right", full: "full", left_semi: "left_semi", left_anti: "left_anti", cross: "cross" };

/** Builds the statements of one script; several plans may share it (and its variables). */
export class PlanToPy implements ExprContext {
  readonly statements: PyStmt[] = [];
  readonly imports: PyImports = new Set();
  readonly names = new PyNames();
  readonly #bound = new Map<LogicalPlan, string>();
  readonly #byPlanId = new Map<number, string>();
  readonly #pinned = new Set<number>();
  readonly #uses = new Map<LogicalPlan, number>();

  constructor(readonly dialect: SparkDialect, private readonly conf: AnalyzerConf) {}

  dfVar(planId: number): string | undefined { return this.#byPlanId.get(planId); }

  /**
   * Registers a plan the script will build. Call it for every plan before the first
   * {@link dataFrame}, so a node shared between two queries gets a variable in both.
   */
  survey(plan: LogicalPlan): void { this.#survey(plan); }

  /** Python code for the DataFrame of `plan` (surveyed before); statements it needs are appended to `statements`. */
  dataFrame(plan: LogicalPlan): PyExpr {
    if (!this.#uses.has(plan)) this.#survey(plan);
    return this.#df(plan);
  }

  /** Binds `value` to a fresh variable named from `hint` and returns the name. */
  bind(hint: string, value: PyExpr): PyExpr {
    const v = this.names.fresh(hint);
    this.statements.push({ kind: "assign", target: v, value });
    return name(v);
  }

  /** Counts how often each node is used and which planIds columns are pinned to. */
  #survey(plan: LogicalPlan): void {
    const seen = this.#uses.get(plan) ?? 0;
    this.#uses.set(plan, seen + 1);
    if (seen > 0) return;
    for (const e of planExprs(plan)) walkExpr(e, (x) => { if (x.kind === "col" && x.planId !== undefined) this.#pinned.add(x.planId); });
    for (const c of planChildren(plan)) this.#survey(c);
  }

  #df(plan: LogicalPlan): PyExpr {
    const bound = this.#bound.get(plan);
    if (bound !== undefined) return name(bound);
    let value: PyExpr;
    let hint = "df";
    switch (plan.kind) {
      case "localRelation": case "range": case "fileScan": {
        const src = sourceToPy(plan, this);
        if (src.rows === undefined) return this.#bindPlan(plan, src.hint, src.value);
        // Local rows get a variable of their own, named after the DataFrame's (`data`, `data_rows`).
        const dfName = this.names.fresh(src.hint);
        const rows = this.bind(`${dfName}_rows`, src.rows);
        value = src.value.kind === "call" ? { ...src.value, args: [rows] } : src.value;
        this.statements.push({ kind: "assign", target: dfName, value });
        this.#bound.set(plan, dfName);
        this.#byPlanId.set(plan.planId, dfName);
        return name(dfName);
      }
      case "project": value = this.#project(plan); break;
      case "filter": value = method(this.#df(plan.child), "filter", [exprToPy(plan.condition, this)]); break;
      case "aggregate": value = this.#aggregate(plan); break;
      case "sort": value = method(this.#df(plan.child), "orderBy", plan.orders.map((o) => this.#nameOrColumn(o))); break;
      case "limit": value = method(this.#df(plan.child), "limit", [{ kind: "int", value: BigInt(plan.n) }]); break;
      case "distinct":
        if (plan.withinWatermark === true) value = method(this.#df(plan.child), "dropDuplicatesWithinWatermark", plan.subset === null ? [] : [list(plan.subset.map(str))]);
        else value = plan.subset === null ? method(this.#df(plan.child), "distinct") : method(this.#df(plan.child), "dropDuplicates", [list(plan.subset.map(str))]);
        break;
      case "subqueryAlias": value = method(this.#df(plan.child), "alias", [str(plan.alias)]); hint = plan.alias; break;
      case "withWatermark": value = method(this.#df(plan.child), "withWatermark", [str(plan.eventTime), str(intervalText(plan.delayMicros))]); break;
      case "join": value = this.#join(plan); break;
      case "union": {
        const left = this.#df(plan.left);
        const right = this.#operandDf(plan.right);
        value = !plan.byName ? method(left, "union", [right])
          : method(left, "unionByName", [right], plan.allowMissingColumns ? [["allowMissingColumns", bool(true)]] : []);
        break;
      }
    }
    const needsName = this.#pinned.has(plan.planId) || (this.#uses.get(plan) ?? 0) > 1;
    return needsName ? this.#bindPlan(plan, hint, value) : value;
  }

  #bindPlan(plan: LogicalPlan, hint: string, value: PyExpr): PyExpr {
    const v = this.bind(hint, value);
    if (v.kind === "name") {
      this.#bound.set(plan, v.id);
      this.#byPlanId.set(plan.planId, v.id);
    }
    return v;
  }

  /** The right side of a join or union: a variable when it is more than a name and one call, so the main chain reads in order. */
  #operandDf(plan: LogicalPlan): PyExpr {
    const e = this.#df(plan);
    return callDepth(e) >= 2 ? this.bind("df", e) : e;
  }

  /** A plain column as its name (`"vendor"`), anything else as a Column. */
  #nameOrColumn(e: Expr): PyExpr {
    const n = plainColumnName(e);
    if (n !== null) return str(n);
    if (e.kind === "star" && e.target === undefined) return str("*");
    return exprToPy(e, this);
  }

  #project(plan: Extract<LogicalPlan, { kind: "project" }>): PyExpr {
    const child = this.#df(plan.child);
    const shape = projectShape(plan.exprs, this.#columnsOf(plan.child));
    switch (shape.kind) {
      case "withColumns":
        if (shape.columns.length === 1) return method(child, "withColumn", [str(shape.columns[0]![0]), exprToPy(shape.columns[0]![1], this)]);
        return method(child, "withColumns", [dict(shape.columns.map(([n, e]) => [str(n), exprToPy(e, this)] as const))]);
      case "rename": return method(child, "withColumnRenamed", [str(shape.from), str(shape.to)]);
      case "drop": return method(child, "drop", shape.names.map(str));
      case "select": return method(child, "select", plan.exprs.map((e) => this.#nameOrColumn(e)));
    }
  }

  #columnsOf(plan: LogicalPlan): string[] | null {
    try {
      return analyze(plan, this.conf).output.map((a) => a.name);
    } catch {
      return null; // not analysable on its own: print a plain select, which is always right
    }
  }

  /**
   * groupBy(keys).agg(...): PySpark's agg() outputs the keys then the aggregates. Kindling's
   * DataFrame API builds exactly that list; a SQL select list may order or repeat keys
   * differently, and then a select() restores the order.
   */
  #aggregate(plan: Extract<LogicalPlan, { kind: "aggregate" }>): PyExpr {
    const keys = plan.groupBy.filter((k) => k.kind !== "lit");
    const grouped = keys.length === 0 ? this.#df(plan.child) : method(this.#df(plan.child), "groupBy", keys.map((k) => this.#nameOrColumn(k)));
    const isKey = (e: Expr): number => keys.findIndex((k) => sameExpr(k, e));
    const prefix = keys.every((k, i) => plan.aggs[i] !== undefined && sameExpr(k, plan.aggs[i]!));
    if (prefix) {
      const rest = plan.aggs.slice(keys.length);
      if (rest.length === 1 && isCountStar(rest[0]!, "count")) return method(grouped, "count");
      if (rest.length === 0) return method(method(grouped, "count"), "drop", [str("count")]);
      return method(grouped, "agg", rest.map((e) => exprToPy(e, this)));
    }
    const aggItems = plan.aggs.filter((e) => isKey(e) < 0);
    const body = aggItems.length === 0 ? method(method(grouped, "count"), "drop", [str("count")]) : method(grouped, "agg", aggItems.map((e) => exprToPy(e, this)));
    const outNames = plan.aggs.map((e) => {
      const k = isKey(e);
      return k >= 0 ? outputName(keys[k]!) : outputName(e);
    });
    return method(body, "select", outNames.map((n) => str(/[.`]/.test(n) ? `\`${n.replace(/`/g, "``")}\`` : n)));
  }

  #join(plan: Extract<LogicalPlan, { kind: "join" }>): PyExpr {
    const left = this.#df(plan.left);
    const right = this.#operandDf(plan.right);
    if (plan.joinType === "cross" && plan.on === null && plan.using === null) return method(left, "crossJoin", [right]);
    const how = JOIN_HOW[plan.joinType];
    if (how === undefined) throw new NotImplementedError(`join type ${plan.joinType} has no PySpark spelling`, { hint: "use inner, left, right, full, left_semi, left_anti or cross" });
    const args: PyExpr[] = [right];
    if (plan.using !== null) args.push(plan.using.length === 1 ? str(plan.using[0]!) : list(plan.using.map(str)));
    else if (plan.on !== null) args.push(exprToPy(plan.on, this));
    if (how === "inner") return method(left, "join", args);
    if (args.length === 1) return method(left, "join", args, [["how", str(how)]]);
    return method(left, "join", [...args, str(how)]);
  }
}

/** The expressions a plan node holds (for finding pinned columns). */
function planExprs(p: LogicalPlan): readonly Expr[] {
  switch (p.kind) {
    case "project": return p.exprs;
    case "filter": return [p.condition];
    case "aggregate": return [...p.groupBy, ...p.aggs];
    case "sort": return p.orders;
    case "join": return p.on === null ? [] : [p.on];
    default: return [];
  }
}

function walkExpr(e: Expr, f: (e: Expr) => void): void {
  f(e);
  for (const c of children(e)) walkExpr(c, f);
}

function sameExpr(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  const key = (e: Expr): string => JSON.stringify(e, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  return key(a) === key(b);
}

function isCountStar(e: Expr, alias: string): boolean {
  return e.kind === "alias" && e.name === alias && e.child.kind === "agg" && e.child.name === "count" && !e.child.distinct
    && e.child.args.length === 1 && e.child.args[0]!.kind === "lit" && e.child.args[0]!.value === 1;
}

/** The output column name Spark gives an aggregate-list item. */
function outputName(e: Expr): string {
  if (e.kind === "alias") return e.name;
  if (e.kind === "col") return pyColumnName(e.name).split(".").pop()!;
  return exprName(e);
}

/** How many calls a method chain has (`a.b().c()` is 2). */
function callDepth(e: PyExpr): number {
  let n = 0;
  for (let cur = e; ; ) {
    if (cur.kind === "call") { n++; cur = cur.func; } else if (cur.kind === "attr") cur = cur.value; else return n;
  }
}

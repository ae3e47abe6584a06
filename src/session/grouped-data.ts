/**
 * `GroupedData`: the result of `df.groupBy(...)` (PySpark's `pyspark.sql.GroupedData`). Its
 * output columns are the grouping columns followed by the aggregates, as in Spark.
 *
 * ```ts
 * df.groupBy("vendor").agg(F.sum("fare").alias("total"), F.count("*"));
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import { Column } from "../expr/column.js";
import type { AggName, Expr } from "../expr/expression.js";
import { newPlanId } from "../logical/plan.js";
import { DataFrame } from "./dataframe.js";

/** A grouping waiting for its aggregates. */
export class GroupedData {
  constructor(private readonly df: DataFrame, private readonly keys: readonly Expr[]) {}

  /**
   * Aggregates each group. Accepts Columns, or PySpark's dict form `{ column: "sum" }`.
   * Example: `g.agg(F.max("a"), F.avg("b"))`, `g.agg({ fare: "avg" })`.
   */
  agg(...exprs: (Column | Record<string, string>)[]): DataFrame {
    const aggs: Expr[] = [];
    for (const e of exprs) {
      if (e instanceof Column) { aggs.push(e.expr); continue; }
      for (const [col, fn] of Object.entries(e)) {
        const name = (fn === "mean" ? "avg" : fn) as AggName;
        aggs.push({ kind: "agg", name, args: [col === "*" ? { kind: "lit", value: 1, dataType: { kind: "integer" } } : { kind: "col", name: col }], distinct: false });
      }
    }
    if (aggs.length === 0) throw new AnalysisError("agg() needs at least one aggregate expression.", { hint: "Pass e.g. F.count(\"*\")." });
    const keyOut = this.keys.filter((k) => k.kind !== "lit");
    return new DataFrame(this.df.sparkSession, { kind: "aggregate", planId: newPlanId(), child: this.df.plan, groupBy: this.keys, aggs: [...keyOut, ...aggs] });
  }

  /** Rows per group, in a column named `count`. */
  count(): DataFrame {
    return this.agg(new Column({ kind: "alias", child: { kind: "agg", name: "count", args: [{ kind: "lit", value: 1, dataType: { kind: "integer" } }], distinct: false }, name: "count" }));
  }
  private simple(name: AggName, cols: string[]): DataFrame {
    if (cols.length === 0) {
      const numeric = this.df.schema.fields.filter((f) => ["byte", "short", "integer", "long", "float", "double", "decimal"].includes(f.dataType.kind)).map((f) => f.name);
      cols = numeric;
    }
    return this.agg(...cols.map((c) => new Column({ kind: "agg", name, args: [{ kind: "col", name: c }], distinct: false })));
  }
  /** Sum of numeric columns per group. */
  sum(...cols: string[]): DataFrame { return this.simple("sum", cols); }
  /** Average of numeric columns per group. */
  avg(...cols: string[]): DataFrame { return this.simple("avg", cols); }
  /** Alias of {@link avg}. */
  mean(...cols: string[]): DataFrame { return this.simple("avg", cols); }
  /** Minimum per group. */
  min(...cols: string[]): DataFrame { return this.simple("min", cols); }
  /** Maximum per group. */
  max(...cols: string[]): DataFrame { return this.simple("max", cols); }
}

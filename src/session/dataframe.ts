/**
 * `DataFrame`: a lazy, immutable query (PySpark's `pyspark.sql.DataFrame`). Transformations
 * build a new {@link LogicalPlan}; actions (`collect`, `count`, `show`, `toArrow`) analyze and
 * run it. Method names and defaults are PySpark's.
 *
 * ```ts
 * df.filter(F.col("fare").gt(10)).groupBy("vendor").agg(F.count("*").alias("n")).orderBy("vendor").show();
 * ```
 */
import type * as arrow from "apache-arrow";
import { AnalysisError } from "../common/errors.js";
import { Column, colOrName, type ColumnOrName } from "../expr/column.js";
import type { Expr } from "../expr/expression.js";
import { exprName } from "../expr/expr-name.js";
import { parseIntervalMicros } from "../expr/interval.js";
import { literal } from "../expr/literal.js";
import { analyze, schemaOf } from "../logical/analyzer.js";
import { unresolvedColumn } from "../logical/errors.js";
import { explainString } from "../logical/explain.js";
import { newPlanId, type JoinType, type LogicalPlan, type ResolvedPlan } from "../logical/plan.js";
import { execute } from "../physical/executor.js";
import type { ExecContext } from "../physical/exec-context.js";
import { concatBatches } from "../physical/kernels/take.js";
import { batchToArrowTable } from "../physical/arrow-convert.js";
import { getValue, type Batch } from "../physical/vector.js";
import { simpleString, type StructType } from "../types/data-types.js";
import { treeString } from "../types/tree-string.js";
import { GroupedData } from "./grouped-data.js";
import { DataFrameNaFunctions } from "./na-functions.js";
import { Row, rowFromPhysical } from "./row.js";
import { prettyCell, showString } from "./show.js";
import { displayDataFrame, inspectDataFrame, type DataFrameDisplayOptions } from "../notebook/display/dataframe-display.js";
import type { SparkSession } from "./spark-session.js";
import { DataStreamWriter } from "../streaming/data-stream-writer.js";
import { DataFrameWriter } from "./data-frame-writer.js";
import { isStreamingPlan } from "../streaming/plan/streaming-leaf.js";
import { dataFrameToPySpark } from "../bridge/to-pyspark.js";
import type { PySparkOptions } from "../bridge/generate.js";
import { remoteSpark } from "../bridge/remote/remote-session.js";

const JOIN_TYPES: Record<string, JoinType> = {
  inner: "inner", cross: "cross", outer: "full", full: "full", fullouter: "full", full_outer: "full",
  left: "left", leftouter: "left", left_outer: "left", right: "right", rightouter: "right", right_outer: "right",
  semi: "left_semi", leftsemi: "left_semi", left_semi: "left_semi", anti: "left_anti", leftanti: "left_anti", left_anti: "left_anti",
};

/** A logical plan node without its planId (distributes over the union). */
type PlanBody = LogicalPlan extends infer P ? (P extends LogicalPlan ? Omit<P, "planId"> : never) : never;

type ColumnsArg = ColumnOrName | readonly ColumnOrName[];

function flat(cols: readonly ColumnsArg[]): ColumnOrName[] {
  return cols.flatMap((c) => (Array.isArray(c) ? (c as ColumnOrName[]) : [c as ColumnOrName]));
}

/** A distributed collection of rows with named columns (runs locally in Kindling). */
export class DataFrame {
  /** The unresolved logical plan (plain data). */
  readonly plan: LogicalPlan;
  /** The session this DataFrame belongs to. */
  readonly sparkSession: SparkSession;

  constructor(session: SparkSession, plan: LogicalPlan) {
    this.sparkSession = session;
    this.plan = plan;
  }

  private with(p: PlanBody): DataFrame {
    return new DataFrame(this.sparkSession, { ...p, planId: newPlanId() } as LogicalPlan);
  }

  /** The analyzed plan (throws AnalysisError for unknown columns or bad types). */
  resolved(): ResolvedPlan {
    const c = this.sparkSession.conf;
    return analyze(this.plan, { ansi: c.ansi, caseSensitive: c.caseSensitive, timeZone: c.timeZone });
  }

  private execContext(): ExecContext {
    const c = this.sparkSession.conf;
    return { ansi: c.ansi, timeZone: c.timeZone, nowMicros: BigInt(Date.now()) * 1000n };
  }

  /** Runs the query and returns its batches. */
  collectBatches(): Batch[] {
    if (this.isStreaming) {
      // Spark: UnsupportedOperationChecker.checkForBatch.
      throw new AnalysisError("Queries with streaming sources must be executed with writeStream.start();", {
        hint: 'write the stream to a sink: df.writeStream.format("console").start(), or to memory and query that table',
      });
    }
    // On a spark:// session the query runs on that Spark master (src/bridge/remote).
    const remote = remoteSpark(this.sparkSession);
    if (remote !== null) return remote.collectBatches(this.plan, () => this.schema);
    return execute(this.resolved(), this.execContext());
  }

  /** True when the DataFrame reads a streaming source. Example: `spark.readStream.format("rate-micro-batch")...load().isStreaming` is true. */
  get isStreaming(): boolean { return isStreamingPlan(this.plan); }

  /** The writer that starts a streaming query. Example: `df.writeStream.format("console").start()`. */
  get writeStream(): DataStreamWriter { return new DataStreamWriter(this); }
  /** Writes this DataFrame to files (PySpark's `df.write`). Example: `df.write.mode("overwrite").parquet("out/rides")`. */
  get write(): DataFrameWriter { return new DataFrameWriter(this); }

  // ---- schema ----
  /** The schema. Example: `df.schema.fields.map((f) => f.name)`. */
  get schema(): StructType { return schemaOf(this.resolved().output); }
  /** Column names. Example: `df.columns` is `["a", "b"]`. */
  get columns(): string[] { return this.resolved().output.map((a) => a.name); }
  /** `[name, simpleString(type)]` pairs. Example: `[["a", "int"]]`. */
  get dtypes(): [string, string][] { return this.resolved().output.map((a) => [a.name, simpleString(a.dataType)]); }
  /** Prints the schema tree. Example: `df.printSchema()` prints `root\n |-- a: integer (nullable = true)`. */
  printSchema(level?: number): void { console.log(treeString(this.schema, level)); }
  /** Prints the plans. Example: `df.explain(true)`. */
  explain(extended: boolean | "simple" | "extended" = false): void {
    console.log(this.explainString(extended));
  }
  /** The text explain() prints. */
  explainString(extended: boolean | "simple" | "extended" = false): string {
    const mode = extended === true || extended === "extended" ? "extended" : "simple";
    return explainString(this.resolved(), mode);
  }
  /** A runnable PySpark script computing this DataFrame (see src/bridge). Example: `console.log(df.toPySpark())`. */
  toPySpark(options?: PySparkOptions): string { return dataFrameToPySpark(this, options); }
  /** Spark's `DataFrame[a: int, b: string]` form. */
  toString(): string {
    return `DataFrame[${this.dtypes.map(([n, t]) => `${n}: ${t}`).join(", ")}]`;
  }

  /** A column of this DataFrame, pinned to it (PySpark's `df["x"]` / `df.x`). Example: `a.join(b, a.col("id").eq(b.col("id")))`. */
  col(name: string): Column {
    const columns = this.columns;
    const first = name.split(".")[0]!.replace(/`/g, "");
    if (name !== "*" && !columns.some((c) => c.toLowerCase() === first.toLowerCase())) {
      const alias = this.plan.kind === "subqueryAlias" ? this.plan.alias : null;
      if (alias === null || alias.toLowerCase() !== first.toLowerCase()) throw unresolvedColumn(name, this.resolved().output);
    }
    return new Column({ kind: "col", name, planId: this.plan.planId });
  }

  // ---- transformations ----
  /** Projects columns or expressions. Example: `df.select("a", F.col("b").plus(1).alias("b1"))`. */
  select(...cols: ColumnsArg[]): DataFrame {
    return this.with({ kind: "project", child: this.plan, exprs: flat(cols).map(colOrName) });
  }
  /** Projects SQL expression strings. Example: `df.selectExpr("a + 1 AS b", "CAST(c AS INT)")`. */
  selectExpr(...exprs: string[]): DataFrame {
    return this.with({ kind: "project", child: this.plan, exprs: exprs.map((s) => this.sparkSession.parseExpression(s)) });
  }
  /** Keeps rows where the condition is true. Example: `df.filter(F.col("a").gt(1))` or `df.filter("a > 1")`. */
  filter(condition: Column | string): DataFrame {
    const e = typeof condition === "string" ? this.sparkSession.parseExpression(condition) : condition.expr;
    return this.with({ kind: "filter", child: this.plan, condition: e });
  }
  /** Alias of {@link filter}. */
  where(condition: Column | string): DataFrame { return this.filter(condition); }

  /** Adds or replaces a column. Example: `df.withColumn("total", F.col("a").plus(F.col("b")))`. */
  withColumn(name: string, col: Column): DataFrame { return this.withColumns({ [name]: col }); }
  /** Adds or replaces several columns. */
  withColumns(cols: Record<string, Column>): DataFrame {
    const existing = this.columns;
    const cs = this.sparkSession.conf.caseSensitive;
    const same = (a: string, b: string): boolean => (cs ? a === b : a.toLowerCase() === b.toLowerCase());
    const entries = Object.entries(cols);
    const exprs: Expr[] = existing.map((c) => {
      const hit = entries.find(([n]) => same(n, c));
      return hit === undefined ? ({ kind: "col", name: quote(c) } as Expr) : { kind: "alias", child: hit[1].expr, name: hit[0] };
    });
    for (const [n, c] of entries) if (!existing.some((e) => same(e, n))) exprs.push({ kind: "alias", child: c.expr, name: n });
    return this.with({ kind: "project", child: this.plan, exprs });
  }
  /** Renames a column (no-op if missing, as in Spark). Example: `df.withColumnRenamed("a", "x")`. */
  withColumnRenamed(existing: string, newName: string): DataFrame {
    const cols = this.columns;
    if (!cols.some((c) => c.toLowerCase() === existing.toLowerCase())) return this;
    return this.with({
      kind: "project", child: this.plan,
      exprs: cols.map((c) => (c.toLowerCase() === existing.toLowerCase() ? { kind: "alias", child: { kind: "col", name: quote(c) }, name: newName } : { kind: "col", name: quote(c) })),
    });
  }
  /** Drops columns (names that do not exist are ignored, as in Spark). Example: `df.drop("a", "b")`. */
  drop(...cols: ColumnOrName[]): DataFrame {
    const names = cols.filter((c): c is string => typeof c === "string").map((c) => c.toLowerCase());
    const resolved = this.resolved();
    // Columns to drop are resolved in the same analysis as the output they are matched against
    // (`*` first, then the Columns), since attribute ids differ between analyses.
    const colExprs = cols.filter((c): c is Column => typeof c !== "string").map((c) => c.expr);
    const dropPositions = new Set<number>();
    if (colExprs.length > 0) {
      const c = this.sparkSession.conf;
      const probe = analyze({ kind: "project", planId: newPlanId(), child: this.plan, exprs: [{ kind: "star" }, ...colExprs] }, { ansi: c.ansi, caseSensitive: c.caseSensitive, timeZone: c.timeZone });
      if (probe.kind === "project") {
        const width = probe.exprs.length - colExprs.length;
        const ids = new Set(probe.exprs.slice(width).flatMap((e) => (e.kind === "attr" ? [e.exprId] : [])));
        probe.exprs.slice(0, width).forEach((e, i) => { if (e.kind === "attr" && ids.has(e.exprId)) dropPositions.add(i); });
      }
    }
    const keep = resolved.output.filter((a, i) => !names.includes(a.name.toLowerCase()) && !dropPositions.has(i));
    // Kept columns are referenced by name, never by this analysis's attribute ids: ids are fresh
    // on every analysis, so an `attr` would dangle once the result is analyzed again (e.g.
    // `df.drop("x").orderBy("y")`). A name shared by both sides of a join is pinned to its side's
    // plan, as `left.col(name)` would be.
    const count = (n: string): number => resolved.output.filter((a) => a.name.toLowerCase() === n.toLowerCase()).length;
    const p = this.plan;
    const leftWidth = p.kind === "join" && p.using === null ? new DataFrame(this.sparkSession, p.left).resolved().output.length : -1;
    const ref = (a: (typeof keep)[number]): Expr => {
      if (count(a.name) === 1) return { kind: "col", name: quote(a.name) };
      if (p.kind === "join" && leftWidth >= 0) {
        const side = resolved.output.indexOf(a) < leftWidth ? p.left : p.right;
        return { kind: "col", name: quote(a.name), planId: side.planId };
      }
      return { kind: "attr", exprId: a.exprId, name: a.name, dataType: a.dataType, nullable: a.nullable };
    };
    return this.with({ kind: "project", child: this.plan, exprs: keep.map(ref) });
  }
  /** Names this DataFrame so columns can be written `alias.col`. Example: `df.alias("t")`. */
  alias(name: string): DataFrame { return this.with({ kind: "subqueryAlias", child: this.plan, alias: name }); }

  /** Groups rows for aggregation. Example: `df.groupBy("vendor").count()`. */
  groupBy(...cols: ColumnsArg[]): GroupedData { return new GroupedData(this, flat(cols).map(colOrName)); }
  /** Alias of {@link groupBy}. */
  groupby(...cols: ColumnsArg[]): GroupedData { return this.groupBy(...cols); }
  /** Aggregates over all rows. Example: `df.agg(F.max("a"))`. */
  agg(...exprs: Column[]): DataFrame { return this.groupBy().agg(...exprs); }

  /** Distinct rows. */
  distinct(): DataFrame { return this.with({ kind: "distinct", child: this.plan, subset: null }); }
  /** Drops duplicate rows, optionally considering only some columns (keeps the first). Example: `df.dropDuplicates(["a"])`. */
  dropDuplicates(subset?: readonly string[]): DataFrame {
    return this.with({ kind: "distinct", child: this.plan, subset: subset === undefined ? null : [...subset] });
  }
  /** Alias of {@link dropDuplicates}. */
  drop_duplicates(subset?: readonly string[]): DataFrame { return this.dropDuplicates(subset); }
  /**
   * Streaming deduplication bounded by the watermark (Spark 3.5+): the first row of each key passes,
   * and the key is remembered until the watermark passes that row's event time + the delay. Needs
   * `withWatermark` upstream; a batch DataFrame refuses it when run, as Spark does.
   * Example: `events.withWatermark("t", "10 minutes").dropDuplicatesWithinWatermark(["id"])`.
   */
  dropDuplicatesWithinWatermark(subset?: readonly string[]): DataFrame {
    return this.with({ kind: "distinct", child: this.plan, subset: subset === undefined ? null : [...subset], withinWatermark: true });
  }

  /**
   * Sorts (asc nulls first by default; `.desc()` is nulls last). `ascending` may be a boolean or
   * one per column, as in PySpark. Example: `df.orderBy(F.col("n").desc(), "a")`.
   */
  orderBy(...cols: (ColumnsArg | { ascending: boolean | boolean[] })[]): DataFrame {
    let asc: boolean | boolean[] | undefined;
    const plain: ColumnsArg[] = [];
    for (const c of cols) {
      if (typeof c === "object" && c !== null && !(c instanceof Column) && !Array.isArray(c) && "ascending" in c) asc = c.ascending;
      else plain.push(c as ColumnsArg);
    }
    const exprs = flat(plain).map((c, i) => {
      const e = colOrName(c);
      const a = asc === undefined ? undefined : Array.isArray(asc) ? asc[i] : asc;
      if (a === undefined || e.kind === "sort") return e;
      return { kind: "sort", child: e, ascending: a, nullsFirst: a } as Expr;
    });
    return this.with({ kind: "sort", child: this.plan, orders: exprs });
  }
  /** Alias of {@link orderBy}. */
  sort(...cols: (ColumnsArg | { ascending: boolean | boolean[] })[]): DataFrame { return this.orderBy(...cols); }
  /** The first `n` rows. Example: `df.limit(10)`. */
  limit(n: number): DataFrame { return this.with({ kind: "limit", child: this.plan, n }); }

  /**
   * Joins with another DataFrame on column names, a condition, or nothing (cross). `how` is
   * PySpark's: inner, left, right, full/outer, left_semi, left_anti, cross.
   * Example: `trips.join(zones, "zone_id", "left")`.
   */
  join(other: DataFrame, on?: string | readonly string[] | Column | readonly Column[] | null, how = "inner"): DataFrame {
    const joinType = JOIN_TYPES[how.toLowerCase().replace(/\s/g, "")];
    if (joinType === undefined) {
      throw new AnalysisError(`[UNSUPPORTED_JOIN_TYPE] Unsupported join type '${how}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'. SQLSTATE: 0A000`, {
        hint: "Pass one of the listed join types.",
      });
    }
    let using: string[] | null = null;
    let cond: Expr | null = null;
    if (typeof on === "string") using = [on];
    else if (Array.isArray(on) && on.every((x) => typeof x === "string")) using = [...(on as string[])];
    else if (on instanceof Column) cond = on.expr;
    else if (Array.isArray(on) && on.length > 0) cond = (on as Column[]).map((c) => c.expr).reduce((a, b) => ({ kind: "binary", op: "and", left: a, right: b }));
    return this.with({ kind: "join", left: this.plan, right: other.plan, joinType: using === null && cond === null && joinType === "inner" ? "cross" : joinType, on: cond, using });
  }
  /** Cartesian product. */
  crossJoin(other: DataFrame): DataFrame { return this.join(other, null, "cross"); }
  /** Rows of both, by column position (UNION ALL; use distinct() for SQL UNION). Example: `a.union(b)`. */
  union(other: DataFrame): DataFrame { return this.with({ kind: "union", left: this.plan, right: other.plan, byName: false, allowMissingColumns: false }); }
  /** Alias of {@link union}. */
  unionAll(other: DataFrame): DataFrame { return this.union(other); }
  /** Union matching columns by name. Example: `a.unionByName(b, true)`. */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    return this.with({ kind: "union", left: this.plan, right: other.plan, byName: true, allowMissingColumns });
  }
  /** Declares the event-time watermark (used by streaming; a pass-through in batch). Example: `df.withWatermark("ts", "10 minutes")`. */
  withWatermark(eventTime: string, delayThreshold: string): DataFrame {
    return this.with({ kind: "withWatermark", child: this.plan, eventTime, delayMicros: parseIntervalMicros(delayThreshold, "delay threshold") });
  }
  /** Missing-value functions: `df.na.drop()`, `df.na.fill(0)`. */
  get na(): DataFrameNaFunctions { return new DataFrameNaFunctions(this); }
  /** Alias of `na.drop`. */
  dropna(how: "any" | "all" = "any", thresh?: number, subset?: readonly string[]): DataFrame { return this.na.drop(how, thresh, subset); }
  /** Alias of `na.fill`. */
  fillna(value: number | string | boolean | Record<string, number | string | boolean>, subset?: readonly string[]): DataFrame { return this.na.fill(value, subset); }

  /** Registers this DataFrame as a temporary view for `spark.table(name)`. */
  createOrReplaceTempView(name: string): void { this.sparkSession.registerView(name, this.plan); }

  // ---- actions ----
  /** All rows. Example: `df.collect()[0].get("a")`. */
  collect(): Row[] {
    const out: Row[] = [];
    for (const b of this.collectBatches()) {
      for (let i = 0; i < b.numRows; i++) out.push(rowFromPhysical(b.schema, b.columns.map((c) => getValue(c, i))));
    }
    return out;
  }
  /** Number of rows. Example: `df.count()`. */
  count(): number {
    const remote = this.isStreaming ? null : remoteSpark(this.sparkSession);
    if (remote !== null) return remote.count(this.plan);
    return this.collectBatches().reduce((a, b) => a + b.numRows, 0);
  }
  /** The first `n` rows. */
  take(n: number): Row[] { return this.limit(n).collect(); }
  /** The first `n` rows (or the first row when n is omitted, null if none). */
  head(n?: number): Row[] | Row | null { if (n === undefined) return this.first(); return this.take(n); }
  /** The first row, or null. */
  first(): Row | null { return this.take(1)[0] ?? null; }
  /** True when there are no rows. */
  isEmpty(): boolean { return this.take(1).length === 0; }
  /** The result as an Arrow table (timestamps in microseconds with the session time zone). */
  toArrow(): arrow.Table {
    const schema = this.schema;
    return batchToArrowTable(concatBatches(this.collectBatches(), schema), this.sparkSession.conf.timeZone);
  }

  /** The text show() prints (without the final newline that println adds). */
  showString(n = 20, truncate: boolean | number = true, vertical = false): string {
    const t = truncate === true ? 20 : truncate === false ? 0 : truncate;
    const num = Math.max(0, n);
    const remote = this.isStreaming ? null : remoteSpark(this.sparkSession);
    if (remote !== null) return remote.showString(this.plan, num, t, vertical);
    const resolved = this.resolved();
    const header = resolved.output.map((a) => a.name);
    const tz = this.sparkSession.conf.timeZone;
    const cells: string[][] = [];
    const batches = execute({ kind: "limit", output: resolved.output, child: resolved, n: num + 1 }, this.execContext());
    for (const b of batches) {
      for (let i = 0; i < b.numRows; i++) cells.push(b.columns.map((c) => prettyCell(getValue(c, i), c.type, tz)));
    }
    return showString(header, cells, num, t, vertical);
  }
  /**
   * Prints rows as a table exactly like PySpark: `show(n = 20, truncate = true, vertical = false)`;
   * `truncate` may be a width. Example: `df.show(5, false)`.
   */
  show(n = 20, truncate: boolean | number = true, vertical = false): void {
    console.log(this.showString(n, truncate, vertical));
  }
  /** Shows the rows as an HTML table in a notebook (show()'s text elsewhere). Example: `df.display({ n: 5 })`. */
  display(options?: DataFrameDisplayOptions): void { displayDataFrame(this, options); }
  /** What console.log and a notebook cell's value print: `DataFrame[a: int]` (rows too with spark.sql.repl.eagerEval.enabled). */
  [Symbol.for("nodejs.util.inspect.custom")](): string { return inspectDataFrame(this); }
}

function quote(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

export { exprName, literal };

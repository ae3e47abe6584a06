/**
 * `SparkSession`: the entry point (PySpark's `pyspark.sql.SparkSession`), built with
 * `SparkSession.builder.appName(...).master(...).config(k, v).getOrCreate()`. It owns the SQL
 * configuration, the temporary views and the DataFrame constructors.
 *
 * ```ts
 * const spark = SparkSession.builder.appName("rides").master("local[2]").getOrCreate();
 * const df = spark.createDataFrame([[1, "a"], [2, "b"]], "id INT, name STRING");
 * ```
 */
import type * as arrow from "apache-arrow";
import { AnalysisError } from "../common/errors.js";
import type { Expr } from "../expr/expression.js";
import { newPlanId, type LogicalPlan } from "../logical/plan.js";
import { arrowTableToBatch } from "../physical/arrow-convert.js";
import { BATCH_ROWS } from "../physical/executor.js";
import { vectorFromValues, type Batch } from "../physical/vector.js";
import { StructField, StructType, type DataType } from "../types/data-types.js";
import { parseSchemaDDL } from "../types/ddl.js";
import { DataFrame } from "./dataframe.js";
import { DataFrameReader } from "./data-frame-reader.js";
import { inferSchema, structValues } from "./local-data.js";
import { RuntimeConfig } from "./runtime-conf.js";
import { setSqlExpressionParser } from "../expr/functions.js";
import { parseSqlExpression } from "../sql/parse-expression.js";
import { sqlToPlan } from "../sql/sql-query.js";
import { defaultTimeZone } from "../types/datetime.js";
import { DataStreamReader } from "../streaming/data-stream-reader.js";
import { StreamingQueryManager } from "../streaming/query-manager.js";
import { stopRemoteSpark } from "../bridge/remote/remote-session.js";

let active: SparkSession | null = null;
let expressionParser: ((text: string) => Expr) | null = null;

/** Installs the SQL expression parser used by selectExpr/filter strings. */
export function setExpressionParser(p: (text: string) => Expr): void { expressionParser = p; }

/** Builds or returns the session (PySpark's `SparkSession.Builder`). */
export class SparkSessionBuilder {
  readonly #options = new Map<string, string>();

  /** Sets `spark.app.name`. */
  appName(name: string): this { this.#options.set("spark.app.name", name); return this; }
  /**
   * Sets `spark.master`: `local[N]` runs in Kindling, streaming work on N worker threads (`local[*]`: one per core,
   * `local`: the main thread only; see src/parallel), `spark://host:port` runs the queries on that Spark master (src/bridge/remote).
   */
  master(master: string): this { this.#options.set("spark.master", master); return this; }
  /** Sets a configuration key. Example: `.config("spark.sql.session.timeZone", "UTC")`. */
  config(key: string, value: string | number | boolean): this { this.#options.set(key, String(value)); return this; }
  /** The active session, created if needed; builder options are applied to it. */
  getOrCreate(): SparkSession {
    if (active === null) active = new SparkSession(new RuntimeConfig(this.#options));
    else for (const [k, v] of this.#options) active.conf.set(k, v);
    return active;
  }
}

/** The entry point to DataFrames. */
export class SparkSession {
  /** The SQL configuration. */
  readonly conf: RuntimeConfig;
  readonly #views = new Map<string, LogicalPlan>();

  /** Use `SparkSession.builder` instead. */
  constructor(conf: RuntimeConfig = new RuntimeConfig()) {
    this.conf = conf;
  }

  /** A new builder. Example: `SparkSession.builder.getOrCreate()`. */
  static get builder(): SparkSessionBuilder { return new SparkSessionBuilder(); }

  /** The active session, if any. */
  static getActiveSession(): SparkSession | null { return active; }

  /**
   * A reader of files into DataFrames (PySpark's `spark.read`).
   * Example: `spark.read.option("header", true).csv("rides.csv")`.
   */
  get read(): DataFrameReader { return new DataFrameReader(this); }

  /** The application name. */
  get appName(): string { return this.conf.get("spark.app.name"); }

  #streams: StreamingQueryManager | undefined;
  /** The session's streaming queries and listeners. Example: `spark.streams.active`. */
  get streams(): StreamingQueryManager { return (this.#streams ??= new StreamingQueryManager()); }
  /** Reads streams. Example: `spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 10).load()`. */
  get readStream(): DataStreamReader { return new DataStreamReader(this); }

  /**
   * A DataFrame from rows (arrays, objects or Rows) or an Arrow table, with a schema given as a
   * StructType, a DDL string, a list of column names, or inferred as PySpark does.
   * Example: `spark.createDataFrame([{ a: 1 }, { a: 2 }])`.
   */
  createDataFrame(data: readonly unknown[] | arrow.Table, schema?: StructType | string | readonly string[]): DataFrame {
    if (!Array.isArray(data)) {
      const batch = arrowTableToBatch(data as arrow.Table);
      return this.fromBatches(batch.schema, [batch]);
    }
    const rows = data as readonly unknown[];
    let st: StructType;
    if (schema === undefined || Array.isArray(schema)) st = inferSchema(rows, schema as readonly string[] | undefined);
    else if (typeof schema === "string") st = parseSchemaDDL(schema);
    else st = schema as StructType;
    // A single-type schema with scalar rows (createDataFrame([1, 2], "int")) is a column named value.
    const columns: unknown[][] = st.fields.map(() => new Array<unknown>(rows.length));
    rows.forEach((r, i) => {
      const vals = structValues(r, st, `row ${i}`);
      vals.forEach((v, j) => { columns[j]![i] = v; });
    });
    const batch: Batch = { schema: st, numRows: rows.length, columns: st.fields.map((f, j) => vectorFromValues(f.dataType, columns[j]!)) };
    return this.fromBatches(st, [batch]);
  }

  /** A DataFrame over existing batches. */
  fromBatches(schema: StructType, batches: readonly Batch[]): DataFrame {
    return new DataFrame(this, { kind: "localRelation", planId: newPlanId(), schema, batches });
  }

  /**
   * Longs from `start` (inclusive) to `end` (exclusive) in a column named `id`; one argument
   * means `range(0, end)`. Example: `spark.range(5)`.
   */
  range(start: number | bigint, end?: number | bigint, step: number | bigint = 1): DataFrame {
    const [s, e] = end === undefined ? [0n, BigInt(start)] : [BigInt(start), BigInt(end)];
    if (BigInt(step) === 0n) throw new AnalysisError("The step of range() must not be 0.", { hint: "Use a positive or negative step." });
    return new DataFrame(this, { kind: "range", planId: newPlanId(), start: s, end: e, step: BigInt(step) });
  }

  /** The DataFrame registered under a temporary view name. Example: `spark.table("rides")`. */
  table(name: string): DataFrame {
    const p = this.#views.get(name.toLowerCase());
    if (p === undefined) {
      throw new AnalysisError(
        `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${name}\` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01`,
        { hint: `Register it first with df.createOrReplaceTempView("${name}"). Known views: ${[...this.#views.keys()].join(", ") || "none"}.` },
      );
    }
    return new DataFrame(this, { kind: "subqueryAlias", planId: newPlanId(), child: p, alias: name });
  }

  /** Registers a temporary view (used by DataFrame.createOrReplaceTempView). */
  registerView(name: string, plan: LogicalPlan): void { this.#views.set(name.toLowerCase(), plan); }

  /** Drops a temporary view; true if it existed. */
  dropTempView(name: string): boolean { return this.#views.delete(name.toLowerCase()); }

  /** Parses a SQL expression string (for selectExpr and string filters). */
  parseExpression(text: string): Expr {
    if (expressionParser === null) return parseSqlExpression(text, { timeZone: this.conf.timeZone });
    return expressionParser(text);
  }

  /**
   * Runs a SQL query over the temporary views (PySpark's `spark.sql`): SELECT [DISTINCT] … FROM
   * views, subqueries and joins, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, UNION, WITH.
   * Example: `spark.sql("SELECT vendor, count(*) AS n FROM rides GROUP BY vendor ORDER BY n DESC")`.
   */
  sql(sqlText: string): DataFrame {
    const c = this.conf;
    const catalog = { view: (n: string) => this.#views.get(n.toLowerCase()), viewNames: () => [...this.#views.keys()] };
    return new DataFrame(this, sqlToPlan(sqlText, catalog, { ansi: c.ansi, caseSensitive: c.caseSensitive, timeZone: c.timeZone }));
  }

  /** Stops the session: forgets views; the next getOrCreate() makes a new session. */
  stop(): void {
    this.#views.clear();
    stopRemoteSpark(this);
    if (active === this) active = null;
  }
}

// F.expr parses in the active session's time zone (for TIMESTAMP '...' literals).
setSqlExpressionParser((text) => parseSqlExpression(text, { timeZone: SparkSession.getActiveSession()?.conf.timeZone ?? defaultTimeZone() }));

/** Field helper for tests: a schema from [name, type] pairs. */
export function schemaOfPairs(pairs: readonly [string, DataType][]): StructType {
  return StructType(pairs.map(([n, t]) => StructField(n, t, true)));
}

export { BATCH_ROWS };

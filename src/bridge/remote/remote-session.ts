/**
 * A Kindling session whose master is `spark://…`: its batch actions and streaming queries run on
 * that Spark master, through the session's {@link RemoteSparkDriver}. The PySpark code is what
 * `toPySpark()` generates; results come back as Parquet that Spark writes and Kindling's own
 * Parquet reader decodes, so `collect()`, `count()`, `show()`, `toArrow()` and `take()` give the
 * same values and types as a local session.
 *
 * ```ts
 * const spark = SparkSession.builder.master("spark://127.0.0.1:7077").getOrCreate();
 * spark.range(10).groupBy(F.col("id").mod(2)).count().show();   // computed by Spark
 * ```
 */
import type { LogicalPlan } from "../../logical/plan.js";
import { parquetSchema, readParquetFile } from "../../physical/sources/parquet/parquet-io.js";
import { vectorFromValues, type Batch } from "../../physical/vector.js";
import { StructField, StructType } from "../../types/data-types.js";
import { generatePySpark, type SessionLike } from "../generate.js";
import type { StreamSinkSpec } from "../sink-to-py.js";
import { remoteMasterOf } from "./master-url.js";
import { RemoteSparkDriver } from "./remote-driver.js";
import { RemoteQueryExecution } from "./remote-query.js";

/** The session settings the driver needs as well (not only the generated code). */
interface RemoteSessionLike extends SessionLike {
  readonly conf: SessionLike["conf"] & { get(key: string, dflt?: string): string };
}

const drivers = new WeakMap<object, RemoteSparkDriver>();

/** Spark's schema of a result, as the driver reports it. */
export interface RemoteField {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
}

/**
 * The session's Spark driver when the session runs on a Spark master, else null (run locally).
 * The driver starts on first use.
 *
 * @example remoteSpark(df.sparkSession)?.appId
 */
export function remoteSpark(session: RemoteSessionLike): RemoteSpark | null {
  const master = remoteMasterOf(session.conf);
  if (master === null) return null;
  let driver = drivers.get(session);
  if (driver === undefined || driver.options.master.url !== master.url) {
    driver?.kill();
    const all = session.conf.getAll();
    const conf = Object.fromEntries(Object.entries(all).filter(([k]) => k !== "spark.master" && k !== "spark.app.name"));
    driver = RemoteSparkDriver.launch({ master, appName: all["spark.app.name"] ?? "kindling", conf });
    drivers.set(session, driver);
  }
  return new RemoteSpark(session, driver);
}

/** Stops the session's driver, if it has one (what `spark.stop()` calls). */
export function stopRemoteSpark(session: object): void {
  const driver = drivers.get(session);
  drivers.delete(session);
  driver?.stopSync();
}

/** Reads the result files the driver wrote as one batch, with Spark's column names. */
export function readResultBatches(dir: string, fields: readonly RemoteField[]): Batch[] {
  return RemoteSparkDriver.parquetFiles(dir).map((file) => {
    const batch = readParquetFile(file, parquetSchema(file));
    // Columns were renamed c0..cN for Parquet (a result may repeat a name); Spark's names come back.
    const schema = StructType(batch.schema.fields.map((f, i) => StructField(fields[i]?.name ?? f.name, f.dataType, fields[i]?.nullable ?? f.nullable)));
    return { ...batch, schema };
  });
}

/** The actions of one DataFrame's session on Spark. */
export class RemoteSpark {
  constructor(
    private readonly session: RemoteSessionLike,
    readonly driver: RemoteSparkDriver,
  ) {}

  private code(plan: LogicalPlan): string {
    return generatePySpark([{ kind: "batch", session: this.session, plan }], { action: "none" });
  }

  /** `df.collect()` / `toArrow()` on Spark: the rows in Spark's order. */
  collectBatches(plan: LogicalPlan, emptySchema: () => StructType): Batch[] {
    const out = this.driver.resultDir();
    const reply = this.driver.requestSync({ op: "batch", mode: "collect", code: this.code(plan), out: `${out}/rows` });
    const batches = readResultBatches(`${out}/rows`, reply["schema"] as RemoteField[]);
    if (batches.length > 0) return batches;
    const schema = emptySchema();
    return [{ schema, numRows: 0, columns: schema.fields.map((f) => vectorFromValues(f.dataType, [])) }];
  }

  /** `df.count()` on Spark. */
  count(plan: LogicalPlan): number {
    return Number(this.driver.requestSync({ op: "batch", mode: "count", code: this.code(plan) })["count"]);
  }

  /** The text Spark's `df.show(n, truncate, vertical)` prints (Spark's showString). */
  showString(plan: LogicalPlan, n: number, truncate: number, vertical: boolean): string {
    const reply = this.driver.requestSync({ op: "batch", mode: "show", code: this.code(plan), n, truncate, vertical });
    return String(reply["show"]).replace(/\n$/, "");
  }

  /** Starts `df.writeStream...start()` on Spark; the handle reads the real query's state. */
  startStream(plan: LogicalPlan, sink: StreamSinkSpec): RemoteQueryExecution {
    const code = generatePySpark([{ kind: "stream", session: this.session, plan, sink }], { action: "none" });
    const reply = this.driver.requestSync({ op: "stream", code });
    return new RemoteQueryExecution(this.driver, reply);
  }
}

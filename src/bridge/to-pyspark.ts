/**
 * The entry points behind `df.toPySpark()` and `df.writeStream....toPySpark()`: they take what
 * the DataFrame and the writer hold (plain data) and hand it to {@link generatePySpark}. The
 * parameter types are structural so DataFrame and DataStreamWriter delegate here without this
 * module importing them.
 *
 * ```ts
 * console.log(df.filter(F.col("fare").gt(10)).toPySpark());
 * console.log(counts.writeStream.format("kafka").option("topic", "out").toPySpark());
 * ```
 */
import type { LogicalPlan } from "../logical/plan.js";
import { generatePySpark, type CodegenTarget, type PySparkOptions, type SessionLike } from "./generate.js";
import type { StreamSinkSpec } from "./sink-to-py.js";

/** What a DataFrame offers the generator. */
export interface DataFrameLike {
  readonly plan: LogicalPlan;
  readonly sparkSession: SessionLike;
}

/**
 * A runnable PySpark script computing `df` and showing it.
 *
 * @example dataFrameToPySpark(df, { action: "none" })
 */
export function dataFrameToPySpark(df: DataFrameLike, options: PySparkOptions = {}): string {
  return emit({ kind: "batch", session: df.sparkSession, plan: df.plan }, options);
}

/**
 * A runnable PySpark script starting the streaming query `df.writeStream...` describes.
 *
 * @example streamWriterToPySpark(df, { format: "console", outputMode: "append", options: {}, queryName: null, trigger: { kind: "default" }, path: null })
 */
export function streamWriterToPySpark(df: DataFrameLike, sink: StreamSinkSpec, options: PySparkOptions = {}): string {
  return emit({ kind: "stream", session: df.sparkSession, plan: df.plan, sink }, options);
}

function emit(target: CodegenTarget, options: PySparkOptions): string {
  if (options.collectInto === undefined) return generatePySpark([target], options);
  options.collectInto.push(target);
  return "";
}

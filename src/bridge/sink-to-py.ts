/**
 * A streaming query's writer as PySpark code: `df.writeStream.format(...).outputMode(...)
 * .option(...).trigger(...).queryName(...).start(path)`. A sink that calls back into TypeScript
 * (`foreachBatch`, `foreach`) has no Spark equivalent and is refused, never silently replaced.
 *
 * ```ts
 * sinkToPy(name("counts"), { format: "kafka", outputMode: "update", options: { topic: "out" }, ... }, dialect);
 * ```
 */
import { NotImplementedError } from "../common/errors.js";
import type { Trigger } from "../streaming/trigger.js";
import { intervalText } from "./interval-text.js";
import { attr, bool, method, str, type PyExpr } from "./py-ast.js";
import { canonicalOptionKey, type SparkDialect } from "./spark-dialect.js";

/** A `writeStream` call as data (what DataStreamWriter collected before `start()`). */
export interface StreamSinkSpec {
  /** Lower-cased format, or null for the session's default source format. */
  readonly format: string | null;
  readonly outputMode: string;
  /** Keys lower-cased, as DataStreamWriter keeps them. */
  readonly options: Readonly<Record<string, string>>;
  readonly queryName: string | null;
  readonly trigger: Trigger;
  /** The path given to `start(path)`, if any. */
  readonly path: string | null;
}

const WAY_OUT = 'write to a Kafka topic (.format("kafka").option("topic", ...)) or to files (.format("parquet").option("path", ...)) and process them on the Spark side';

/** The `.start(...)` call of a query writing `df`. */
export function sinkToPy(df: PyExpr, s: StreamSinkSpec, dialect: SparkDialect): PyExpr {
  if (s.format === "foreachbatch" || s.format === "foreach") {
    const what = s.format === "foreachbatch" ? "foreachBatch" : "foreach";
    throw new NotImplementedError(`the ${what} sink${s.queryName === null ? "" : ` of query ${s.queryName}`} calls a TypeScript function, which cannot run on Spark`, { hint: WAY_OUT });
  }
  let w = attr(df, "writeStream");
  if (s.format !== null) w = method(w, "format", [str(s.format)]);
  w = method(w, "outputMode", [str(s.outputMode)]);
  for (const [k, v] of Object.entries(s.options)) {
    if (k === "path" && s.path !== null) continue;
    w = method(w, "option", [str(canonicalOptionKey(dialect, k)), str(v)]);
  }
  const t = s.trigger;
  if (t.kind === "processingTime") w = method(w, "trigger", [], [["processingTime", str(intervalText(t.intervalMs * 1000))]]);
  else if (t.kind === "availableNow") w = method(w, "trigger", [], [["availableNow", bool(true)]]);
  else if (t.kind === "once") w = method(w, "trigger", [], [["once", bool(true)]]);
  if (s.queryName !== null) w = method(w, "queryName", [str(s.queryName)]);
  return method(w, "start", s.path === null ? [] : [str(s.path)]);
}

import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { AnalysisError } from "../common/errors.js";
import type { LogicalPlan } from "../logical/plan.js";
import type { DataFrame } from "../session/dataframe.js";
import type { SparkSession } from "../session/spark-session.js";
import { MicroBatchExecution } from "./micro-batch-execution.js";
import { IncrementalExecutor, shufflePartitionsOf } from "./plan/incremental-executor.js";
import { parallelOptionsFromConf } from "../parallel/run-slices.js";
import { parseOutputMode, type OutputMode } from "./plan/output-mode.js";
import { streamingLeaves } from "./plan/streaming-leaf.js";
import { ConsoleSink } from "./sinks/console-sink.js";
import { ForeachBatchSink, type ForeachBatchFunction } from "./sinks/foreach-batch-sink.js";
import { ForeachSink, type ForeachWriter } from "./sinks/foreach-sink.js";
import { MemorySink } from "./sinks/memory-sink.js";
import type { StreamSink } from "./source.js";
import { StreamingQuery } from "./streaming-query.js";
import { parseTrigger, type Trigger, type TriggerOptions } from "./trigger.js";
import type { StreamingQueryManager } from "./query-manager.js";
import type { StructType } from "../types/data-types.js";
import { installStopOnInterrupt, runTriggerOverride } from "./run-mode.js";
import { KafkaSink } from "../connectors/kafka/kafka-sink.js";
import { FileSink } from "./sinks/file-sink.js";
import { streamWriterToPySpark } from "../bridge/to-pyspark.js";
import type { PySparkOptions } from "../bridge/generate.js";
import { remoteSpark } from "../bridge/remote/remote-session.js";

/** What a sink factory gets: the session, options, output mode, query name and result schema. */
export interface SinkContext {
  readonly session: SparkSession;
  readonly options: Readonly<Record<string, string>>;
  readonly outputMode: OutputMode;
  readonly queryName: string | null;
  readonly schema: StructType;
  readonly path: string | null;
}

export type StreamSinkFactory = (ctx: SinkContext) => StreamSink;

/** Sinks that need no checkpointLocation (Spark: memory, console, foreachBatch, foreach use a temporary one). */
const TEMP_CHECKPOINT_SINKS = new Set(["console", "memory", "foreachbatch", "foreach", "noop"]);
const fileSink = (format: string): StreamSinkFactory => (ctx) => new FileSink(format, ctx.path, ctx.options, ctx.outputMode, ctx.session.conf.timeZone);
const SINK_FACTORIES = new Map<string, StreamSinkFactory>([
  ["kafka", (ctx) => new KafkaSink(ctx.options, ctx.schema)],
  ["parquet", fileSink("parquet")],
  ["json", fileSink("json")],
  ["csv", fileSink("csv")],
]);

/** Makes `writeStream.format(name)` available (connectors register themselves). */
export function registerStreamSink(format: string, factory: StreamSinkFactory): void {
  SINK_FACTORIES.set(format.toLowerCase(), factory);
}

/**
 * `df.writeStream`: PySpark's DataStreamWriter. `start()` analyses the query at once (a wrong
 * output mode or a missing checkpoint fails right there) and returns the running query.
 *
 * @example
 * ```ts
 * const q = counts.writeStream.outputMode("update").format("console").option("truncate", false)
 *   .trigger({ processingTime: "5 seconds" }).start();
 * ```
 */
export class DataStreamWriter {
  private mode: OutputMode = "append";
  private sinkFormat: string | null = null;
  private readonly opts: Record<string, string> = {};
  private name: string | null = null;
  private triggerSpec: Trigger = { kind: "default" };
  private batchFn: ForeachBatchFunction | null = null;
  private rowWriter: ForeachWriter | null = null;

  constructor(private readonly df: DataFrame) {}

  outputMode(mode: string): this {
    this.mode = parseOutputMode(mode);
    return this;
  }

  format(source: string): this {
    this.sinkFormat = source.toLowerCase();
    return this;
  }

  option(key: string, value: string | number | boolean): this {
    this.opts[key.toLowerCase()] = String(value);
    return this;
  }

  options(map: Readonly<Record<string, string | number | boolean>>): this {
    for (const [k, v] of Object.entries(map)) this.option(k, v);
    return this;
  }

  queryName(name: string): this {
    this.name = name;
    return this;
  }

  /** PySpark's keywords: `{ processingTime: "5 seconds" }`, `{ availableNow: true }`, `{ once: true }`. */
  trigger(options: TriggerOptions): this {
    this.triggerSpec = parseTrigger(options);
    return this;
  }

  foreachBatch(fn: ForeachBatchFunction): this {
    this.batchFn = fn;
    this.sinkFormat = "foreachbatch";
    return this;
  }

  foreach(writer: ForeachWriter): this {
    this.rowWriter = writer;
    this.sinkFormat = "foreach";
    return this;
  }

  /** The PySpark script of this query, instead of starting it (see src/bridge). Example: `console.log(df.writeStream.format("kafka").option("topic", "out").toPySpark())`. */
  toPySpark(path?: string, options?: PySparkOptions): string { return streamWriterToPySpark(this.df, { format: this.sinkFormat, outputMode: this.mode, options: this.opts, queryName: this.name, trigger: this.triggerSpec, path: path ?? null }, options); }

  /** Starts the query; `path` is the output folder of a file sink. */
  start(path?: string): StreamingQuery {
    const session = this.df.sparkSession;
    const plan: LogicalPlan = this.df.plan;
    const leaves = streamingLeaves(plan);
    if (leaves.length === 0) {
      throw new AnalysisError("'writeStream' can be called only on streaming Dataset/DataFrame", { hint: "use df.write for a batch DataFrame, or read with spark.readStream" });
    }
    const remote = remoteSpark(session);
    if (remote !== null) {
      // On a spark:// session the query runs on that Spark master; the handle reads Spark's query.
      const execution = remote.startStream(plan, { format: this.sinkFormat, outputMode: this.mode, options: this.opts, queryName: this.name, trigger: runTriggerOverride() ?? this.triggerSpec, path: path ?? null });
      const streams = (session as unknown as { streams: StreamingQueryManager }).streams;
      const remoteQuery = new StreamingQuery(execution, execution.running, (q) => streams.terminated(q));
      streams.register(remoteQuery);
      return remoteQuery;
    }
    const conf = session.conf;
    // Each query opens its own sources (its own Kafka consumer, its own offsets).
    const sources = leaves.map((leaf) => leaf.open());
    const executor = new IncrementalExecutor(
      this.df.resolved(),
      leaves,
      sources,
      this.mode,
      () => ({ ansi: conf.ansi, timeZone: conf.timeZone, nowMicros: BigInt(Date.now()) * 1000n }),
      conf.ansi,
      parallelOptionsFromConf((k, d) => conf.get(k, d)),
      shufflePartitionsOf(conf.get("spark.sql.shuffle.partitions", "200")),
    );
    const format = this.sinkFormat ?? session.conf.get("spark.sql.sources.default", "parquet").toLowerCase();
    const sink = this.makeSink(format, executor.schema, path ?? this.opts["path"] ?? null);
    const checkpointLocation = this.checkpointLocation(format);
    const manager = (session as unknown as { streams: StreamingQueryManager }).streams;
    const execution = new MicroBatchExecution({
      name: this.name,
      sources,
      plan: executor,
      sink,
      trigger: runTriggerOverride() ?? this.triggerSpec,
      checkpointLocation,
      conf: {
        "spark.sql.shuffle.partitions": conf.get("spark.sql.shuffle.partitions", "200"),
        "spark.sql.streaming.multipleWatermarkPolicy": "min",
      },
      listeners: manager.listenerBus,
    });
    if (sink instanceof MemorySink) {
      session.registerView(this.name!, { kind: "localRelation", planId: 0, schema: executor.schema, batches: sink.batches });
    }
    const running = (async () => {
      try {
        await execution.initialize();
      } catch (error) {
        // A bad checkpoint: end the query with that error, as a failed start.
        await execution.failBeforeStart(error);
        return;
      }
      await execution.run();
    })();
    const query = new StreamingQuery(execution, running, (q) => manager.terminated(q));
    manager.register(query);
    installStopOnInterrupt(manager);
    return query;
  }

  private makeSink(format: string, schema: StructType, path: string | null): StreamSink {
    const session = this.df.sparkSession;
    switch (format) {
      case "console":
        return new ConsoleSink(session, this.opts);
      case "memory":
        if (this.name === null) throw new AnalysisError("queryName must be specified for memory sink", { hint: 'add .queryName("my_table") to read the results with spark.table("my_table")' });
        return new MemorySink(this.mode);
      case "foreachbatch":
        return new ForeachBatchSink(session, this.batchFn!);
      case "foreach":
        return new ForeachSink(this.rowWriter!);
      default: {
        const factory = SINK_FACTORIES.get(format);
        if (factory === undefined) {
          throw new AnalysisError(`[DATA_SOURCE_NOT_FOUND] Failed to find the data source: ${format}.`, {
            hint: `the streaming sinks are: ${["console", "memory", "foreachBatch", "foreach", ...SINK_FACTORIES.keys()].join(", ")}`,
          });
        }
        return factory({ session, options: this.opts, outputMode: this.mode, queryName: this.name, schema, path });
      }
    }
  }

  /** The checkpoint folder: the option, else `spark.sql.streaming.checkpointLocation/<name or id>`, else none where Spark allows a temporary one. */
  private checkpointLocation(format: string): string | null {
    const given = this.opts["checkpointlocation"];
    if (given !== undefined) return given;
    const root = this.df.sparkSession.conf.get("spark.sql.streaming.checkpointLocation", "");
    if (root !== "") return join(root, this.name ?? randomUUID());
    if (TEMP_CHECKPOINT_SINKS.has(format)) return null;
    throw new AnalysisError(
      'checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...)',
      { hint: `the ${format} sink needs a checkpoint for exactly-once output: add .option("checkpointLocation", "<a folder>")` },
    );
  }
}

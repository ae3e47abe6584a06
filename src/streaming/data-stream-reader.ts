import { AnalysisError } from "../common/errors.js";
import { RateMicroBatchSource } from "../connectors/rate/rate-micro-batch-source.js";
import { parseRateOptions, RateStreamSource } from "../connectors/rate/rate-source.js";
import { openSocketSource } from "../connectors/socket/text-socket-source.js";
import { defaultParallelism } from "./sources/default-parallelism.js";
import { KafkaSource } from "../connectors/kafka/kafka-source.js";
import { parseKafkaSourceOptions } from "../connectors/kafka/kafka-options.js";
import { DataFrame } from "../session/dataframe.js";
import type { SparkSession } from "../session/spark-session.js";
import type { StructType } from "../types/data-types.js";
import { parseSchemaDDL } from "../types/ddl.js";
import { FileStreamSource, requireStreamingSchema } from "./sources/file-stream-source.js";
import { sharedSourceLeaf, streamingRelation } from "./plan/streaming-leaf.js";
import type { StreamSource } from "./source.js";

/** A factory of streaming sources by format name, for formats that live in other modules (kafka, files). */
export type StreamSourceFactory = (session: SparkSession, options: Readonly<Record<string, string>>, schema: StructType | null, path: string | null) => StreamSource;

const FACTORIES = new Map<string, StreamSourceFactory>([
  ["rate-micro-batch", (_s, options) => new RateMicroBatchSource(options)],
  ["rate", (session, options) => new RateStreamSource(parseRateOptions(options, defaultParallelism(session)))],
  ["socket", (session, options) => openSocketSource(options, defaultParallelism(session))],
  ["kafka", (_s, options) => new KafkaSource(parseKafkaSourceOptions(options, true))],
  ...(["csv", "json", "parquet"] as const).map((format): [string, StreamSourceFactory] => [
    format,
    (session, options, schema, path) => {
      if (path === null) throw new AnalysisError(`the ${format} stream source needs a folder`, { hint: `.${format}("in/folder") or .load("in/folder")` });
      return new FileStreamSource(session, format, requireStreamingSchema(schema, format), path, options);
    },
  ]),
]);

/** Makes `spark.readStream.format(name)` available (connectors register themselves). */
export function registerStreamSource(format: string, factory: StreamSourceFactory): void {
  FACTORIES.set(format.toLowerCase(), factory);
}

/**
 * `spark.readStream`: PySpark's DataStreamReader. Options are case-insensitive, as in Spark.
 *
 * @example
 * ```ts
 * const rides = spark.readStream.format("kafka")
 *   .option("kafka.bootstrap.servers", "127.0.0.1:9092").option("subscribe", "rides_csv").load();
 * ```
 */
export class DataStreamReader {
  private sourceFormat: string | null = null;
  private readonly opts: Record<string, string> = {};
  private userSchema: StructType | null = null;

  constructor(private readonly session: SparkSession) {}

  format(source: string): this {
    this.sourceFormat = source.toLowerCase();
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

  /** The schema of a file source: a StructType or a DDL string like `"vendor_id INT, pickup TIMESTAMP"`. */
  schema(schema: StructType | string): this {
    this.userSchema = typeof schema === "string" ? parseSchemaDDL(schema) : schema;
    return this;
  }

  /** The streaming DataFrame. */
  load(path?: string): DataFrame {
    const format = this.sourceFormat;
    if (format === null) {
      throw new AnalysisError("readStream needs a source format", { hint: 'call .format("kafka"), .format("rate-micro-batch"), .csv(path) or .json(path) first' });
    }
    const factory = FACTORIES.get(format);
    if (factory === undefined) {
      throw new AnalysisError(`[DATA_SOURCE_NOT_FOUND] Failed to find the data source: ${format}.`, { hint: `the streaming sources are: ${[...FACTORIES.keys()].sort().join(", ")}` });
    }
    const options = { ...this.opts };
    const schema = this.userSchema;
    const where = path ?? this.opts["path"] ?? null;
    // Validate the options now (as Spark does at load()); each query then opens a source of its own.
    const probe = factory(this.session, options, schema, where);
    return new DataFrame(
      this.session,
      streamingRelation({
        schema: probe.schema,
        description: probe.description,
        spec: { format, options, userSchema: schema, path: where },
        open: () => factory(this.session, options, schema, where),
      }),
    );
  }

  csv(path: string): DataFrame {
    return this.format("csv").load(path);
  }

  json(path: string): DataFrame {
    return this.format("json").load(path);
  }

  parquet(path: string): DataFrame {
    return this.format("parquet").load(path);
  }
}

/** A DataFrame over a source object (e.g. a MemoryStream), for tests and notebooks. */
export function streamingDataFrame(session: SparkSession, source: StreamSource): DataFrame {
  return new DataFrame(session, streamingRelation(sharedSourceLeaf(source)));
}

/**
 * `spark.read` (PySpark's `DataFrameReader`): `format(...)`, `option(...)`, `options({...})`,
 * `schema(StructType | DDL)`, then `load(path)` or the shortcuts `csv`, `json`, `parquet`. A path
 * may be a file, a directory (its part files; `name=value` folders become partition columns) or a
 * glob (`format("kafka")` takes no path: the options name the topics). Without a schema, CSV columns are strings (or inferred with `inferSchema`), JSON and
 * Parquet schemas are read from the data, as Spark does at load time.
 *
 * ```ts
 * const rides = spark.read.option("header", true).option("inferSchema", true).csv("data/rides.csv");
 * const events = spark.read.schema("id BIGINT, at TIMESTAMP").json("data/events/");
 * ```
 */
import { AnalysisError, NotImplementedError } from "../common/errors.js";
import { newPlanId } from "../logical/plan.js";
import { csvOptions } from "../physical/sources/csv/csv-options.js";
import { inferCsvSchema } from "../physical/sources/csv/csv-schema.js";
import { listInputFiles } from "../physical/sources/input-files.js";
import { inferJsonSchema } from "../physical/sources/json/json-infer.js";
import { jsonOptions } from "../physical/sources/json/json-options.js";
import { parquetSchema } from "../physical/sources/parquet/parquet-io.js";
import { PARTITION_COLUMNS_OPTION } from "../physical/sources/register-formats.js";
import { StructField, StructType } from "../types/data-types.js";
import { parseSchemaDDL } from "../types/ddl.js";
import { kafkaSchema } from "../connectors/kafka/kafka-batch.js";
import "../connectors/kafka/kafka-batch-sync.js";
import { parseKafkaSourceOptions } from "../connectors/kafka/kafka-options.js";
import { DataFrame } from "./dataframe.js";
import type { SparkSession } from "./spark-session.js";

const FORMATS = ["csv", "json", "parquet", "kafka"] as const;
type Format = (typeof FORMATS)[number];
type OptionValue = string | number | boolean | null | undefined;

/** Builds a batch DataFrame over files. */
export class DataFrameReader {
  readonly #session: SparkSession;
  #format: Format = "parquet";
  #options = new Map<string, string>();
  #schema: StructType | null = null;

  constructor(session: SparkSession) { this.#session = session; }

  /**
   * Sets the format: "csv", "json" or "parquet" (Spark's default is parquet).
   * @example spark.read.format("csv").option("header", true).load("rides.csv")
   */
  format(source: string): this {
    const f = source.toLowerCase();
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new NotImplementedError(`The data source "${source}" is not supported by Kindling.`, { hint: `Use one of ${FORMATS.join(", ")}.` });
    }
    this.#format = f as Format;
    return this;
  }

  /**
   * Sets an option (keys are case-insensitive, as in Spark).
   * @example spark.read.option("header", true).option("sep", ";").csv("data.csv")
   */
  option(key: string, value: OptionValue): this {
    if (value === null || value === undefined) this.#options.delete(key.toLowerCase());
    else this.#options.set(key.toLowerCase(), String(value));
    return this;
  }

  /**
   * Sets several options.
   * @example spark.read.options({ header: true, inferSchema: true }).csv("rides.csv")
   */
  options(opts: Readonly<Record<string, OptionValue>>): this {
    for (const [k, v] of Object.entries(opts)) this.option(k, v);
    return this;
  }

  /**
   * Sets the schema, as a StructType or a DDL string; skips inference.
   * @example spark.read.schema("VendorID INT, fare DOUBLE").csv("rides.csv")
   */
  schema(schema: StructType | string): this {
    this.#schema = typeof schema === "string" ? parseSchemaDDL(schema) : schema;
    return this;
  }

  /**
   * Loads files of the current format as a DataFrame.
   * @example spark.read.format("json").load(["a.json", "b.json"])
   */
  load(path?: string | readonly string[], format?: string, userSchema?: StructType | string, options: Readonly<Record<string, OptionValue>> = {}): DataFrame {
    if (format !== undefined) this.format(format);
    if (userSchema !== undefined) this.schema(userSchema);
    this.options(options);
    if (this.#format === "kafka") return this.#loadKafka();
    const paths = path === undefined ? (this.#options.get("path") === undefined ? [] : [this.#options.get("path")!]) : typeof path === "string" ? [path] : [...path];
    if (paths.length === 0) throw new AnalysisError("No path was given to load().", { hint: 'Pass a file, directory or glob: spark.read.csv("data/rides.csv").' });
    const { files, partitionSchema } = listInputFiles(paths);
    const opts = Object.fromEntries(this.#options);
    const conf = this.#session.conf;
    let dataSchema: StructType;
    if (this.#schema !== null) {
      const partNames = new Set(partitionSchema.fields.map((f) => f.name.toLowerCase()));
      dataSchema = StructType(this.#schema.fields.filter((f) => !partNames.has(f.name.toLowerCase())).map((f) => StructField(f.name, f.dataType, true)));
    } else if (files.length === 0) {
      throw new AnalysisError(`[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for ${this.#format.toUpperCase()}. It must be specified manually. SQLSTATE: 42KD9`, {
        context: { path: paths.join(", ") }, hint: "The path holds no data files: give a schema with .schema(...) or check the path.",
      });
    } else if (this.#format === "csv") dataSchema = inferCsvSchema(files, csvOptions(opts), conf.timeZone, conf.caseSensitive);
    else if (this.#format === "json") dataSchema = inferJsonSchema(files, jsonOptions(opts));
    else dataSchema = parquetSchema(files[0]!);
    // Validate the options now, so a bad one fails at load time as in Spark.
    if (this.#format === "csv") csvOptions(opts); else if (this.#format === "json") jsonOptions(opts);
    const fullSchema = StructType([...dataSchema.fields, ...partitionSchema.fields]);
    if (partitionSchema.fields.length > 0) opts[PARTITION_COLUMNS_OPTION] = JSON.stringify(partitionSchema.fields.map((f) => f.name));
    return new DataFrame(this.#session, { kind: "fileScan", planId: newPlanId(), format: this.#format, paths: files, schema: fullSchema, options: opts });
  }

  /** `format("kafka")`: Kafka's fixed schema; the records are read when an action runs (see readKafkaBatch). */
  #loadKafka(): DataFrame {
    if (this.#schema !== null) {
      throw new AnalysisError("Kafka source has a fixed schema and cannot be set with a custom one", { hint: "drop .schema(...): parse the value column instead, e.g. F.from_json(F.col(\"value\").cast(\"string\"), schema)" });
    }
    const opts = Object.fromEntries(this.#options);
    const parsed = parseKafkaSourceOptions(opts, false); // Spark validates at load time
    return new DataFrame(this.#session, { kind: "fileScan", planId: newPlanId(), format: "kafka", paths: [], schema: kafkaSchema(parsed.includeHeaders), options: opts });
  }

  /**
   * Reads CSV files; options as keyword-style object (PySpark's `csv(path, header=True, ...)`).
   * @example spark.read.csv("rides.csv", { header: true, inferSchema: true })
   */
  csv(path: string | readonly string[], options: Readonly<Record<string, OptionValue>> = {}): DataFrame {
    return this.format("csv").load(path, undefined, undefined, options);
  }

  /**
   * Reads JSON-lines files.
   * @example spark.read.json("events.json", { mode: "DROPMALFORMED" })
   */
  json(path: string | readonly string[], options: Readonly<Record<string, OptionValue>> = {}): DataFrame {
    return this.format("json").load(path, undefined, undefined, options);
  }

  /**
   * Reads Parquet files.
   * @example spark.read.parquet("out/rides.parquet")
   */
  parquet(...paths: string[]): DataFrame {
    return this.format("parquet").load(paths);
  }
}

/**
 * Spark's own error, carried to TypeScript: the Python exception class (`AnalysisException`,
 * `StreamingQueryException`...), Spark's message, error class and SQL state. A missing Kafka
 * connector gets a hint that says how to add it.
 *
 * ```ts
 * throw sparkError({ type: "AnalysisException", message: "[UNRESOLVED_COLUMN...] ...", errorClass: "UNRESOLVED_COLUMN.WITH_SUGGESTION" });
 * ```
 */
import { KindlingError } from "../../common/errors.js";

export interface SparkErrorInfo {
  readonly type: string;
  readonly message: string;
  readonly errorClass?: string | null;
  readonly sqlState?: string | null;
  readonly traceback?: string;
}

/** Spark rejected or failed a query; the message is Spark's. */
export class SparkJobError extends KindlingError {
  readonly info: SparkErrorInfo;

  constructor(info: SparkErrorInfo, hint?: string) {
    super(`${info.type}: ${info.message}`, "user", {
      context: { errorClass: info.errorClass ?? null, sqlState: info.sqlState ?? null },
      ...(hint === undefined ? {} : { hint }),
    });
    this.info = info;
  }

  /** Spark's error class, e.g. `UNRESOLVED_COLUMN.WITH_SUGGESTION`. */
  get errorClass(): string | undefined {
    return this.info.errorClass ?? undefined;
  }
}

export const KAFKA_CONNECTOR_HINT =
  "this Spark lacks the Kafka connector (org.apache.spark:spark-sql-kafka-0-10_2.13:4.1.1 and its dependencies): run `kindling stack up spark` to put its jars in ~/.cache/kindling, and do not pass --no-kafka-jars (Kindling then hands them to Spark with --jars / spark.jars)";

/** True when Spark failed because no Kafka data source is on its class path. */
export function isMissingKafkaConnector(info: SparkErrorInfo): boolean {
  return (info.errorClass === "DATA_SOURCE_NOT_FOUND" || /Failed to find (the )?data source/i.test(info.message)) && /kafka/i.test(info.message);
}

/**
 * The error to throw for what Spark reported.
 *
 * @example sparkError({ type: "AnalysisException", message: "[DATA_SOURCE_NOT_FOUND] Failed to find the data source: kafka." }).hint
 */
export function sparkError(info: SparkErrorInfo): SparkJobError {
  return new SparkJobError(info, isMissingKafkaConnector(info) ? KAFKA_CONNECTOR_HINT : undefined);
}

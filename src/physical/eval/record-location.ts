/**
 * Where a bad value came from. A value error (an ANSI cast of a malformed field, an index past
 * the end of a split) is marked with the row of the operator's input it failed on; when that input
 * is a Kafka source's batch (Spark's Kafka columns topic, partition, offset), the error then names
 * the record, so a user can find it with `kindling consume` or kcat instead of guessing:
 *
 * `[CAST_INVALID_INPUT] The value 'x' ... SQLSTATE: 22018 (Kafka topic rides_csv, partition 2, offset 1234)`
 *
 * Spark's own message stops at the SQLSTATE; the location is Kindling's addition after it.
 */
import { ExecutionError, KindlingError } from "../../common/errors.js";
import { getValue, type Batch } from "../vector.js";

/** Marks `error` (if it is Kindling's and not yet marked) with the input row it failed on, and returns it. */
export function atRow(error: unknown, row: number): unknown {
  if (error instanceof KindlingError && error.context["row"] === undefined) (error.context as Record<string, unknown>)["row"] = row;
  return error;
}

/** The Kafka record of a row of a batch with Spark's Kafka source columns (topic, partition, offset), or null. */
export function kafkaRecordAt(batch: Batch, row: number): { topic: string; partition: number; offset: bigint } | null {
  if (row < 0 || row >= batch.numRows) return null;
  const col = (name: string, kind: string): number => batch.schema.fields.findIndex((f) => f.name === name && f.dataType.kind === kind);
  const t = col("topic", "string");
  const p = col("partition", "integer");
  const o = col("offset", "long");
  if (t < 0 || p < 0 || o < 0) return null;
  const topic = getValue(batch.columns[t]!, row) as string | null;
  const partition = getValue(batch.columns[p]!, row) as number | null;
  const offset = getValue(batch.columns[o]!, row) as bigint | null;
  return topic === null || partition === null || offset === null ? null : { topic, partition, offset };
}

/** The suffix and context an error gets for the Kafka record it came from. */
export function kafkaRecordText(at: { topic: string; partition: number; offset: bigint }): { suffix: string; context: { topic: string; partition: number; offset: number } } {
  return { suffix: ` (Kafka topic ${at.topic}, partition ${at.partition}, offset ${at.offset})`, context: { topic: at.topic, partition: at.partition, offset: Number(at.offset) } };
}

/** The error naming the Kafka record of its row, when `batch` holds Kafka records; else the error itself. */
export function withRecordLocation(error: unknown, batch: Batch): unknown {
  if (!(error instanceof ExecutionError) || error.context["topic"] !== undefined) return error;
  const row = error.context["row"];
  const at = typeof row === "number" ? kafkaRecordAt(batch, row) : null;
  if (at === null) return error;
  const { suffix, context } = kafkaRecordText(at);
  const located = new ExecutionError(`${error.message}${suffix}`, {
    cause: error,
    context: { ...error.context, ...context },
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  });
  located.name = error.name;
  return located;
}

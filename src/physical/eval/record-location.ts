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

/** The error naming the Kafka record of its row, when `batch` holds Kafka records; else the error itself. */
export function withRecordLocation(error: unknown, batch: Batch): unknown {
  if (!(error instanceof ExecutionError) || error.context["topic"] !== undefined) return error;
  const row = error.context["row"];
  if (typeof row !== "number" || row < 0 || row >= batch.numRows) return error;
  const names = batch.schema.fields.map((f) => f.name);
  const at = (name: string, kind: string): number => {
    const i = names.indexOf(name);
    return i >= 0 && batch.schema.fields[i]!.dataType.kind === kind ? i : -1;
  };
  const t = at("topic", "string");
  const p = at("partition", "integer");
  const o = at("offset", "long");
  if (t < 0 || p < 0 || o < 0) return error;
  const topic = getValue(batch.columns[t]!, row) as string | null;
  const partition = getValue(batch.columns[p]!, row) as number | null;
  const offset = getValue(batch.columns[o]!, row) as bigint | null;
  if (topic === null || partition === null || offset === null) return error;
  const located = new ExecutionError(`${error.message} (Kafka topic ${topic}, partition ${partition}, offset ${offset})`, {
    cause: error,
    context: { ...error.context, topic, partition, offset: Number(offset) },
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  });
  located.name = error.name;
  return located;
}

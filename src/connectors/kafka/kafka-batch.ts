import type { KafkaMessage } from "kafkajs";
import type { Batch, Vec } from "../../physical/vector.js";
import { ArrayType, BinaryType, IntegerType, LongType, StringType, StructType, TimestampType, type StructField } from "../../types/data-types.js";

/** Spark's schema of a Kafka source (KafkaRecordToRowConverter), with `headers` when includeHeaders is on. */
export function kafkaSchema(includeHeaders: boolean): StructType {
  const fields: StructField[] = [
    { name: "key", dataType: BinaryType(), nullable: true },
    { name: "value", dataType: BinaryType(), nullable: true },
    { name: "topic", dataType: StringType(), nullable: true },
    { name: "partition", dataType: IntegerType(), nullable: true },
    { name: "offset", dataType: LongType(), nullable: true },
    { name: "timestamp", dataType: TimestampType(), nullable: true },
    { name: "timestampType", dataType: IntegerType(), nullable: true },
  ];
  if (includeHeaders) {
    const header = StructType([
      { name: "key", dataType: StringType(), nullable: true },
      { name: "value", dataType: BinaryType(), nullable: true },
    ]);
    fields.push({ name: "headers", dataType: ArrayType(header, true), nullable: true });
  }
  return StructType(fields);
}

/**
 * One partition slice of fetched records as a batch with Spark's Kafka schema. Keys and values
 * stay bytes (no strings are made here; a CAST to STRING decodes them later), numbers go into
 * typed arrays.
 */
export function kafkaRecordsToBatch(topic: string, partition: number, messages: readonly KafkaMessage[], schema: StructType, includeHeaders: boolean): Batch {
  const n = messages.length;
  const keys = new Array<Uint8Array | null>(n);
  const values = new Array<Uint8Array | null>(n);
  const keyValid = new Uint8Array(n);
  const valueValid = new Uint8Array(n);
  const offsets = new BigInt64Array(n);
  const times = new BigInt64Array(n);
  const headers: unknown[] = includeHeaders ? new Array<unknown>(n) : [];
  let keyNulls = false;
  let valueNulls = false;
  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    keys[i] = m.key ?? null;
    keyValid[i] = m.key === null || m.key === undefined ? ((keyNulls = true), 0) : 1;
    values[i] = m.value ?? null;
    valueValid[i] = m.value === null ? ((valueNulls = true), 0) : 1;
    offsets[i] = BigInt(m.offset);
    times[i] = BigInt(m.timestamp) * 1000n;
    if (includeHeaders) {
      headers[i] = Object.entries(m.headers ?? {}).flatMap(([k, v]) =>
        (Array.isArray(v) ? v : [v]).map((x) => [k, x === undefined ? null : typeof x === "string" ? Buffer.from(x) : x]),
      );
    }
  }
  const [keyT, valueT, topicT, partT, offT, tsT, tstT, headT] = schema.fields.map((f) => f.dataType);
  const columns: Vec[] = [
    { type: keyT!, length: n, values: keys, valid: keyNulls ? keyValid : null },
    { type: valueT!, length: n, values: values, valid: valueNulls ? valueValid : null },
    { type: topicT!, length: n, values: new Array<string>(n).fill(topic), valid: null },
    { type: partT!, length: n, values: new Int32Array(n).fill(partition), valid: null },
    { type: offT!, length: n, values: offsets, valid: null },
    { type: tsT!, length: n, values: times, valid: null },
    // kafkajs does not expose a record's timestamp type per message; CreateTime (0) is the default of every topic.
    { type: tstT!, length: n, values: new Int32Array(n), valid: null },
  ];
  if (includeHeaders) columns.push({ type: headT!, length: n, values: headers, valid: null });
  return { schema, columns, numRows: n };
}

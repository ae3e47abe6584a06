import type { KafkaMessage } from "kafkajs";
import type { Batch, Vec } from "../../physical/vector.js";
import { ArrayType, BinaryType, IntegerType, LongType, StringType, StructType, TimestampType, type StructField } from "../../types/data-types.js";
import { headerList, setMicrosFromMillis, setOffset, timestampTypeOf } from "./kafka-slice.js";

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
 * One partition slice of fetched records as a batch with Spark's Kafka schema (the streaming
 * source's; the batch read builds its columns while fetching, see kafka-slice.ts). Keys and values
 * stay bytes, as views of kafkajs's (no strings are made here; a CAST to STRING decodes them
 * later), numbers go into typed arrays without a BigInt per record.
 */
export function kafkaRecordsToBatch(topic: string, partition: number, messages: readonly KafkaMessage[], schema: StructType, includeHeaders: boolean): Batch {
  const n = messages.length;
  const keys = new Array<Uint8Array | null>(n);
  const values = new Array<Uint8Array | null>(n);
  const keyValid = new Uint8Array(n);
  const valueValid = new Uint8Array(n);
  const offsets = new BigInt64Array(n);
  const offsets32 = new Int32Array(offsets.buffer);
  const times = new BigInt64Array(n);
  const times32 = new Int32Array(times.buffer);
  const timestampTypes = new Int32Array(n);
  const headers: unknown[] = includeHeaders ? new Array<unknown>(n) : [];
  const headerValid = new Uint8Array(includeHeaders ? n : 0);
  let headerNulls = false;
  let keyNulls = false;
  let valueNulls = false;
  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    keys[i] = m.key ?? null;
    keyValid[i] = m.key === null || m.key === undefined ? ((keyNulls = true), 0) : 1;
    values[i] = m.value ?? null;
    valueValid[i] = m.value === null ? ((valueNulls = true), 0) : 1;
    setOffset(offsets, offsets32, i, m.offset);
    timestampTypes[i] = timestampTypeOf(m);
    setMicrosFromMillis(times, times32, i, m.timestamp);
    if (includeHeaders) {
      const list = headerList(m);
      headers[i] = list === null ? ((headerNulls = true), (headerValid[i] = 0), null) : ((headerValid[i] = 1), list);
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
    { type: tstT!, length: n, values: timestampTypes, valid: null },
  ];
  if (includeHeaders) columns.push({ type: headT!, length: n, values: headers, valid: headerNulls ? headerValid : null });
  return { schema, columns, numRows: n };
}

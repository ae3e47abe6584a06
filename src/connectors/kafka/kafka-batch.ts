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
    offsets[i] = BigInt(m.offset);
    timestampTypes[i] = timestampTypeOf(m);
    times[i] = BigInt(m.timestamp) * 1000n;
    if (includeHeaders) {
      // Spark: a record without headers has a null `headers`, not an empty array
      // (KafkaRecordToRowConverter.toInternalRowWithHeaders). kafkajs folds headers into an object,
      // so repeated keys come out grouped by key rather than interleaved as they were written.
      const list = Object.entries(m.headers ?? {}).flatMap(([k, v]) =>
        (Array.isArray(v) ? v : [v]).map((x) => [k, x === undefined ? null : typeof x === "string" ? Buffer.from(x) : x]),
      );
      headers[i] = list.length === 0 ? ((headerNulls = true), (headerValid[i] = 0), null) : ((headerValid[i] = 1), list);
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

/**
 * Spark's `timestampType` column is Kafka's TimestampType id: 0 CreateTime, 1 LogAppendTime
 * (-1 NoTimestampType for pre-0.10 records). kafkajs keeps it on the record batch it decoded the
 * message from (`batchContext`), which its typings do not declare.
 */
function timestampTypeOf(m: KafkaMessage): number {
  const t = (m as { batchContext?: { timestampType?: number } }).batchContext?.timestampType;
  return typeof t === "number" ? t : 0;
}

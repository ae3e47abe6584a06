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


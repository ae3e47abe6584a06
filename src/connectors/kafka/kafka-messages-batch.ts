/**
 * A partition's fetched kafkajs messages (one micro-batch's range of it) as batches with Spark's
 * Kafka schema, keys and values packed (src/physical/packed-binary.ts) by the same slice builder
 * the batch read uses: no per-record object of Kindling's own, and a slice crosses to a worker
 * thread as a few buffers, keys and values in shared memory (read in place by the workers, never
 * copied). Used by the streaming Kafka source.
 *
 * ```ts
 * const batches = kafkaMessagesToBatches("rides", 0, messages, kafkaSchema(false), false);
 * ```
 */
import type { KafkaMessage } from "kafkajs";
import type { Batch } from "../../physical/vector.js";
import type { StructType } from "../../types/data-types.js";
import { KafkaSliceBuilder, kafkaSliceToBatch } from "./kafka-slice.js";

/** Usually one batch; more only when a column passes the builder's byte limit (1 GiB). */
export function kafkaMessagesToBatches(topic: string, partition: number, messages: readonly KafkaMessage[], schema: StructType, includeHeaders: boolean): Batch[] {
  const out: Batch[] = [];
  let left = messages.length;
  let builder = new KafkaSliceBuilder(topic, partition, left, includeHeaders, undefined, true);
  for (const m of messages) {
    if (builder.full) {
      out.push(kafkaSliceToBatch(builder.seal(), schema));
      builder = new KafkaSliceBuilder(topic, partition, left, includeHeaders, undefined, true);
    }
    builder.append(m);
    left--;
  }
  out.push(kafkaSliceToBatch(builder.seal(), schema));
  return out;
}

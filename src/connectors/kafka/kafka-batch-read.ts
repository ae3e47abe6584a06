import { randomUUID } from "node:crypto";
import { ConnectorError } from "../../common/errors.js";
import { connectOrExplain, kafkaClient } from "./client.js";
import { parseKafkaSourceOptions } from "./kafka-options.js";
import { resolveRangeLimit } from "./kafka-range-limit.js";
import { scanKafkaRanges, type PartitionRange } from "./kafka-range-scan.js";
import type { KafkaSlice } from "./kafka-slice.js";
import { clientOverrides, topicRanges } from "./topic-ranges.js";

/** What a batch read returns: the partition slices in columns, and whether they carry `headers`. */
export interface KafkaBatchRead {
  readonly includeHeaders: boolean;
  readonly slices: KafkaSlice[];
}

/**
 * `spark.read.format("kafka")`: every record of the subscribed partitions between the starting and
 * the ending offsets (or timestamps), resolved when the query runs, as Spark's KafkaBatch does.
 * The slices come in topic and partition order (a long range as several slices, in offset order);
 * kafkaSliceToBatch makes them batches with Spark's schema.
 */
export async function readKafkaBatch(rawOptions: Readonly<Record<string, string>>): Promise<KafkaBatchRead> {
  const options = parseKafkaSourceOptions(rawOptions, false);
  const kafka = kafkaClient(options.servers, clientOverrides(options.clientOptions));
  const admin = kafka.admin();
  await connectOrExplain(() => admin.connect(), options.servers);
  try {
    const bounds = await topicRanges(admin, options);
    const from = await resolveRangeLimit(admin, options.startingOffsets, bounds, true, options.startingOffsetsByTimestampStrategy);
    const until = await resolveRangeLimit(admin, options.endingOffsets, bounds, false, options.startingOffsetsByTimestampStrategy);
    const ranges: PartitionRange[] = [];
    for (const topic of [...until.keys()].sort()) {
      const parts = until.get(topic)!;
      for (const p of [...parts.keys()].sort((a, b) => a - b)) {
        const end = parts.get(p)!;
        let begin = from.get(topic)!.get(p)!;
        const low = bounds.low.get(topic)!.get(p)!;
        if (begin < low) {
          // KafkaSourceRDD: offsets that retention already deleted are data loss.
          if (options.failOnDataLoss) {
            throw new ConnectorError(`Cannot fetch offset ${begin} of ${topic}-${p}: the earliest available offset is ${low} (the data was aged out by Kafka or the topic was recreated)`, {
              context: { topic, partition: p, offset: Number(begin) },
              hint: 'start at "earliest", or set .option("failOnDataLoss", "false") to read what is left',
            });
          }
          begin = low;
        }
        if (end > begin) ranges.push({ topic, partition: p, start: begin, end });
      }
    }
    const read = await scanKafkaRanges(kafka, options.servers, `${options.groupIdPrefix}-${randomUUID()}`, ranges, {
      readUncommitted: !options.readCommitted,
      includeHeaders: options.includeHeaders,
    });
    return { includeHeaders: options.includeHeaders, slices: read.flat() };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

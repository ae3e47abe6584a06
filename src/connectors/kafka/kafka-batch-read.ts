import { randomUUID } from "node:crypto";
import { ConnectorError } from "../../common/errors.js";
import type { Batch } from "../../physical/vector.js";
import { connectOrExplain, kafkaClient } from "./client.js";
import { kafkaRecordsToBatch, kafkaSchema } from "./kafka-batch.js";
import { parseKafkaSourceOptions } from "./kafka-options.js";
import { resolveRangeLimit } from "./kafka-range-limit.js";
import { PartitionFetcher } from "./partition-fetcher.js";
import { clientOverrides, topicRanges } from "./topic-ranges.js";

/**
 * `spark.read.format("kafka")`: every record of the subscribed partitions between the starting and
 * the ending offsets (or timestamps), resolved when the query runs, as Spark's KafkaBatch does.
 * One batch per partition slice, in topic and partition order.
 */
export async function readKafkaBatch(rawOptions: Readonly<Record<string, string>>): Promise<Batch[]> {
  const options = parseKafkaSourceOptions(rawOptions, false);
  const kafka = kafkaClient(options.servers, clientOverrides(options.clientOptions));
  const admin = kafka.admin();
  await connectOrExplain(() => admin.connect(), options.servers);
  let fetcher: PartitionFetcher | null = null;
  try {
    const bounds = await topicRanges(admin, options);
    const from = await resolveRangeLimit(admin, options.startingOffsets, bounds, true, options.startingOffsetsByTimestampStrategy);
    const until = await resolveRangeLimit(admin, options.endingOffsets, bounds, false, options.startingOffsetsByTimestampStrategy);
    const schema = kafkaSchema(options.includeHeaders);
    fetcher = new PartitionFetcher(kafka, options.servers, `${options.groupIdPrefix}-${randomUUID()}`, [...until.keys()], { readUncommitted: !options.readCommitted });
    await fetcher.start(from);
    const batches: Batch[] = [];
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
        if (end <= begin) continue;
        batches.push(kafkaRecordsToBatch(topic, p, await fetcher.read(topic, p, begin, end), schema, options.includeHeaders));
      }
    }
    return batches;
  } finally {
    await fetcher?.stop();
    await admin.disconnect().catch(() => undefined);
  }
}

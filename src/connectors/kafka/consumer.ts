import type { Consumer } from "kafkajs";
import { connectOrExplain, kafkaClient } from "./client.js";

/** A record as the console consumer prints it. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
}

export interface ConsumeOptions {
  readonly servers: string;
  readonly topic: string;
  readonly fromBeginning?: boolean;
  /** Stop after this many records. */
  readonly max?: number;
  /** A consumer group to join and commit to; a throw-away group when absent. */
  readonly groupId?: string;
  /** Stop once no record has arrived for this long, after the first poll (default: never). */
  readonly idleMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Reads records of a topic as a group member, like the course's console consumer, handing each to
 * `onRecord`; resolves when `max` records were read, the topic stayed idle for `idleMs`, or the
 * signal aborts.
 */
export async function consumeRecords(options: ConsumeOptions, onRecord: (record: ConsumedRecord) => void): Promise<number> {
  const kafka = kafkaClient(options.servers);
  const groupId = options.groupId ?? `kindling-console-${process.pid}-${Date.now()}`;
  const consumer: Consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await connectOrExplain(() => consumer.connect(), options.servers);
  let count = 0;
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning === true });
    await new Promise<void>((resolve, reject) => {
      let idleTimer: NodeJS.Timeout | undefined;
      const armIdle = (): void => {
        if (options.idleMs === undefined) return;
        clearTimeout(idleTimer);
        idleTimer = setTimeout(finish, options.idleMs);
      };
      function finish(): void {
        clearTimeout(idleTimer);
        resolve();
      }
      options.signal?.addEventListener("abort", finish, { once: true });
      consumer.on(consumer.events.GROUP_JOIN, armIdle);
      consumer
        .run({
          autoCommit: options.groupId !== undefined,
          eachBatch: async ({ batch, heartbeat }) => {
            for (const m of batch.messages) {
              if (options.max !== undefined && count >= options.max) break;
              onRecord({ topic: batch.topic, partition: batch.partition, offset: m.offset, key: m.key, value: m.value, timestamp: m.timestamp });
              count += 1;
            }
            await heartbeat();
            if (options.max !== undefined && count >= options.max) finish();
            else armIdle();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return count;
}

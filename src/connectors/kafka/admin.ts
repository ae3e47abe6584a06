import type { Admin, ITopicMetadata } from "kafkajs";
import { ConnectorError } from "../../common/errors.js";
import { connectOrExplain, kafkaClient } from "./client.js";

/** Runs `work` with a connected kafkajs admin client and always disconnects it. */
export async function withAdmin<T>(servers: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkaClient(servers).admin();
  await connectOrExplain(() => admin.connect(), servers);
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

export interface TopicDescription {
  readonly name: string;
  readonly partitions: ReadonlyArray<{ readonly partition: number; readonly leader: number; readonly low: string; readonly high: string }>;
}

/** Partitions, leaders and offset ranges of a topic; a clear error if it does not exist. */
export async function describeTopic(admin: Admin, topic: string): Promise<TopicDescription> {
  const existing = await admin.listTopics();
  if (!existing.includes(topic)) {
    const visible = existing.filter((t) => !t.startsWith("__")).sort();
    throw new ConnectorError(`topic ${JSON.stringify(topic)} does not exist`, {
      context: { topic },
      hint: visible.length === 0 ? "create it with `kindling topics create`" : `existing topics: ${visible.join(", ")}`,
    });
  }
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const meta = topics[0] as ITopicMetadata;
  const offsets = await admin.fetchTopicOffsets(topic);
  return {
    name: topic,
    partitions: meta.partitions
      .map((p) => {
        const o = offsets.find((x) => x.partition === p.partitionId);
        return { partition: p.partitionId, leader: p.leader, low: o?.low ?? "0", high: o?.high ?? "0" };
      })
      .sort((a, b) => a.partition - b.partition),
  };
}

/** Creates a topic unless it exists; returns true when it was created. */
export async function ensureTopic(admin: Admin, topic: string, partitions: number): Promise<boolean> {
  if ((await admin.listTopics()).includes(topic)) return false;
  return admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
}

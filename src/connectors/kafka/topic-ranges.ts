import type { Admin } from "kafkajs";
import { ConnectorError } from "../../common/errors.js";
import type { PartitionOffsetMap } from "./kafka-offsets.js";
import type { KafkaSourceOptions } from "./kafka-options.js";
import type { PartitionBounds } from "./kafka-range-limit.js";

/** The topics a subscription names now (a pattern is matched against the broker's topics); a clear error for missing ones. */
export async function subscribedTopics(admin: Admin, options: Pick<KafkaSourceOptions, "subscription" | "servers">): Promise<string[]> {
  const sub = options.subscription;
  const existing = await admin.listTopics();
  if (sub.kind === "subscribePattern") return existing.filter((t) => sub.pattern.test(t)).sort();
  const named = sub.kind === "subscribe" ? [...sub.topics] : [...sub.partitions.keys()];
  const missing = named.filter((t) => !existing.includes(t));
  if (missing.length > 0) {
    throw new ConnectorError(`topic(s) ${missing.join(", ")} do not exist on the Kafka broker(s) ${options.servers}`, {
      context: { topic: missing.join(",") },
      hint: `create them (\`kindling topics create ${missing[0]}\`) or check the name; existing topics: ${existing.filter((t) => !t.startsWith("__")).sort().join(", ") || "none"}`,
    });
  }
  return named;
}

/** The low and high watermark of every partition the subscription covers (only the assigned ones for `assign`). */
export async function topicRanges(admin: Admin, options: Pick<KafkaSourceOptions, "subscription" | "servers">): Promise<PartitionBounds> {
  const low: PartitionOffsetMap = new Map();
  const high: PartitionOffsetMap = new Map();
  const sub = options.subscription;
  for (const topic of await subscribedTopics(admin, options)) {
    const assigned = sub.kind === "assign" ? sub.partitions.get(topic) : undefined;
    const lows = new Map<number, bigint>();
    const highs = new Map<number, bigint>();
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (assigned !== undefined && !assigned.includes(p.partition)) continue;
      lows.set(p.partition, BigInt(p.low));
      highs.set(p.partition, BigInt(p.high));
    }
    low.set(topic, lows);
    high.set(topic, highs);
  }
  return { low, high };
}

/** kafkajs settings from Spark-style `kafka.*` options: SASL and SSL, passed through. */
export function clientOverrides(o: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o["client.id"] !== undefined) out["clientId"] = o["client.id"];
  const protocol = o["security.protocol"]?.toUpperCase();
  if (protocol === "SSL" || protocol === "SASL_SSL") out["ssl"] = true;
  const mechanism = o["sasl.mechanism"]?.toLowerCase();
  const jaas = o["sasl.jaas.config"];
  if (mechanism !== undefined && jaas !== undefined) {
    const user = /username="([^"]*)"/.exec(jaas)?.[1];
    const pass = /password="([^"]*)"/.exec(jaas)?.[1];
    if (user !== undefined && pass !== undefined) out["sasl"] = { mechanism, username: user, password: pass };
  }
  return out;
}

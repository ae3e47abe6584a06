import type { Admin } from "kafkajs";
import { AnalysisError, ConnectorError } from "../../common/errors.js";
import type { PartitionOffsetMap } from "./kafka-offsets.js";

/** Spark's -2 / -1 in per-partition offset JSON. */
export const EARLIEST = -2n;
export const LATEST = -1n;

/**
 * Where a Kafka read starts or ends, as Spark's KafkaOffsetRangeLimit: earliest, latest, explicit
 * per-partition offsets, one timestamp for every partition (`startingTimestamp`), or a timestamp
 * per partition (`startingOffsetsByTimestamp`).
 */
export type KafkaRangeLimit =
  | { readonly kind: "earliest" }
  | { readonly kind: "latest" }
  | { readonly kind: "offsets"; readonly offsets: ReadonlyMap<string, ReadonlyMap<number, bigint>> }
  | { readonly kind: "timestamp"; readonly timestamp: bigint }
  | { readonly kind: "timestamps"; readonly timestamps: ReadonlyMap<string, ReadonlyMap<number, bigint>> };

/** What a starting timestamp with no record at or after it resolves to (`startingOffsetsByTimestampStrategy`). */
export type NoMatchStrategy = "error" | "latest";

/**
 * Reads one end of the range from the options, with Spark's precedence: the global timestamp, then
 * offsets by timestamp, then offsets (KafkaSourceProvider.getKafkaOffsetRangeLimit).
 * `keys` are the lower-cased option names, e.g. startingtimestamp / startingoffsetsbytimestamp / startingoffsets.
 */
export function rangeLimitFromOptions(
  options: Readonly<Record<string, string>>,
  keys: { readonly timestamp: string; readonly byTimestamp: string; readonly offsets: string },
  dflt: KafkaRangeLimit,
): KafkaRangeLimit {
  const ts = options[keys.timestamp];
  if (ts !== undefined) {
    const t = ts.trim();
    if (!/^-?\d+$/.test(t)) throw new AnalysisError(`Expected a single long value, got ${t}`, { hint: `${keys.timestamp} is milliseconds since the epoch, e.g. 1700000000000` });
    return { kind: "timestamp", timestamp: BigInt(t) };
  }
  const byTs = options[keys.byTimestamp];
  if (byTs !== undefined) return { kind: "timestamps", timestamps: partitionNumbers(byTs, keys.byTimestamp, '{"topicA":{"0":1700000000000,"1":1700000000000}}') };
  const offsets = options[keys.offsets];
  if (offsets === undefined) return dflt;
  const t = offsets.trim();
  if (/^earliest$/i.test(t)) return { kind: "earliest" };
  if (/^latest$/i.test(t)) return { kind: "latest" };
  return { kind: "offsets", offsets: partitionNumbers(t, keys.offsets, '{"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}') };
}

/** Spark's JsonUtils.partitionOffsets / partitionTimestamps: `{"topic":{"0":n}}` with long values. */
function partitionNumbers(json: string, option: string, example: string): Map<string, Map<number, bigint>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new AnalysisError(`Expected e.g. ${example}, got ${json}`, { hint: `${option} takes JSON: topic → partition → number` });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new AnalysisError(`Expected e.g. ${example}, got ${json}`);
  const out = new Map<string, Map<number, bigint>>();
  for (const [topic, parts] of Object.entries(parsed as Record<string, unknown>)) {
    if (parts === null || typeof parts !== "object" || Array.isArray(parts)) throw new AnalysisError(`Expected e.g. ${example}, got ${json}`);
    const m = new Map<number, bigint>();
    for (const [p, v] of Object.entries(parts as Record<string, unknown>)) {
      if (!/^\d+$/.test(p) || typeof v !== "number" || !Number.isInteger(v)) throw new AnalysisError(`Expected e.g. ${example}, got ${json}`, { hint: `partition ${JSON.stringify(p)} of ${topic} has ${JSON.stringify(v)}` });
      m.set(Number(p), BigInt(v));
    }
    out.set(topic, m);
  }
  return out;
}

/** The low and high watermark of every partition the read covers. */
export interface PartitionBounds {
  readonly low: PartitionOffsetMap;
  readonly high: PartitionOffsetMap;
}

/**
 * Resolves a range limit to concrete offsets for the partitions in `bounds`, as
 * KafkaOffsetReaderAdmin.fetchPartitionOffsets does: explicit offsets must name every partition
 * (-2 earliest, -1 latest), a timestamp becomes the first offset whose record timestamp is at or
 * after it; where no record is that late, a start fails (strategy "error") or takes the latest
 * offset (strategy "latest"), and an end always takes the latest offset.
 */
export async function resolveRangeLimit(admin: Admin, limit: KafkaRangeLimit, bounds: PartitionBounds, isStart: boolean, strategy: NoMatchStrategy): Promise<PartitionOffsetMap> {
  const out: PartitionOffsetMap = new Map();
  for (const [topic, highs] of bounds.high) {
    const lows = bounds.low.get(topic)!;
    const m = new Map<number, bigint>();
    if (limit.kind === "earliest" || limit.kind === "latest") {
      for (const [p, high] of highs) m.set(p, limit.kind === "earliest" ? lows.get(p)! : high);
    } else if (limit.kind === "offsets") {
      const given = limit.offsets.get(topic);
      const missing = [...highs.keys()].filter((p) => given?.get(p) === undefined);
      if (missing.length > 0) {
        throw new ConnectorError(
          `If ${isStart ? "startingOffsets" : "endingOffsets"} contains specific offsets, you must specify all TopicPartitions. Use -1 for latest, -2 for earliest. Missing: ${missing.map((p) => `${topic}-${p}`).join(", ")}`,
          { context: { topic, partition: missing[0]! }, hint: `give an offset for every partition of ${topic} (${highs.size} partitions)` },
        );
      }
      for (const [p, high] of highs) {
        const o = given!.get(p)!;
        m.set(p, o === EARLIEST ? lows.get(p)! : o === LATEST ? high : o);
      }
    } else {
      const byTimestamp = new Map<bigint, number[]>();
      for (const p of highs.keys()) {
        const ts = limit.kind === "timestamp" ? limit.timestamp : limit.timestamps.get(topic)?.get(p);
        if (ts === undefined) {
          throw new ConnectorError(`If starting/endingOffsetsByTimestamp contains specific offsets, you must specify all topics. ${topic}-${p} has no timestamp`, {
            context: { topic, partition: p },
            hint: `give a timestamp for every partition of ${topic}, or use startingTimestamp for one timestamp everywhere`,
          });
        }
        byTimestamp.set(ts, [...(byTimestamp.get(ts) ?? []), p]);
      }
      for (const [ts, parts] of byTimestamp) {
        // kafkajs answers "no record at or after ts" with the partition's high watermark (a found
        // offset is always below it), so offset === high means no match.
        const found = new Map((await admin.fetchTopicOffsetsByTimestamp(topic, Number(ts))).map((r) => [r.partition, BigInt(r.offset)]));
        for (const p of parts) {
          const high = highs.get(p)!;
          const o = found.get(p) ?? high;
          if (o >= high && isStart && strategy === "error") {
            throw new ConnectorError(`No offset matched from request of topic-partition ${topic}-${p} and timestamp ${ts}.`, {
              context: { topic, partition: p },
              hint: 'no record is that recent: use an earlier timestamp, or .option("startingOffsetsByTimestampStrategy", "latest") to start at the end',
            });
          }
          m.set(p, o >= high ? high : o);
        }
      }
    }
    out.set(topic, m);
  }
  return out;
}

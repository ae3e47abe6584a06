/** Offsets of a set of topic partitions: topic → partition → next offset to read. */
export type PartitionOffsetMap = Map<string, Map<number, bigint>>;

/**
 * Spark's JSON form of Kafka offsets (`{"rides_csv":{"0":42,"1":17}}`), topics and partitions in
 * order, as JsonUtils.partitionOffsets writes it into the offsets log.
 */
export function offsetsToJson(offsets: PartitionOffsetMap): string {
  const out: Record<string, Record<string, number>> = {};
  for (const topic of [...offsets.keys()].sort()) {
    const parts = offsets.get(topic)!;
    const obj: Record<string, number> = {};
    for (const p of [...parts.keys()].sort((a, b) => a - b)) obj[String(p)] = Number(parts.get(p)!);
    out[topic] = obj;
  }
  return JSON.stringify(out);
}

export function offsetsFromJson(json: string): PartitionOffsetMap {
  const parsed = JSON.parse(json) as Record<string, Record<string, number>>;
  return new Map(Object.entries(parsed).map(([t, parts]) => [t, new Map(Object.entries(parts).map(([p, o]) => [Number(p), BigInt(o)]))]));
}

/**
 * Spark's maxOffsetsPerTrigger split: each partition gets a share of `limit` in proportion to its
 * lag (shares below 1 round up, others down), never past the latest offset
 * (KafkaMicroBatchStream.rateLimit).
 */
export function rateLimit(limit: number, from: PartitionOffsetMap, until: PartitionOffsetMap): PartitionOffsetMap {
  let total = 0;
  for (const [t, parts] of until) for (const [p, end] of parts) total += Math.max(0, Number(end - (from.get(t)?.get(p) ?? 0n)));
  if (total <= limit) return until;
  const out: PartitionOffsetMap = new Map();
  for (const [t, parts] of until) {
    const m = new Map<number, bigint>();
    for (const [p, end] of parts) {
      const begin = from.get(t)?.get(p) ?? 0n;
      const size = Math.max(0, Number(end - begin));
      const prorate = limit * (size / total);
      const step = BigInt(prorate < 1 ? Math.ceil(prorate) : Math.floor(prorate));
      m.set(p, begin + step < end ? begin + step : end);
    }
    out.set(t, m);
  }
  return out;
}

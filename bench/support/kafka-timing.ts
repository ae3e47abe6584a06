/**
 * Kafka helpers for the time-based scenarios: fresh topics, waiting for a topic to grow, and the
 * end-to-end latency of a pass-through job read back from its output topic (each output record's
 * Kafka timestamp, set by the sink's producer when it wrote the record, minus the input record's
 * timestamp that the job copied into the output value).
 */
import { withAdmin } from "../../src/connectors/kafka/admin.js";
import { latestOffsets, readOffsetRange, type PartitionOffsets } from "../../src/connectors/kafka/range-reader.js";

/** Deletes the topic if it exists and creates it empty. */
export async function recreateTopic(servers: string, topic: string, partitions: number): Promise<void> {
  await withAdmin(servers, async (admin) => {
    if ((await admin.listTopics()).includes(topic)) {
      await admin.deleteTopics({ topics: [topic], timeout: 30_000 });
      for (let i = 0; i < 100 && (await admin.listTopics()).includes(topic); i++) await sleep(200);
    }
    // A just-deleted topic can take a moment to be creatable again.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
        return;
      } catch (e) {
        if (attempt >= 20) throw e;
        await sleep(500);
      }
    }
  });
}

export async function deleteTopics(servers: string, topics: readonly string[]): Promise<void> {
  await withAdmin(servers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const doomed = topics.filter((t) => existing.has(t));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed, timeout: 30_000 });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function countBetween(from: PartitionOffsets, to: PartitionOffsets): number {
  let n = 0n;
  for (const [p, end] of to) n += end - (from.get(p) ?? 0n);
  return Number(n);
}

/**
 * Polls the topic's end offsets until at least `records` records lie beyond `from`; returns the
 * end offsets then. Throws after `timeoutMs` with how many arrived.
 */
export async function waitForRecords(servers: string, topic: string, from: PartitionOffsets, records: number, timeoutMs: number, pollMs = 200): Promise<Map<number, bigint>> {
  const deadline = performance.now() + timeoutMs;
  let ends = await latestOffsets(servers, topic);
  while (countBetween(from, ends) < records) {
    if (performance.now() > deadline) throw new Error(`${topic}: ${countBetween(from, ends)} of ${records} expected records arrived within ${timeoutMs / 1000} s`);
    await sleep(pollMs);
    ends = await latestOffsets(servers, topic);
  }
  return ends;
}

/**
 * Epoch ms of an input timestamp copied into an output value: either digits (epoch ms) or Spark's
 * `CAST(timestamp AS STRING)` in UTC, `2026-11-26 03:45:01.123` (fraction optional, 0–6 digits).
 */
export function parseInputTime(value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(value);
  if (m === null) throw new Error(`not an epoch-ms number or a Spark timestamp string: ${JSON.stringify(value.slice(0, 60))}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return ms + (m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0").slice(0, 3)));
}

/** Every output record's latency in ms (its timestamp − the input timestamp in its value), over [from, to). */
export async function outputLatencies(servers: string, topic: string, from: PartitionOffsets, to: PartitionOffsets, timeoutMs: number): Promise<number[]> {
  const latencies: number[] = [];
  await readOffsetRange(
    servers,
    topic,
    from,
    to,
    (r) => {
      if (r.value === null) throw new Error(`${topic}: an output record without a value at offset ${r.offset}`);
      latencies.push(Number(r.timestamp) - parseInputTime(r.value.toString("utf8")));
    },
    timeoutMs,
  );
  return latencies;
}

import { Partitioners, CompressionTypes, type Producer } from "kafkajs";
import { startProgress } from "../../common/progress.js";
import { connectOrExplain, kafkaClient } from "./client.js";

/** One record to send: key and value as text or bytes (null for none). */
export interface OutgoingRecord {
  readonly key: string | Buffer | null;
  readonly value: string | Buffer | null;
}

export interface ProduceOptions {
  readonly servers: string;
  readonly topic: string;
  /** Records per second at most (unlimited when absent). */
  readonly ratePerSecond?: number;
  /** Records per request. */
  readonly batchSize?: number;
  readonly compression?: "none" | "gzip";
  /** Called after every sent batch with the running total. */
  readonly onProgress?: (sent: number) => void;
  /** Stops early (e.g. on Ctrl-C) after the batch in flight. */
  readonly signal?: AbortSignal;
}

export interface ProduceSummary {
  readonly records: number;
  readonly seconds: number;
}

/** How many records an iterable holds, when it says so without being consumed (an array, a Set). */
function knownCount(records: Iterable<OutgoingRecord> | AsyncIterable<OutgoingRecord>): number | undefined {
  if (Array.isArray(records)) return records.length;
  if (records instanceof Set) return records.size;
  return undefined;
}

/**
 * Sends records to a topic with an idempotent producer, in batches, optionally paced to a rate.
 * Pacing waits until the next batch is due, measured from the start, so a slow batch is caught up.
 * In a notebook, a progress bar follows the sends and ends as "produced N records to topic in T s".
 *
 * @example
 * const summary = await produceRecords([{ key: "1", value: "1, 2020-07-01 00:25:32, …" }], { servers: "127.0.0.1:9092", topic: "rides_csv" });
 */
export async function produceRecords(records: Iterable<OutgoingRecord> | AsyncIterable<OutgoingRecord>, options: ProduceOptions): Promise<ProduceSummary> {
  const total = knownCount(records);
  const progress = startProgress({ title: `producing to ${options.topic}`, unit: "records", ...(total === undefined ? {} : { total }) });
  const kafka = kafkaClient(options.servers);
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  try {
    await connectOrExplain(() => producer.connect(), options.servers);
  } catch (error) {
    progress.fail(error instanceof Error ? error.message : String(error));
    throw error;
  }
  const rate = options.ratePerSecond;
  const batchSize = options.batchSize ?? (rate === undefined ? 1000 : Math.max(1, Math.min(1000, Math.floor(rate / 10))));
  const compression = options.compression === "gzip" ? CompressionTypes.GZIP : CompressionTypes.None;
  const started = performance.now();
  let sent = 0;
  try {
    let batch: OutgoingRecord[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      if (rate !== undefined) {
        const dueMs = ((sent + batch.length) / rate) * 1000;
        const waitMs = dueMs - (performance.now() - started);
        if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
      }
      await producer.send({ topic: options.topic, compression, messages: batch });
      sent += batch.length;
      batch = [];
      options.onProgress?.(sent);
      progress.update({ done: sent, ...(total === undefined ? {} : { total }) });
    };
    for await (const record of records) {
      if (options.signal?.aborted === true) break;
      batch.push(record);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (error) {
    progress.fail(`${error instanceof Error ? error.message : String(error)} (after ${sent} records)`);
    throw error;
  } finally {
    await producer.disconnect();
  }
  const seconds = (performance.now() - started) / 1000;
  const stopped = options.signal?.aborted === true ? " (stopped early)" : "";
  progress.finish(`produced ${sent.toLocaleString("en-US")} records to ${options.topic} in ${seconds.toFixed(1)} s${stopped}`, { done: sent });
  return { records: sent, seconds };
}

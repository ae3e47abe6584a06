import { describe, expect, it } from "vitest";
import { kafkaReaderThread, readKafkaBatchSync, setKafkaReaderTimeoutMs } from "./kafka-batch-sync.js";

/** Options the reader refuses at once, without a broker: an answer proves a live reader. */
const NO_TOPIC = { "kafka.bootstrap.servers": "127.0.0.1:9" };

describe("the synchronous Kafka batch read", () => {
  it("fails, instead of waiting forever, when its reader thread dies during the read, and the next read gets a new reader", async () => {
    const was = setKafkaReaderTimeoutMs(3000);
    try {
      expect(() => readKafkaBatchSync(NO_TOPIC)).toThrow(/subscribe/i);
      const first = kafkaReaderThread();
      // terminate() stops the thread without letting it run code of its own (as running out of
      // memory does); this thread then blocks in the read before it could see the exit event.
      void first.terminate();
      const started = Date.now();
      expect(() => readKafkaBatchSync({ ...NO_TOPIC, subscribe: "rides" })).toThrow(/the Kafka reader thread (exited|stopped answering \(no heartbeat for \d+ s\)) before it answered the read of rides from 127\.0\.0\.1:9/);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(() => readKafkaBatchSync(NO_TOPIC)).toThrow(/subscribe/i);
      expect(kafkaReaderThread()).not.toBe(first);
    } finally {
      setKafkaReaderTimeoutMs(was);
    }
  }, 60_000);
});

/**
 * The start-up scenario's floor: a bare Node process that connects a kafkajs consumer, prints the
 * first record of a topic and exits (no engine).
 *
 *     node bench/.build/bench/jobs/first-record.js 127.0.0.1:9092 <topic>
 */
import { Kafka, logLevel } from "kafkajs";

const [servers = "127.0.0.1:9092", topic = "rides_csv"] = process.argv.slice(2);
const consumer = new Kafka({ clientId: "kindling-bench-first-record", brokers: [servers], logLevel: logLevel.NOTHING }).consumer({ groupId: `kindling-bench-first-${process.pid}-${Date.now()}` });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await new Promise<void>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no record from ${topic} within 60 s`)), 60_000);
  consumer
    .run({
      eachMessage: async ({ message }) => {
        process.stdout.write(`first record: ${message.value?.toString("utf8") ?? "null"}\n`);
        clearTimeout(timer);
        resolve();
      },
    })
    .catch(reject);
});
await consumer.disconnect();
process.exit(0);

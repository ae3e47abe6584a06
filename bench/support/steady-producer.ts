/**
 * A steady producer in its own process (so that producing never competes with the measured
 * engine's event loop): course-format rides to a topic at a fixed rate for a fixed time, each
 * record's Kafka timestamp (CreateTime) set by kafkajs when its batch is sent. Prints one JSON
 * line when done: `{"records":N,"seconds":S}`.
 *
 *     node bench/.build/bench/support/steady-producer.js --servers 127.0.0.1:9092 --topic t \
 *         --rate 10000 --seconds 10 --seed 3 [--gap-ms 2000]
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { produceRecords } from "../../src/connectors/kafka/producer.js";
import { courseValues } from "../../src/datagen/rides.js";

export interface SteadyProduceOptions {
  readonly servers: string;
  readonly topic: string;
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly seed: number;
  /** Mean gap between the rides' pickup times (event time), ms: how fast event time advances. */
  readonly meanGapMs?: number;
}

export interface SteadyProduceSummary {
  readonly records: number;
  readonly seconds: number;
}

/** Runs the producer in a child process; resolves with its summary when it has sent everything. */
export function produceSteadily(o: SteadyProduceOptions, timeoutMs: number): Promise<SteadyProduceSummary> {
  const script = fileURLToPath(new URL("./steady-producer.js", import.meta.url));
  const args = [script, "--servers", o.servers, "--topic", o.topic, "--rate", String(o.ratePerSecond), "--seconds", String(o.seconds), "--seed", String(o.seed)];
  if (o.meanGapMs !== undefined) args.push("--gap-ms", String(o.meanGapMs));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) return reject(new Error(`steady producer exited with ${String(code)}: ${err.slice(-800)}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as SteadyProduceSummary);
      } catch {
        reject(new Error(`steady producer printed no summary: ${out.slice(-300)} ${err.slice(-300)}`));
      }
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      servers: { type: "string" },
      topic: { type: "string" },
      rate: { type: "string" },
      seconds: { type: "string" },
      seed: { type: "string", default: "1" },
      "gap-ms": { type: "string" },
    },
  });
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  if (values.servers === undefined || values.topic === undefined || !(rate > 0) || !(seconds > 0)) {
    throw new Error("usage: steady-producer --servers host:port --topic t --rate N --seconds S [--seed N] [--gap-ms G]");
  }
  const count = Math.round(rate * seconds);
  const gap = values["gap-ms"] === undefined ? undefined : Number(values["gap-ms"]);
  const records = (function* () {
    for (const value of courseValues({ count, seed: Number(values.seed), ...(gap === undefined ? {} : { meanGapMs: gap }) })) yield { key: null, value };
  })();
  // Batches of rate/20 every 50 ms. A record's timestamp is taken when its batch is sent, so the wait for a batch is not latency.
  const summary = await produceRecords(records, { servers: values.servers, topic: values.topic, ratePerSecond: rate, batchSize: Math.max(1, Math.floor(rate / 20)) });
  process.stdout.write(`${JSON.stringify({ records: summary.records, seconds: summary.seconds })}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}

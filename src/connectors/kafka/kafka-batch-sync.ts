/**
 * Registers `read.format("kafka")` with the batch executor. DataFrame actions are synchronous, as
 * in PySpark (`df.show()`, `df.collect()`), but kafkajs is not: the read runs in a worker thread
 * (kafka-batch-worker.ts) and this thread blocks until it answers, the way synckit (which eslint
 * and prettier use for the same problem) does it: post the request, `Atomics.wait` on a shared
 * counter the worker bumps after answering, take the answer with `receiveMessageOnPort`. Done here
 * rather than through synckit because synckit's answers cannot carry a transfer list, and the
 * answer is the whole read: its column buffers must move, not be cloned. Import this module for
 * its effect.
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { fromSerializedError } from "../../common/errors.js";
import { registerFileFormat } from "../../physical/sources/file-source.js";
import type { Batch } from "../../physical/vector.js";
import { kafkaSchema } from "./kafka-batch.js";
import type { KafkaBatchAnswer, KafkaBatchRequest, KafkaBatchWorkerData } from "./kafka-batch-worker.js";
import { kafkaSliceToBatch } from "./kafka-slice.js";

interface Connection {
  readonly port: MessagePort;
  readonly signal: Int32Array;
  nextId: number;
}

let connection: Connection | null = null;

/** The worker beside this module (started once, on first use): the compiled .js in dist/, or the .ts source through its tsx bootstrap (tests). */
function reader(): Connection {
  if (connection === null) {
    const here = fileURLToPath(import.meta.url);
    const file = join(dirname(here), here.endsWith(".ts") ? "kafka-batch-worker.dev.mjs" : "kafka-batch-worker.js");
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const data: KafkaBatchWorkerData = { port: port2, signal };
    const worker = new Worker(file, { workerData: data, transferList: [port2] });
    // An idle reader must not keep the process alive.
    worker.unref();
    connection = { port: port1, signal, nextId: 1 };
  }
  return connection;
}

/** Posts a request and blocks this thread until the worker answers it. */
function call(options: Record<string, string>): KafkaBatchAnswer {
  const c = reader();
  const request: KafkaBatchRequest = { id: c.nextId++, options };
  c.port.postMessage(request);
  for (;;) {
    // Read the counter before looking: an answer posted after the look changes it, so the wait returns at once.
    const seen = Atomics.load(c.signal, 0);
    const got = receiveMessageOnPort(c.port);
    if (got !== undefined) {
      const a = got.message as KafkaBatchAnswer;
      if (a.id === request.id) return a;
      continue; // not ours (calls are one at a time, so this does not happen): never take it for ours
    }
    Atomics.wait(c.signal, 0, seen);
  }
}

/** Reads a bounded range of Kafka records synchronously (see readKafkaBatch for the semantics). */
export function readKafkaBatchSync(options: Readonly<Record<string, string>>): Batch[] {
  const answer = call({ ...options });
  if (!answer.ok) throw fromSerializedError(answer.error);
  const schema = kafkaSchema(answer.includeHeaders);
  return answer.slices.map((s) => kafkaSliceToBatch(s, schema));
}

registerFileFormat("kafka", (_paths, _schema, options) => readKafkaBatchSync(options));

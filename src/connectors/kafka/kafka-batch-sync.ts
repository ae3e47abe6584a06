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
import { ExecutionError, fromSerializedError } from "../../common/errors.js";
import { registerFileFormat } from "../../physical/sources/file-source.js";
import type { Batch } from "../../physical/vector.js";
import { kafkaSchema } from "./kafka-batch.js";
import type { KafkaBatchAnswer, KafkaBatchRequest, KafkaBatchWorkerData } from "./kafka-batch-worker.js";
import { kafkaSliceToBatch } from "./kafka-slice.js";

interface Connection {
  readonly worker: Worker;
  readonly port: MessagePort;
  /** See KafkaBatchWorkerData: [answers, heartbeats, exited]. */
  readonly signal: Int32Array;
  nextId: number;
}

let connection: Connection | null = null;

/**
 * How long a read waits without a heartbeat from the reader (it beats every
 * {@link READER_HEARTBEAT_MS} while its event loop runs) before it gives the reader up for dead.
 * A thread that dies outright (out of memory, terminated) runs no code to say so, and this thread,
 * blocked in Atomics.wait, cannot see its `exit` event: without this the read would wait forever.
 * Generous, because a loaded machine can hold a live thread's timers back for seconds.
 */
let readerTimeoutMs = 30_000;

/** Sets {@link readerTimeoutMs} (tests that kill the reader); returns the previous value. */
export function setKafkaReaderTimeoutMs(ms: number): number {
  const was = readerTimeoutMs;
  readerTimeoutMs = ms;
  return was;
}

/** The reader thread, started if need be (tests that kill it). */
export function kafkaReaderThread(): Worker {
  return reader().worker;
}

/** The worker beside this module (started once, on first use): the compiled .js in dist/, or the .ts source through its tsx bootstrap (tests). */
function reader(): Connection {
  if (connection === null) {
    const here = fileURLToPath(import.meta.url);
    const file = join(dirname(here), here.endsWith(".ts") ? "kafka-batch-worker.dev.mjs" : "kafka-batch-worker.js");
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(12));
    const data: KafkaBatchWorkerData = { port: port2, signal };
    const worker = new Worker(file, { workerData: data, transferList: [port2] });
    // An idle reader must not keep the process alive.
    worker.unref();
    const made: Connection = { worker, port: port1, signal, nextId: 1 };
    // A reader that ended between reads is replaced by the next one.
    worker.on("exit", () => { if (connection === made) connection = null; });
    connection = made;
  }
  return connection;
}

/** Posts a request and blocks this thread until the worker answers it, or fails if the worker dies first. */
function call(options: Record<string, string>): KafkaBatchAnswer {
  const c = reader();
  const request: KafkaBatchRequest = { id: c.nextId++, options };
  c.port.postMessage(request);
  let beats = Atomics.load(c.signal, 1);
  let beatAt = Date.now();
  for (;;) {
    // Read the counter before looking: an answer posted after the look changes it, so the wait returns at once.
    const seen = Atomics.load(c.signal, 0);
    const got = receiveMessageOnPort(c.port);
    if (got !== undefined) {
      const a = got.message as KafkaBatchAnswer;
      if (a.id === request.id) return a;
      continue; // not ours (calls are one at a time, so this does not happen): never take it for ours
    }
    const now = Date.now();
    const beat = Atomics.load(c.signal, 1);
    if (beat !== beats) {
      beats = beat;
      beatAt = now;
    }
    const exited = Atomics.load(c.signal, 2) === 1;
    if (exited || now - beatAt > readerTimeoutMs) {
      connection = null;
      void c.worker.terminate();
      const why = exited ? "exited" : `stopped answering (no heartbeat for ${Math.round((now - beatAt) / 1000)} s)`;
      throw new ExecutionError(`the Kafka reader thread ${why} before it answered the read of ${describeRead(options)}`, {
        context: { servers: options["kafka.bootstrap.servers"] ?? "" },
        hint: "nothing was read; run the action again (a new reader thread starts). If it happens again, the read may need more memory than the thread has: bound it with endingOffsets",
      });
    }
    Atomics.wait(c.signal, 0, seen, 1000);
  }
}

/** The topics a read asks for, for an error message. */
function describeRead(options: Record<string, string>): string {
  const what = options["subscribe"] ?? options["subscribePattern"] ?? options["assign"] ?? "(no topic given)";
  return `${what} from ${options["kafka.bootstrap.servers"] ?? "(no servers given)"}`;
}

/** Reads a bounded range of Kafka records synchronously (see readKafkaBatch for the semantics). */
export function readKafkaBatchSync(options: Readonly<Record<string, string>>): Batch[] {
  const answer = call({ ...options });
  if (!answer.ok) throw fromSerializedError(answer.error);
  const schema = kafkaSchema(answer.includeHeaders);
  return answer.slices.map((s) => kafkaSliceToBatch(s, schema));
}

registerFileFormat("kafka", (_paths, _schema, options) => readKafkaBatchSync(options));

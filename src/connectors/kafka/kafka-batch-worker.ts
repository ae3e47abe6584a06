/**
 * The worker thread behind the synchronous batch `read.format("kafka")`: a DataFrame action is
 * synchronous (as in PySpark) while kafkajs is asynchronous, so the read runs here and the caller
 * blocks on its answer (see kafka-batch-sync.ts for the protocol). The answer's column buffers are
 * moved to the caller, not copied; errors come back as data, with their type.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import { toSerializedError, type SerializedError } from "../../common/errors.js";
import type { KafkaSlice } from "./kafka-slice.js";

export type KafkaBatchAnswer =
  | { readonly id: number; readonly ok: true; readonly includeHeaders: boolean; readonly slices: KafkaSlice[] }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };

export interface KafkaBatchRequest {
  readonly id: number;
  readonly options: Record<string, string>;
}

/** What the calling thread hands the worker: the port it listens on and the counter it waits on. */
export interface KafkaBatchWorkerData {
  readonly port: MessagePort;
  /**
   * [0]: incremented (and notified) after every answer posted, so the caller can Atomics.wait for
   * it; [1]: a heartbeat, incremented while this thread's event loop runs; [2]: set to 1 (and [0]
   * notified) when this thread exits with code of its own to run.
   */
  readonly signal: Int32Array;
}

const { port, signal } = workerData as KafkaBatchWorkerData;
const pending = new Set<number>();

function answer(a: KafkaBatchAnswer, transfer: ArrayBuffer[] = []): void {
  pending.delete(a.id);
  port.postMessage(a, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

// The caller blocks until it is answered: whatever escapes (a bug, a crash inside kafkajs's
// timers) still answers every request in flight rather than leaving it waiting forever.
const failAll = (error: unknown): void => {
  for (const id of [...pending]) answer({ id, ok: false, error: toSerializedError(error) });
};
process.on("uncaughtException", failAll);
process.on("unhandledRejection", failAll);

/** How often this thread says it is alive (kafka-batch-sync.ts gives it up after its timeout without one). */
export const READER_HEARTBEAT_MS = 250;
setInterval(() => Atomics.add(signal, 1, 1), READER_HEARTBEAT_MS);
process.on("exit", () => {
  Atomics.store(signal, 2, 1);
  Atomics.notify(signal, 0);
});

port.on("message", (request: KafkaBatchRequest) => {
  pending.add(request.id);
  void (async () => {
    try {
      // Loaded here rather than at the top, so that a module that fails to load is answered as an error too.
      const { readKafkaBatch } = await import("./kafka-batch-read.js");
      const { sliceTransferList } = await import("./kafka-slice.js");
      const read = await readKafkaBatch(request.options);
      const transfer: ArrayBuffer[] = [];
      for (const s of read.slices) sliceTransferList(s, transfer);
      answer({ id: request.id, ok: true, includeHeaders: read.includeHeaders, slices: read.slices }, transfer);
    } catch (error) {
      answer({ id: request.id, ok: false, error: toSerializedError(error) });
    }
  })();
});

/**
 * The worker thread behind the synchronous batch `read.format("kafka")`: a DataFrame action is
 * synchronous (as in PySpark) while kafkajs is asynchronous, so the read runs here and the caller
 * blocks on its answer (see kafka-batch-sync.ts). Errors come back as data, with their type.
 */
import { runAsWorker } from "synckit";
import { toSerializedError, type SerializedError } from "../../common/errors.js";
import type { Batch } from "../../physical/vector.js";
import { readKafkaBatch } from "./kafka-batch-read.js";

export type KafkaBatchAnswer = { readonly ok: true; readonly batches: Batch[] } | { readonly ok: false; readonly error: SerializedError };

runAsWorker(async (options: Record<string, string>): Promise<KafkaBatchAnswer> => {
  try {
    return { ok: true, batches: await readKafkaBatch(options) };
  } catch (error) {
    return { ok: false, error: toSerializedError(error) };
  }
});

/**
 * Registers `read.format("kafka")` with the batch executor. DataFrame actions are synchronous, as
 * in PySpark (`df.show()`, `df.collect()`), but kafkajs is not: the read runs in a worker thread
 * (synckit, the library eslint and prettier use for the same problem) and this thread blocks until
 * it answers. Import this module for its effect.
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { createSyncFn } from "synckit";
import { fromSerializedError } from "../../common/errors.js";
import { registerFileFormat } from "../../physical/sources/file-source.js";
import type { Batch } from "../../physical/vector.js";
import type { KafkaBatchAnswer } from "./kafka-batch-worker.js";

let readSync: ((options: Record<string, string>) => KafkaBatchAnswer) | null = null;

/** The worker beside this module: the compiled .js in dist/, or the .ts source through its tsx bootstrap (tests). */
function syncReader(): (options: Record<string, string>) => KafkaBatchAnswer {
  if (readSync === null) {
    const here = fileURLToPath(import.meta.url);
    const worker = join(dirname(here), here.endsWith(".ts") ? "kafka-batch-worker.dev.mjs" : "kafka-batch-worker.js");
    readSync = createSyncFn<(options: Record<string, string>) => Promise<KafkaBatchAnswer>>(worker);
  }
  return readSync;
}

/** Reads a bounded range of Kafka records synchronously (see readKafkaBatch for the semantics). */
export function readKafkaBatchSync(options: Readonly<Record<string, string>>): Batch[] {
  const answer = syncReader()({ ...options });
  if (!answer.ok) throw fromSerializedError(answer.error);
  return answer.batches;
}

registerFileFormat("kafka", (_paths, _schema, options) => readKafkaBatchSync(options));

import { homedir } from "node:os";
import { join } from "node:path";
import { PINS } from "./versions.js";

/**
 * Where the stack keeps its downloads (shared by every checkout, so a second `up` is offline) and
 * its running state (pid files, logs, data). Both live outside the repository.
 *
 * - `KINDLING_CACHE` (default `~/.cache/kindling`): jars, the Python venv.
 * - `KINDLING_STACK_DIR` (default `<cache>/stack`): pid files, logs, Kafka's data, Spark's work dirs.
 */
export interface StackPaths {
  readonly cache: string;
  readonly state: string;
  readonly kafkaLibs: string;
  readonly sparkKafkaJars: string;
  readonly venv: string;
  readonly venvPython: string;
  readonly venvBin: string;
  readonly sparkHome: string;
}

export function stackPaths(env: NodeJS.ProcessEnv = process.env): StackPaths {
  const cache = env["KINDLING_CACHE"] ?? join(homedir(), ".cache", "kindling");
  const state = env["KINDLING_STACK_DIR"] ?? join(cache, "stack");
  const venv = join(cache, `venv-pyspark-${PINS.pyspark}`);
  return {
    cache,
    state,
    kafkaLibs: join(cache, `kafka-${PINS.kafka}`, "libs"),
    sparkKafkaJars: join(cache, `spark-kafka-${PINS.pyspark}`),
    venv,
    venvPython: join(venv, "bin", "python"),
    venvBin: join(venv, "bin"),
    // The pyspark wheel is a whole Spark distribution: bin/spark-class, jars/, python/.
    sparkHome: join(venv, "lib", "python3.11", "site-packages", "pyspark"),
  };
}

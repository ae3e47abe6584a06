/** Runs a PySpark benchmark job with spark-submit (local[2]) and reads the JSON it writes. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sparkSubmit } from "../../src/stack/spark-submit.js";
import { repoRoot } from "./paths.js";
import { stack } from "./services.js";

export interface SparkJobRun<T> {
  /** The job's JSON output. */
  readonly output: T;
  /** Seconds from spawning spark-submit to its exit: JVM start, SparkSession, the job, shutdown. */
  readonly wallSeconds: number;
}

let counter = 0;

/**
 * Runs `spark-jobs/<script>` in a fresh spark-submit with `--master local[2]` and the stack's
 * Kafka connector jars, passing `--out <file>`; fails with the log's tail when it exits non-zero.
 */
export async function runSparkJob<T>(script: string, args: readonly string[], scratch: string, timeoutMs: number): Promise<SparkJobRun<T>> {
  counter += 1;
  const out = join(scratch, `spark-${counter}.json`);
  const logFile = join(scratch, `spark-${counter}.log`);
  const t0 = performance.now();
  const result = await sparkSubmit(stack, join(repoRoot(), "spark-jobs", script), [...args, "--out", out], {
    master: "local[2]",
    logFile,
    timeoutMs,
    // The same UTC clock as the Node side; nothing written into the working directory.
    conf: { "spark.sql.session.timeZone": "UTC", "spark.driver.extraJavaOptions": "-Duser.timezone=UTC", "spark.sql.warehouse.dir": join(scratch, "warehouse") },
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (result.code !== 0) {
    throw new Error(`spark-submit ${script} exited with ${String(result.code)} (a null code: killed after ${timeoutMs / 1000} s or not found):\n${result.stderr.split("\n").slice(-15).join("\n")}`);
  }
  return { output: JSON.parse(readFileSync(out, "utf8")) as T, wallSeconds };
}

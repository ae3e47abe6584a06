/** Runs a PySpark benchmark job with spark-submit (local[2]) and reads the JSON it writes. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sparkSubmit, sparkSubmitCommand } from "../../src/stack/spark-submit.js";
import { repoRoot } from "./paths.js";
import { stack } from "./services.js";

export interface SparkJobRun<T> {
  /** The job's JSON output. */
  readonly output: T;
  /** Seconds from spawning spark-submit to its exit: JVM start, SparkSession, the job, shutdown. */
  readonly wallSeconds: number;
}

let counter = 0;

/** The settings every benchmark job runs with: the same UTC clock as the Node side, nothing written into the working directory. */
function benchConf(scratch: string): Record<string, string> {
  return { "spark.sql.session.timeZone": "UTC", "spark.driver.extraJavaOptions": "-Duser.timezone=UTC", "spark.sql.warehouse.dir": join(scratch, "warehouse") };
}

/** A spark-submit running in the background (see {@link startSparkJob}). */
export interface RunningSparkJob {
  /** The spark-submit process (the JVM once spark-class has exec'd it; the Python driver is its child). */
  readonly pid: number;
  /** Where the job writes its JSON (`--out`). */
  readonly out: string;
  /** Milliseconds (performance.now()) when it was spawned. */
  readonly startedAt: number;
  /** Called with each chunk of stdout as it arrives, with the ms since spawn. */
  onStdout(listener: (text: string, msSinceSpawn: number) => void): void;
  /** Resolves when the process exits; rejects on a non-zero exit with the log's tail. */
  readonly done: Promise<{ readonly wallSeconds: number; readonly stdout: string }>;
  /** Kills it (SIGKILL), e.g. when the harness gives up. */
  kill(): void;
}

/**
 * Starts `spark-jobs/<script>` in spark-submit --master local[2] without waiting for it: for jobs
 * the harness talks to while they run (latency, memory) or times to their first output (startup).
 */
export function startSparkJob(script: string, args: readonly string[], scratch: string, timeoutMs: number): RunningSparkJob {
  counter += 1;
  const out = join(scratch, `spark-${counter}.json`);
  const { command, args: argv, env } = sparkSubmitCommand(stack, join(repoRoot(), "spark-jobs", script), [...args, "--out", out], { master: "local[2]", conf: benchConf(scratch) });
  const startedAt = performance.now();
  const child = spawn(command, argv, { env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
  const listeners: Array<(text: string, ms: number) => void> = [];
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    const text = c.toString("utf8");
    stdout += text;
    const ms = performance.now() - startedAt;
    for (const l of listeners) l(text, ms);
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString("utf8");
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  });
  const done = new Promise<{ wallSeconds: number; stdout: string }>((resolve, reject) => {
    child.once("error", (e) => reject(new Error(`spark-submit ${script} did not start: ${e.message}`)));
    child.once("close", (code, signal) => {
      const wallSeconds = (performance.now() - startedAt) / 1000;
      if (code !== 0) reject(new Error(`spark-submit ${script} exited with ${String(code ?? signal)} after ${wallSeconds.toFixed(0)} s (limit ${timeoutMs / 1000} s):\n${stderr.split("\n").slice(-15).join("\n")}`));
      else resolve({ wallSeconds, stdout });
    });
  });
  // A caller that gives up early still gets the rejection through `done`; never unhandled.
  done.catch(() => undefined);
  return {
    pid: child.pid ?? -1,
    out,
    startedAt,
    onStdout: (l) => void listeners.push(l),
    done,
    kill: () => void child.kill("SIGKILL"),
  };
}

/** Reads the JSON a finished job wrote to its `--out` file. */
export function readJobOutput<T>(job: RunningSparkJob): T {
  return JSON.parse(readFileSync(job.out, "utf8")) as T;
}

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
    conf: benchConf(scratch),
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (result.code !== 0) {
    throw new Error(`spark-submit ${script} exited with ${String(result.code)} (a null code: killed after ${timeoutMs / 1000} s or not found):\n${result.stderr.split("\n").slice(-15).join("\n")}`);
  }
  return { output: JSON.parse(readFileSync(out, "utf8")) as T, wallSeconds };
}

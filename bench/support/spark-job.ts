/**
 * Runs a PySpark benchmark job (spark-jobs/bench_*.py) and reads the JSON it writes: in a fresh
 * `spark-submit --master local[2]` (full runs), or as a request to the shared driver of small runs
 * (spark-driver.ts), which saves a JVM start per measure.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunContext } from "../scenario.js";
import { sparkSubmit, sparkSubmitCommand } from "../../src/stack/spark-submit.js";
import { repoRoot } from "./paths.js";
import { stack } from "./services.js";
import { benchConf, sharedSparkDriver, useSharedDriver } from "./spark-driver.js";

export interface SparkJobRun<T> {
  /** The job's JSON output. */
  readonly output: T;
  /**
   * Seconds from spawning spark-submit to its exit: JVM start, SparkSession, the job, shutdown.
   * In the shared driver: the driver's one start plus this request's round trip.
   */
  readonly wallSeconds: number;
  /** Whether the job ran in the shared driver of a small run. */
  readonly shared: boolean;
}

/** What a job runner needs of the run context. */
export type JobContext = Pick<RunContext, "size" | "scratch" | "log">;

let counter = 0;

/** A spark-submit running in the background (see {@link startSparkJob}). */
export interface RunningSparkJob {
  /** The spark-submit process (the JVM once spark-class has exec'd it; the Python driver is its child), or the shared driver's. */
  readonly pid: number;
  /** Where the job writes its JSON (`--out`). */
  readonly out: string;
  /** Milliseconds (performance.now()) when it was spawned. */
  readonly startedAt: number;
  /** Called with each chunk of stdout as it arrives, with the ms since spawn (never in the shared driver). */
  onStdout(listener: (text: string, msSinceSpawn: number) => void): void;
  /** Resolves when the job ends; rejects on a non-zero exit (or a failed request) with the log's tail. */
  readonly done: Promise<{ readonly wallSeconds: number; readonly stdout: string }>;
  /** Kills it (SIGKILL), e.g. when the harness gives up; in the shared driver, kills that driver. */
  kill(): void;
}

/**
 * Starts `spark-jobs/<script>` without waiting for it: for jobs the harness talks to while they
 * run (latency) or times to their first output (startup, which passes `fresh: true` since its
 * point is spark-submit's start). Small runs use the shared driver unless `fresh`.
 */
export function startSparkJob(script: string, args: readonly string[], ctx: JobContext, timeoutMs: number, options: { readonly fresh?: boolean } = {}): RunningSparkJob {
  counter += 1;
  const out = join(ctx.scratch, `spark-${counter}.json`);
  if (options.fresh !== true && useSharedDriver(ctx.size)) return startShared(script, [...args, "--out", out], out, ctx, timeoutMs);
  const { command, args: argv, env } = sparkSubmitCommand(stack, join(repoRoot(), "spark-jobs", script), [...args, "--out", out], { master: "local[2]", conf: benchConf(ctx.scratch) });
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

function startShared(script: string, args: readonly string[], out: string, ctx: JobContext, timeoutMs: number): RunningSparkJob {
  const startedAt = performance.now();
  let pid = -1;
  let kill: () => void = () => undefined;
  const done = (async () => {
    const driver = await sharedSparkDriver(ctx.log);
    pid = driver.pid;
    kill = () => driver.kill();
    const { roundTripSeconds } = await driver.run(script, args, timeoutMs);
    return { wallSeconds: driver.startSeconds + roundTripSeconds, stdout: "" };
  })();
  done.catch(() => undefined);
  return {
    get pid() {
      return pid;
    },
    out,
    startedAt,
    onStdout: () => undefined,
    done,
    kill: () => kill(),
  };
}

/** Reads the JSON a finished job wrote to its `--out` file. */
export function readJobOutput<T>(job: RunningSparkJob): T {
  return JSON.parse(readFileSync(job.out, "utf8")) as T;
}

/**
 * Runs `spark-jobs/<script>` to its end, passing `--out <file>`, and returns what it wrote: in a
 * fresh spark-submit with `--master local[2]` and the stack's Kafka connector jars (failing with
 * the log's tail on a non-zero exit), or, in small runs, in the shared driver.
 */
export async function runSparkJob<T>(script: string, args: readonly string[], ctx: JobContext, timeoutMs: number): Promise<SparkJobRun<T>> {
  counter += 1;
  const out = join(ctx.scratch, `spark-${counter}.json`);
  if (useSharedDriver(ctx.size)) {
    const driver = await sharedSparkDriver(ctx.log);
    const { roundTripSeconds } = await driver.run(script, [...args, "--out", out], timeoutMs);
    return { output: JSON.parse(readFileSync(out, "utf8")) as T, wallSeconds: driver.startSeconds + roundTripSeconds, shared: true };
  }
  const logFile = join(ctx.scratch, `spark-${counter}.log`);
  const t0 = performance.now();
  const result = await sparkSubmit(stack, join(repoRoot(), "spark-jobs", script), [...args, "--out", out], {
    master: "local[2]",
    logFile,
    timeoutMs,
    conf: benchConf(ctx.scratch),
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (result.code !== 0) {
    throw new Error(`spark-submit ${script} exited with ${String(result.code)} (a null code: killed after ${timeoutMs / 1000} s or not found):\n${result.stderr.split("\n").slice(-15).join("\n")}`);
  }
  return { output: JSON.parse(readFileSync(out, "utf8")) as T, wallSeconds, shared: false };
}

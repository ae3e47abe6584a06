/**
 * `startup`: from launching a job to its first output, and to its exit. The same small streaming
 * job (read a 1 000-ride topic, parse, first batch to the console, availableNow) as a user runs it:
 * `kindling run job.ts` against `spark-submit job.py`; the floor is a bare Node process with a
 * kafkajs consumer printing the topic's first record.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineScenario } from "../scenario.js";
import { ensureBenchTopic, type BenchTopic } from "../support/bench-topic.js";
import { repoRoot } from "../support/paths.js";
import { kafkaBootstrap } from "../support/services.js";
import { startSparkJob } from "../support/spark-job.js";

interface Params {
  readonly records: number;
}

const FIRST_BATCH = /Batch: 0\b/;
let runs = 0;

interface Timing {
  /** Seconds from spawn to the first stdout chunk that matches. */
  readonly first: number;
  /** Seconds from spawn to exit. */
  readonly exit: number;
}

/** Spawns a process and times its first output matching `marker` and its exit; fails on a non-zero exit or no match. */
function timeProcess(command: string, args: readonly string[], marker: RegExp, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, [...args], { cwd: repoRoot(), env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let out = "";
    let err = "";
    let first = 0;
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      if (first === 0 && marker.test(out)) first = (performance.now() - t0) / 1000;
    });
    child.stderr.on("data", (c: Buffer) => (err = (err + c.toString("utf8")).slice(-4000)));
    child.once("error", reject);
    child.once("close", (code) => {
      const exit = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`${command} ${args.join(" ")} exited with ${String(code)}: ${err}`));
      if (first === 0) return reject(new Error(`${command} ${args.join(" ")} never printed ${String(marker)}; stdout: ${out.slice(0, 500)}`));
      resolve({ first, exit });
    });
  });
}

export const startup = defineScenario<Params, BenchTopic>({
  name: "startup",
  workload:
    "Time from launching a job to its first output and to its exit, for the same small streaming job: read a topic of 1 000 course-format rides (1 partition) from earliest, " +
    "parse vendor_id, pickup and total_amount, print the first micro-batch to the console (5 rows), trigger availableNow. " +
    "`kindling run bench/jobs/startup-job.ts` (the CLI, tsx loading the TypeScript job, Kindling from dist/) against `spark-submit --master local[2] spark-jobs/bench_startup.py`.",
  sizes: { small: { records: 1_000 }, full: { records: 1_000 } },
  repetitions: { small: { warmup: 0, measured: 1 }, full: { warmup: 1, measured: 5 } },
  requires: ["kafka", "spark"],
  notes: [
    "First output = the first stdout chunk containing the console sink's `Batch: 0` header (Kindling's console output is Spark's, byte for byte); exit = the process's exit after the query stopped.",
    "Kindling runs through `node dist/cli/main.js run` exactly as `npx kindling run` does: a CLI process that spawns the job's Node process with the tsx loader, so two Node start-ups and a TypeScript transform are included.",
    "Floor: `node bench/.build/bench/jobs/first-record.js`: a Node process with a bare kafkajs consumer (connect, join a group, fetch) printing the first record.",
    "Every run uses a fresh checkpoint folder. Lower is better: a ratio below 1 means Kindling starts faster.",
  ],
  async setup(params, ctx) {
    if (!existsSync(join(repoRoot(), "dist", "cli", "main.js"))) throw new Error("dist/cli/main.js is missing: run `npm run build` first");
    return ensureBenchTopic(kafkaBootstrap, { records: params.records, seed: 1, partitions: 1 }, ctx.log);
  },
  measures: [
    {
      id: "kindling-run",
      role: "subject",
      description: "node dist/cli/main.js run bench/jobs/startup-job.ts (what `npx kindling run job.ts` runs)",
      timeoutMs: 5 * 60_000,
      series: [
        { id: "kindling-first", label: "kindling run: launch → first output", unit: "s", group: "launch → first output" },
        { id: "kindling-exit", label: "kindling run: launch → exit", unit: "s", group: "launch → exit" },
      ],
      async run(topic, ctx) {
        runs += 1;
        const t = await timeProcess(
          process.execPath,
          [join(repoRoot(), "dist", "cli", "main.js"), "run", join(repoRoot(), "bench", "jobs", "startup-job.ts"), kafkaBootstrap, topic.topic, join(ctx.scratch, `kindling-startup-${runs}`)],
          FIRST_BATCH,
          4 * 60_000,
        );
        return { "kindling-first": t.first, "kindling-exit": t.exit };
      },
    },
    {
      id: "node-kafkajs",
      role: "ceiling",
      description: "a bare Node process with a kafkajs consumer printing the topic's first record (bench/jobs/first-record.ts)",
      timeoutMs: 2 * 60_000,
      series: [
        { id: "node-first", label: "bare Node + kafkajs: launch → first record printed", unit: "s", group: "launch → first output" },
        { id: "node-exit", label: "bare Node + kafkajs: launch → exit", unit: "s", group: "launch → exit" },
      ],
      async run(topic) {
        const script = fileURLToPath(new URL("../jobs/first-record.js", import.meta.url));
        const t = await timeProcess(process.execPath, [script, kafkaBootstrap, topic.topic], /first record:/, 90_000);
        return { "node-first": t.first, "node-exit": t.exit };
      },
    },
    {
      id: "spark-submit",
      role: "peer",
      warmup: { small: 0 },
      description: "spark-submit --master local[2] spark-jobs/bench_startup.py (PySpark 4.1.1, the stack's connector jars, no Ivy resolution)",
      // A loaded two-core machine has taken over 2 minutes to start spark-submit.
      timeoutMs: 9 * 60_000,
      series: [
        { id: "spark-first", label: "spark-submit: launch → first output", unit: "s", group: "launch → first output" },
        { id: "spark-exit", label: "spark-submit: launch → exit", unit: "s", group: "launch → exit" },
      ],
      async run(topic, ctx) {
        runs += 1;
        const job = startSparkJob("bench_startup.py", ["--bootstrap", kafkaBootstrap, "--topic", topic.topic, "--checkpoint", join(ctx.scratch, `spark-startup-${runs}`)], ctx, 8 * 60_000, { fresh: true });
        let first = 0;
        let seen = "";
        job.onStdout((text, ms) => {
          seen += text;
          if (first === 0 && FIRST_BATCH.test(seen)) first = ms / 1000;
        });
        const { wallSeconds } = await job.done;
        if (first === 0) throw new Error(`spark-submit never printed a console batch; stdout: ${seen.slice(0, 500)}`);
        return { "spark-first": first, "spark-exit": wallSeconds };
      },
    },
  ],
});

/**
 * `memory`: the resident memory and the state of a watermarked windowed job over a steady stream
 * whose event time advances, so that old windows are evicted: the state (numRowsTotal,
 * memoryUsedBytes from the query's progress) must level off instead of growing with the run.
 * Kindling's job runs in its own Node process (bench/jobs/memory-job.ts); its floor is the same
 * process with only a kafkajs consumer counting the same stream.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { offsetsToJson } from "../../src/connectors/kafka/kafka-offsets.js";
import { latestOffsets } from "../../src/connectors/kafka/range-reader.js";
import { defineScenario, type RunContext } from "../scenario.js";
import { deleteTopics, recreateTopic } from "../support/kafka-timing.js";
import { kafkaBootstrap } from "../support/services.js";
import { produceSteadily } from "../support/steady-producer.js";

interface Params {
  readonly ratePerSecond: number;
  readonly seconds: number;
  /** Event time advanced per second of the run (by the rides' mean pickup gap), in minutes. */
  readonly eventMinutesPerSecond: number;
}

interface State extends Params {
  readonly input: string;
  readonly output: string;
}

interface Sample {
  readonly t: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly input: number;
  readonly stateRows: number;
  readonly stateBytes: number;
}

interface JobRun {
  readonly samples: readonly Sample[];
  readonly maxRss: number;
  readonly input: number;
}

let runs = 0;
const MB = 2 ** 20;

/** Runs the job (or its bare floor) over one steady stream and returns its samples. */
async function runJob(state: State, ctx: RunContext, bare: boolean): Promise<JobRun> {
  runs += 1;
  const from = offsetsToJson(new Map([[state.input, await latestOffsets(kafkaBootstrap, state.input)]]));
  const script = fileURLToPath(new URL("../jobs/memory-job.js", import.meta.url));
  const maxSeconds = state.seconds + 240;
  const args = [script, "--servers", kafkaBootstrap, "--input", state.input, "--output", state.output, "--from", from, "--checkpoint", join(ctx.scratch, `memory-${runs}`), "--max-seconds", String(maxSeconds)];
  if (bare) args.push("--bare");
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"], timeout: maxSeconds * 1000 + 30_000 });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const samples: Sample[] = [];
  let done: { maxRss: number; input: number } | undefined;
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  createInterface({ input: child.stdout }).on("line", (line) => {
    const o = JSON.parse(line) as Partial<Sample> & { ready?: boolean; done?: boolean; maxRss?: number };
    if (o.ready === true) onReady();
    else if (o.done === true) done = { maxRss: o.maxRss ?? 0, input: o.input ?? 0 };
    else samples.push(o as Sample);
  });
  const failed = exited.then((code) => {
    throw new Error(`memory job exited early with ${String(code)}: ${stderr}`);
  });
  failed.catch(() => undefined);
  try {
    await Promise.race([ready, failed]);
    const gapMs = 60_000 / (state.ratePerSecond / state.eventMinutesPerSecond);
    const sent = await Promise.race([produceSteadily({ servers: kafkaBootstrap, topic: state.input, ratePerSecond: state.ratePerSecond, seconds: state.seconds, seed: runs, meanGapMs: gapMs }, (state.seconds + 60) * 1000), failed]);
    // Wait (bounded) until the job has taken in every record.
    for (let i = 0; i < 600 && (samples[samples.length - 1]?.input ?? 0) < sent.records; i++) await Promise.race([new Promise((r) => setTimeout(r, 100)), failed]);
    child.stdin.write("stop\n");
    const code = await exited;
    if (code !== 0 || done === undefined) throw new Error(`memory job exited with ${String(code)}: ${stderr}`);
    if (done.input !== sent.records) throw new Error(`the ${bare ? "bare consumer" : "job"} took in ${done.input} records, ${sent.records} were sent`);
    return { samples, maxRss: done.maxRss, input: done.input };
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}

export const memory = defineScenario<Params, State>({
  name: "memory",
  workload:
    "A producer in its own process sends course-format rides at a steady rate for the run's length, their pickup times advancing by a fixed amount of event time per second; " +
    "Kindling runs the course's windowed count (withWatermark 10 minutes, 10-minute windows sliding every 5 minutes per vendor, update mode, to a Kafka topic, trigger " +
    "processingTime 1 second) in its own Node process, sampling its RSS, heap and the state operators' numRowsTotal and memoryUsedBytes every 0.5 s. " +
    "Peak RSS is the process's maxRSS (getrusage). The floor is the same process with only a kafkajs consumer counting the stream.",
  sizes: {
    small: { ratePerSecond: 5_000, seconds: 4, eventMinutesPerSecond: 10 },
    full: { ratePerSecond: 5_000, seconds: 300, eventMinutesPerSecond: 10 },
  },
  repetitions: { small: { warmup: 0, measured: 1 }, full: { warmup: 0, measured: 1 } },
  requires: ["kafka"],
  notes: [
    "Event time advances 10 minutes per second of the run, so the watermark (max event time − 10 minutes) moves on and each 10-minute window is evicted about 20 event-minutes " +
      "(2 s) after it opens: the state should hold a handful of windows per vendor however long the run is, while a job without eviction would hold every window it ever saw " +
      "(the curve in the chart; `state rows, last` against `state rows, peak` in the table).",
    "memoryUsedBytes is Kindling's own estimate of its state (src/streaming/state/aggregate-state.ts), not a heap measurement.",
    "PySpark's memory is not measured: a JVM's RSS is set by its heap sizing (-Xmx, GC), not by the job's state, so it would not say whether state stays bounded.",
  ],
  async setup(params, ctx) {
    const input = "bench-memory-in";
    const output = "bench-memory-out";
    ctx.log(`memory: recreating topics ${input} and ${output}`);
    await recreateTopic(kafkaBootstrap, input, 4);
    await recreateTopic(kafkaBootstrap, output, 1);
    return { ...params, input, output };
  },
  async teardown(state) {
    await deleteTopics(kafkaBootstrap, [state.input, state.output]);
  },
  measures: [
    {
      id: "kindling",
      role: "subject",
      description: "Kindling's windowed course job with a watermark in its own Node process (bench/jobs/memory-job.ts)",
      timeoutMs: 12 * 60_000,
      series: [
        { id: "kindling-rss", label: "Kindling job, peak RSS", unit: "MB", group: "peak RSS" },
        { id: "kindling-state-peak", label: "Kindling job, state rows, peak", unit: "rows", group: "state rows" },
        { id: "kindling-state-last", label: "Kindling job, state rows, last sample", unit: "rows", group: "state rows" },
      ],
      async run(state, ctx) {
        const r = await runJob(state, ctx, false);
        const rows = r.samples.map((s) => s.stateRows);
        const t0 = r.samples[0]?.t ?? 0;
        ctx.curve({ id: "kindling-rss", label: "Kindling job RSS", unit: "MB", points: r.samples.map((s) => [s.t - t0, s.rss / MB]) });
        ctx.curve({ id: "kindling-heap", label: "Kindling job heap used", unit: "MB", points: r.samples.map((s) => [s.t - t0, s.heapUsed / MB]) });
        ctx.curve({ id: "kindling-state-rows", label: "Kindling state rows (numRowsTotal)", unit: "rows", points: r.samples.map((s) => [s.t - t0, s.stateRows]) });
        ctx.curve({ id: "kindling-state-bytes", label: "Kindling state memoryUsedBytes", unit: "KB", points: r.samples.map((s) => [s.t - t0, s.stateBytes / 1024]) });
        const peak = Math.max(0, ...rows);
        const last = rows[rows.length - 1] ?? 0;
        if (peak <= 0) throw new Error("the job's progress never reported state rows");
        ctx.log(`memory: Kindling peak RSS ${(r.maxRss / MB).toFixed(0)} MB, state rows peak ${peak}, last ${last}, ${r.input} records`);
        return { "kindling-rss": r.maxRss / MB, "kindling-state-peak": peak, "kindling-state-last": last };
      },
    },
    {
      id: "kafkajs-bare",
      role: "ceiling",
      description: "the same Node process with only a kafkajs consumer counting the stream (the memory floor of Node + the client)",
      timeoutMs: 12 * 60_000,
      series: [{ id: "kafkajs-rss", label: "kafkajs bare consumer process, peak RSS", unit: "MB", group: "peak RSS" }],
      async run(state, ctx) {
        const r = await runJob(state, ctx, true);
        const t0 = r.samples[0]?.t ?? 0;
        ctx.curve({ id: "kafkajs-rss", label: "kafkajs bare consumer RSS", unit: "MB", points: r.samples.map((s) => [s.t - t0, s.rss / MB]) });
        return { "kafkajs-rss": r.maxRss / MB };
      },
    },
  ],
});

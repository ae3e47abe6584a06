/**
 * `window-count-ceiling`: the pure transform ceiling that Kindling's engine will be compared with.
 * Course-format values (bytes) → typed columns → sliding 10-minute/5-minute window count per
 * vendor, on one thread and on two worker threads (the machine's parallel ceiling).
 */
import { Worker } from "node:worker_threads";
import { courseBinaryColumn, type BinaryColumn } from "../kernels/course-data.js";
import { allocCourseColumns, parseCourseValues, type CourseColumns } from "../kernels/course-parse.js";
import { emptyWindowCounts, mergeWindowCounts, slidingWindowCount, windowCountsDigest, type WindowCounts } from "../kernels/window-count.js";
import type { WindowWorkerData, WindowWorkerJob, WindowWorkerReply } from "../kernels/window-worker.js";
import { defineScenario } from "../scenario.js";
import { checkAgainstPlainVersion } from "./window-count-check.js";

const WINDOW_MS = 10 * 60_000;
const SLIDE_MS = 5 * 60_000;

interface Params {
  readonly rows: number;
  readonly seed: number;
}

interface State {
  readonly input: BinaryColumn;
  readonly columns: CourseColumns;
  readonly workers: Worker[];
  /** The digest every run must reproduce (set by the first run). */
  expected?: string;
}

function checkDigest(state: State, acc: WindowCounts, who: string): void {
  const d = windowCountsDigest(acc);
  const text = JSON.stringify(d);
  if (d.total === 0) throw new Error(`${who}: counted nothing`);
  state.expected ??= text;
  if (text !== state.expected) throw new Error(`${who}: window counts ${text} differ from the first run's ${state.expected}`);
}

function ask(worker: Worker, job: WindowWorkerJob): Promise<WindowWorkerReply> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => {
      worker.off("message", onMessage);
      reject(e);
    };
    const onMessage = (reply: WindowWorkerReply): void => {
      worker.off("error", onError);
      resolve(reply);
    };
    worker.once("message", onMessage);
    worker.once("error", onError);
    worker.postMessage(job);
  });
}

export const windowCountCeiling = defineScenario<Params, State>({
  name: "window-count-ceiling",
  workload:
    "Course-format ride values (`1, 2020-07-01 00:25:32, 2020-07-01 00:33:39, 1, 1.50, 2, 9.3`, from src/datagen courseValues) held as one " +
    "Arrow-Binary-like column in memory are parsed at byte level into typed columns (all seven fields, with nulls), then counted per " +
    "(sliding window of 10 minutes every 5 minutes on the pickup time, VendorID), as " +
    '`groupBy(window("pickup", "10 minutes", "5 minutes"), "VendorID").count()`. No Kafka, no engine: the ceiling for that query.',
  sizes: { small: { rows: 500_000, seed: 1 }, full: { rows: 10_000_000, seed: 1 } },
  repetitions: { small: { warmup: 1, measured: 5 }, full: { warmup: 1, measured: 7 } },
  requires: [],
  notes: [
    "Rows/s = input rows ÷ seconds of the phase. `parse+aggregate` times the two phases back to back on the same thread.",
    "2 threads: the input is split in halves; each worker parses and aggregates its half into partial counts, which the main thread merges. " +
      "Timed from posting the work to the merged result; the workers are started (and their column buffers allocated) in setup.",
    "Every run's result (groups, total, checksum) must equal the first run's; setup checks the kernels against a plain string-split + Map version on a prefix.",
  ],
  async setup(params, ctx) {
    ctx.log(`window-count-ceiling: generating ${params.rows} course values (seed ${params.seed})`);
    const input = courseBinaryColumn(params.rows, params.seed);
    checkAgainstPlainVersion(input, Math.min(params.rows, 20_000), WINDOW_MS, SLIDE_MS);
    const half = Math.floor(params.rows / 2);
    const workerUrl = new URL("../kernels/window-worker.js", import.meta.url);
    const halves: Array<[number, number]> = [
      [0, half],
      [half, params.rows],
    ];
    const workers = halves.map(([from, to]) => new Worker(workerUrl, { workerData: { data: input.data, offsets: input.offsets, from, to } satisfies WindowWorkerData }));
    return { input, columns: allocCourseColumns(params.rows), workers };
  },
  async teardown(state) {
    await Promise.all(state.workers.map((w) => w.terminate()));
  },
  measures: [
    {
      id: "one-thread",
      role: "ceiling",
      description: "byte-level parse into typed arrays, then a dense-table sliding-window count, on the main thread",
      series: [
        { id: "parse-1t", label: "parse, 1 thread", unit: "rows/s", group: "parse" },
        { id: "aggregate-1t", label: "window count, 1 thread", unit: "rows/s", group: "aggregate" },
        { id: "both-1t", label: "parse+aggregate, 1 thread", unit: "rows/s", group: "parse+aggregate" },
      ],
      async run(state) {
        const { input, columns } = state;
        const n = input.length;
        const t0 = performance.now();
        parseCourseValues(input.data, input.offsets, 0, n, columns);
        const t1 = performance.now();
        const acc = emptyWindowCounts();
        slidingWindowCount(columns.pickup, columns.pickupValid, columns.vendor, columns.vendorValid, 0, n, WINDOW_MS, SLIDE_MS, acc);
        const t2 = performance.now();
        checkDigest(state, acc, "one thread");
        return { "parse-1t": n / ((t1 - t0) / 1000), "aggregate-1t": n / ((t2 - t1) / 1000), "both-1t": n / ((t2 - t0) / 1000) };
      },
    },
    {
      id: "two-threads",
      role: "ceiling",
      description: "the same kernels on 2 worker_threads over halves of a SharedArrayBuffer input, partial counts merged on the main thread",
      series: [{ id: "both-2t", label: "parse+aggregate, 2 threads", unit: "rows/s", group: "parse+aggregate" }],
      async run(state) {
        const t0 = performance.now();
        const replies = await Promise.all(state.workers.map((w) => ask(w, { windowMs: WINDOW_MS, slideMs: SLIDE_MS })));
        const acc = emptyWindowCounts();
        for (const r of replies) mergeWindowCounts(acc, { base: r.base, counts: r.counts });
        const t1 = performance.now();
        checkDigest(state, acc, "two threads");
        return { "both-2t": state.input.length / ((t1 - t0) / 1000) };
      },
    },
  ],
});

/**
 * Worker thread for the two-thread window-count ceiling: parses and aggregates its share of a
 * shared Binary column and posts back partial counts (the counts' buffer is transferred).
 */
import { parentPort, workerData } from "node:worker_threads";
import { allocCourseColumns, parseCourseValues } from "./course-parse.js";
import { emptyWindowCounts, slidingWindowCount } from "./window-count.js";

export interface WindowWorkerData {
  readonly data: Uint8Array;
  readonly offsets: Int32Array;
  readonly from: number;
  readonly to: number;
}

export interface WindowWorkerJob {
  readonly windowMs: number;
  readonly slideMs: number;
}

export interface WindowWorkerReply {
  readonly parseMs: number;
  readonly aggregateMs: number;
  readonly base: number;
  readonly counts: Float64Array;
}

const { data, offsets, from, to } = workerData as WindowWorkerData;
// Allocated once, like the one-thread measure's columns (allocation is not what is measured).
const columns = allocCourseColumns(to - from);

parentPort?.on("message", (job: WindowWorkerJob) => {
  const t0 = performance.now();
  parseCourseValues(data, offsets, from, to, columns, from);
  const t1 = performance.now();
  const acc = emptyWindowCounts();
  slidingWindowCount(columns.pickup, columns.pickupValid, columns.vendor, columns.vendorValid, 0, to - from, job.windowMs, job.slideMs, acc);
  const t2 = performance.now();
  const reply: WindowWorkerReply = { parseMs: t1 - t0, aggregateMs: t2 - t1, base: acc.base, counts: acc.counts };
  parentPort?.postMessage(reply, [acc.counts.buffer as ArrayBuffer]);
});

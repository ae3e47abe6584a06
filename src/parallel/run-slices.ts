/**
 * Runs a plan fragment over a micro-batch's input, slice by slice: each source batch (a Kafka
 * source gives one per topic-partition) cut into chunks of at most `chunkRows` rows. The slicing
 * depends only on the input, never on the thread count, and outcomes come back in slice order, so
 * a caller that merges them in that order gets the same result for any `local[N]`.
 *
 * `local[N]` runs them on N threads: the main thread and N - 1 workers. With one thread, or a
 * batch under `minRows` rows, or a single slice, they all run here on the main thread: a worker
 * round trip costs 1-1.5 ms on this shared machine (post, clone the
 * fragment, wake a thread, reply), which a small batch does not win back. See {@link DEFAULT_PARALLEL}.
 *
 * ```ts
 * await forEachSliceOutcome(fragment, input.inputs[0], ctx, lateWatermarkMs, { threads: 2, minRows: 20_000, chunkRows: 16_384 }, (outcome, i) => merge(outcome));
 * ```
 */
import { fromSerializedError, type KindlingError } from "../common/errors.js";
import type { ExecContext } from "../physical/exec-context.js";
import { kafkaRecordAt, kafkaRecordText } from "../physical/eval/record-location.js";
import type { Batch } from "../physical/vector.js";
import { decodeBatch, encodeBatch } from "./batch-codec.js";
import { decodePartial } from "./partial-codec.js";
import { chunkBatch, tryRunPartition, type FragmentSpec, type PartitionFailure, type PartitionOutcome } from "./partition-task.js";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import type { SliceReply, WorkerReply } from "./protocol.js";
import { parallelOptionsOf } from "./master.js";
import { coreCount, runOnWorker } from "./worker-pool.js";

export interface ParallelOptions {
  /** Threads of work (`local[N]`): the main thread and `threads - 1` workers; 1 runs everything on the main thread. */
  readonly threads: number;
  /** Batches with fewer input rows run on the main thread. */
  readonly minRows: number;
  /** The largest slice: a bigger source batch is cut into chunks of this many rows. */
  readonly chunkRows: number;
  /**
   * False: with workers, the main thread only merges and every slice runs in a worker (to see a
   * worker-side problem, and for tests that must know where slices ran). Default true.
   */
  readonly mainThreadSlices?: boolean;
}

let workerSlices = 0;

/** How many slices worker threads have run in this process (their replies received): a diagnostic, and what tests check. */
export function slicesRunOnWorkers(): number {
  return workerSlices;
}

/**
 * Defaults, measured on this kind of machine (2 cores, Node 20, heavily shared at the time: load
 * average 15-20): the course's parse + 10/5-minute window count runs at 0.1-0.2 M rows/s per
 * thread through the engine (5-10 µs a row); a worker round trip (post, clone the 8 KB fragment,
 * wake a thread, reply) costs 1-1.5 ms a slice, against 0.3 ms for the same tiny slice on the main
 * thread (2 one-row slices: 3.4 ms through 2 workers, 0.6 ms inline). Two threads win from a
 * few thousand rows; 20 000 keeps the hand-off under ~5 % of the work even on a quiet machine,
 * where both costs shrink alike. A 16 k-row chunk is 80-160 ms of
 * work, small enough to balance 3-4 Kafka partitions over 2 threads. The course job's 5 000-row
 * batches stay on the main thread.
 */
export const DEFAULT_PARALLEL: ParallelOptions = { threads: 1, minRows: 20_000, chunkRows: 16_384 };

interface Slice {
  /** The source batch and the slice's rows in it (to read a failing row's topic/partition/offset). */
  readonly batch: Batch;
  readonly start: number;
  /** The columns the fragment reads; the others are empty placeholders. */
  readonly sent: Batch;
}

function slicesOf(batches: readonly Batch[], chunkRows: number, keep: ReadonlySet<number>): Slice[] {
  const out: Slice[] = [];
  const size = Math.max(1, chunkRows);
  for (const b of batches) {
    for (let start = 0; start < b.numRows; start += size) {
      const end = Math.min(b.numRows, start + size);
      out.push({ batch: b, start, sent: chunkBatch(b, start, end, keep) });
    }
  }
  return out;
}

/** A slice's result as the merge takes it: an outcome, or the failure to report. */
type SliceResult = { ok: true; outcome: PartitionOutcome } | ({ ok: false } & PartitionFailure);

/** Lets queued events (worker replies) run between two slices this thread computes. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs the fragment over every slice of `batches`, handing each outcome to `each` in slice order as
 * soon as it and every slice before it are done, and keeping none. The first failing slice (in
 * slice order, whichever thread ran it) fails the call with its error, rebuilt with its class,
 * and, for Kafka input, the topic, partition and offset of the failing row.
 *
 * `local[N]` is N threads of work, as Spark's local[N] is N task threads: this thread and N - 1
 * workers take the slices in order from one shared counter (work sharing: none waits for another
 * to hand it work, and the last slice ends within one slice's time of the others), and this
 * thread merges the outcomes in slice order between slices of its own, so the result does not
 * depend on who ran what. Measured on the course's windowed count (2 cores, per-thread CPU):
 * two workers beside a main thread that only merged cost ~17 % more CPU than the same slices run
 * inline (decode/encode, three busy threads on two cores), and a worker fed slice by slice by the
 * main thread sat idle 15 % of the time whenever the main thread was inside a slice of its own.
 */
export async function forEachSliceOutcome(
  fragment: FragmentSpec,
  batches: readonly Batch[],
  ctx: ExecContext,
  lateWatermarkMs: number,
  opts: ParallelOptions,
  each: (outcome: PartitionOutcome, index: number) => void,
): Promise<void> {
  const keep = new Set(fragment.leafColumns);
  const slices = slicesOf(batches, opts.chunkRows, keep);
  const rows = slices.reduce((a, s) => a + s.sent.numRows, 0);
  const workers = Math.min(opts.threads - 1, slices.length - 1);
  const deliver = (r: SliceResult, i: number): void => {
    if (!r.ok) throw locatedError(r, slices[i]!);
    each(r.outcome, i);
  };
  if (workers < 1 || rows < opts.minRows) {
    slices.forEach((s, i) => deliver(tryRunPartition(fragment, s.sent, ctx, lateWatermarkMs), i));
    return;
  }
  // Input in shared memory (Kafka slices already are): every worker reads it in place.
  const wire = slices.map((s) => encodeBatch(s.sent, { transfer: [], keep, ownsBuffers: false, share: true }));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const results = new Array<SliceResult | undefined>(slices.length);
  let died: unknown = undefined;
  let wake: (() => void) | null = null;
  const ports: MessagePort[] = [];
  for (let w = 0; w < workers; w++) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    port1.on("message", (m: SliceReply) => {
      workerSlices++;
      results[m.index] = fromReply(m.reply);
      wake?.();
    });
    const task = runOnWorker(opts.threads - 1, { fragment, slices: wire, next, port: port2, ctx, lateWatermarkMs }, [port2 as unknown as ArrayBuffer]);
    task.catch((error: unknown) => {
      died ??= error ?? new Error("a worker thread died");
      wake?.();
    });
  }
  try {
    for (let merged = 0; merged < slices.length; ) {
      const r = results[merged];
      if (r !== undefined) {
        results[merged] = undefined; // merged: let it be collected
        deliver(r, merged++);
        continue;
      }
      const i = opts.mainThreadSlices === false ? slices.length : Atomics.add(next, 0, 1);
      if (i < slices.length) {
        results[i] = tryRunPartition(fragment, slices[i]!.sent, ctx, lateWatermarkMs);
        await yieldToEventLoop();
        continue;
      }
      // Every slice is taken (or left to the workers); the next one to merge is still in a worker, unless its thread died.
      if (died !== undefined) throw died;
      await new Promise<void>((resolve) => { wake = resolve; });
      wake = null;
    }
    // Not waiting for the workers' tasks to end: a task queued behind another query's batch
    // starts after this batch is merged, finds the counter spent, and ends at once.
  } finally {
    // On a failure, workers stop at their current slice; their late replies go nowhere.
    Atomics.store(next, 0, slices.length);
    for (const p of ports) p.close();
  }
}

/** A worker's reply as the merge takes it (buffers decoded; counts and window keys stay typed). */
function fromReply(r: WorkerReply): SliceResult {
  if (!r.ok) return { ok: false, error: r.error, row: r.row };
  return {
    ok: true,
    outcome: {
      stats: r.stats,
      partial: r.partial === null ? null : decodePartial(r.partial),
      rows: r.rows === null ? null : decodeBatch(r.rows),
    },
  };
}

/** The slice's error as the user sees it: its own class and message, plus where in Kafka it came from. */
function locatedError(f: PartitionFailure, slice: Slice): KindlingError {
  // An error that already names its record (record-location.ts) keeps its message as it is.
  const at = f.row === null || f.error.context["topic"] !== undefined ? null : kafkaRecordAt(slice.batch, slice.start + f.row);
  if (at === null) return fromSerializedError(f.error);
  const { suffix, context } = kafkaRecordText(at);
  return fromSerializedError({ ...f.error, message: `${f.error.message}${suffix}`, context: { ...f.error.context, ...context } });
}

/** The parallelism a session's conf asks for (`spark.master`, `spark.kindling.parallel.*`). */
export function parallelOptionsFromConf(get: (key: string, defaultValue: string) => string): ParallelOptions {
  return parallelOptionsOf(get, DEFAULT_PARALLEL, coreCount());
}

/**
 * Runs a plan fragment over a micro-batch's input, slice by slice: each source batch (a Kafka
 * source gives one per topic-partition) cut into chunks of at most `chunkRows` rows. The slicing
 * depends only on the input, never on the thread count, and outcomes come back in slice order, so
 * a caller that merges them in that order gets the same result for any `local[N]`.
 *
 * With one thread, or a batch under `minRows` rows, or a single slice, the slices run here on the
 * main thread: a worker round trip costs 1-1.5 ms on this shared machine (post, clone the
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
import type { WorkerReply } from "./protocol.js";
import { parallelOptionsOf } from "./master.js";
import { coreCount, runOnWorker } from "./worker-pool.js";

export interface ParallelOptions {
  /** Worker threads (`local[N]`); 1 runs everything on the main thread. */
  readonly threads: number;
  /** Batches with fewer input rows run on the main thread. */
  readonly minRows: number;
  /** The largest slice: a bigger source batch is cut into chunks of this many rows. */
  readonly chunkRows: number;
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

/**
 * Runs the fragment over every slice of `batches`, handing each outcome to `each` in slice order as
 * soon as it and every slice before it are done, and keeping none. The first failing slice (in
 * slice order, whichever thread finished first) fails the call with its error, rebuilt with its
 * class, and, for Kafka input, the topic, partition and offset of the failing row. Kept none: the caller merges slice i while the workers still run
 * slices after it, so the merge overlaps the parallel work instead of following it, and each
 * outcome is garbage as soon as it is merged (young, cheap to collect) rather than after all are.
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
  if (opts.threads <= 1 || rows < opts.minRows || slices.length < 2) {
    slices.forEach((s, i) => {
      const r = tryRunPartition(fragment, s.sent, ctx, lateWatermarkMs);
      if (!r.ok) throw locatedError(r, s);
      each(r.outcome, i);
    });
    return;
  }
  const pending = slices.map((s): Promise<WorkerReply> => {
    const transfer: ArrayBuffer[] = [];
    const slice = encodeBatch(s.sent, { transfer, keep, ownsBuffers: false });
    return runOnWorker(opts.threads, { fragment, slice, ctx, lateWatermarkMs }, transfer);
  });
  // A thread that dies fails its own promise; it is awaited in its turn (marked handled here so
  // that a later slice's failure is not reported as unhandled while an earlier one is awaited).
  for (const p of pending) p.catch(() => undefined);
  for (let i = 0; i < pending.length; i++) {
    const r = await pending[i]!;
    if (!r.ok) throw locatedError(r, slices[i]!);
    each(
      {
        stats: r.stats,
        partial: r.partial === null ? null : decodePartial(r.partial),
        rows: r.rows === null ? null : decodeBatch(r.rows),
      },
      i,
    );
  }
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

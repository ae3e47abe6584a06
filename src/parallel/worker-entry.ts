/**
 * The partition worker (a piscina task handler): takes a micro-batch's slices one at a time from
 * the counter it shares with the main thread (see protocol.ts), runs the fragment over each with
 * the same function the main thread uses ({@link tryRunPartition}), and posts each outcome as
 * soon as it is done, moving the buffers it made instead of copying them. Errors become replies,
 * never throws, so the main thread gets their class, message, context and failing row intact.
 */
import { decodeBatch, encodeBatch } from "./batch-codec.js";
import { encodePartial } from "./partial-codec.js";
import { tryRunPartition } from "./partition-task.js";
import type { SliceReply, WorkerReply, WorkerTask } from "./protocol.js";

/** Runs slices from the batch's shared counter until none is left; returns how many this worker ran. */
export default function runWorkerTask(task: WorkerTask): number {
  let ran = 0;
  // The main thread closes the channel once it has every reply (closing here could drop the last ones).
  for (;;) {
    const index = Atomics.add(task.next, 0, 1);
    if (index >= task.slices.length) break;
    const transfer: ArrayBuffer[] = [];
    const message: SliceReply = { index, reply: runSlice(task, index, transfer) };
    task.port.postMessage(message, transfer);
    ran++;
  }
  return ran;
}

function runSlice(task: WorkerTask, index: number, transfer: ArrayBuffer[]): WorkerReply {
  const slice = decodeBatch(task.slices[index]!);
  const result = tryRunPartition(task.fragment, slice, task.ctx, task.lateWatermarkMs);
  if (!result.ok) return { ok: false, error: result.error, row: result.row };
  const { stats, partial, rows } = result.outcome;
  const opts = { transfer, keep: null, ownsBuffers: true };
  return {
    ok: true,
    stats,
    partial: partial === null ? null : encodePartial(partial, opts),
    rows: rows === null ? null : encodeBatch(rows, opts),
  };
}

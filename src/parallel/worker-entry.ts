/**
 * The partition worker (a piscina task handler): decodes a slice, runs the fragment over it with
 * the same function the main thread uses ({@link tryRunPartition}), and replies with the outcome,
 * moving the buffers it made instead of copying them. Errors become replies, never throws, so
 * the main thread gets their class, message, context and failing row intact.
 */
import { move, transferableSymbol, valueSymbol } from "piscina";
import { decodeBatch, encodeBatch } from "./batch-codec.js";
import { encodePartial } from "./partial-codec.js";
import { tryRunPartition } from "./partition-task.js";
import type { WorkerReply, WorkerTask } from "./protocol.js";

export default function runWorkerTask(task: WorkerTask): unknown {
  const slice = decodeBatch(task.slice);
  const result = tryRunPartition(task.fragment, slice, task.ctx, task.lateWatermarkMs);
  const transfer: ArrayBuffer[] = [];
  let reply: WorkerReply;
  if (!result.ok) {
    reply = { ok: false, error: result.error, row: result.row };
  } else {
    const { stats, partial, rows } = result.outcome;
    const opts = { transfer, keep: null, ownsBuffers: true };
    reply = {
      ok: true,
      stats,
      partial: partial === null ? null : encodePartial(partial, opts),
      rows: rows === null ? null : encodeBatch(rows, opts),
    };
  }
  return move({ [transferableSymbol]: transfer, [valueSymbol]: reply } as unknown as ArrayBuffer);
}

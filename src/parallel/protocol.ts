/**
 * The messages between the main thread and a partition worker: one task per input slice, one
 * reply per task. Everything is plain data (plans are data; errors travel as
 * {@link SerializedError}); column buffers are moved, not copied, where the sender owns them
 * (see batch-codec.ts).
 */
import type { MessagePort } from "node:worker_threads";
import type { SerializedError } from "../common/errors.js";
import type { ExecContext } from "../physical/exec-context.js";
import type { WireBatch } from "./batch-codec.js";
import type { WirePartial } from "./partial-codec.js";
import type { FragmentSpec, WatermarkStats } from "./partition-task.js";

/**
 * Run the fragment over a micro-batch's slices, taking them one at a time from a counter shared
 * with the main thread and the other workers (`Atomics.add`), until none is left; each slice's
 * reply goes back on `port` as soon as it is done ({@link SliceReply}). A worker thus never waits
 * for the main thread to send it work, and no thread sits idle while slices remain.
 */
export interface WorkerTask {
  /** The fragment travels once per batch and worker (a few KB of plan). */
  readonly fragment: FragmentSpec;
  /** Every slice of the batch, its buffers in shared memory (read in place, never moved). */
  readonly slices: readonly WireBatch[];
  /** `next[0]` is the next slice to take (shared by every thread of the batch). */
  readonly next: Int32Array;
  readonly port: MessagePort;
  readonly ctx: ExecContext;
  readonly lateWatermarkMs: number;
}

/** One slice's outcome, posted on the task's port. */
export interface SliceReply {
  readonly index: number;
  readonly reply: WorkerReply;
}

export type WorkerReply =
  | { readonly ok: true; readonly stats: readonly (WatermarkStats | null)[]; readonly partial: WirePartial | null; readonly rows: WireBatch | null }
  | { readonly ok: false; readonly error: SerializedError; readonly row: number | null };

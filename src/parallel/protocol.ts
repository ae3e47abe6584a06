/**
 * The messages between the main thread and a partition worker: one task per input slice, one
 * reply per task. Everything is plain data (plans are data; errors travel as
 * {@link SerializedError}); column buffers are moved, not copied, where the sender owns them
 * (see batch-codec.ts).
 */
import type { SerializedError } from "../common/errors.js";
import type { ExecContext } from "../physical/exec-context.js";
import type { WireBatch } from "./batch-codec.js";
import type { WirePartial } from "./partial-codec.js";
import type { FragmentSpec, WatermarkStats } from "./partition-task.js";

/** Run the fragment over one slice. */
export interface WorkerTask {
  /**
   * The fragment travels with every task (a few KB of plan, cloned in tens of microseconds): the
   * pool does not say which worker takes a task, so a per-worker cache could not be relied on.
   */
  readonly fragment: FragmentSpec;
  readonly slice: WireBatch;
  readonly ctx: ExecContext;
  readonly lateWatermarkMs: number;
}

export type WorkerReply =
  | { readonly ok: true; readonly stats: readonly (WatermarkStats | null)[]; readonly partial: WirePartial | null; readonly rows: WireBatch | null }
  | { readonly ok: false; readonly error: SerializedError; readonly row: number | null };

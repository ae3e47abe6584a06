/**
 * What the notebook runner needs of a kernel, whichever way it is reached: a tslab process we
 * started and talk to over ZeroMQ ({@link ZmqKernel}), or a kernel of a Jupyter server reached
 * through `@jupyterlab/services` ({@link ServerKernel}).
 *
 * Contract: one `execute` at a time; it never rejects for a cell's own failure — a thrown error,
 * a timeout or a dead kernel are outcomes, so the runner can write them into the notebook.
 */

/** The iopub messages that change a cell's outputs. */
export type OutputMessageType = "stream" | "display_data" | "update_display_data" | "execute_result" | "error" | "clear_output";

export interface OutputMessage {
  readonly msgType: OutputMessageType;
  readonly content: Record<string, unknown>;
}

export const OUTPUT_MESSAGE_TYPES: ReadonlySet<string> = new Set<OutputMessageType>([
  "stream",
  "display_data",
  "update_display_data",
  "execute_result",
  "error",
  "clear_output",
]);

export interface ExecuteOutcome {
  /**
   * `ok`; `error` (the reply said so); `aborted` (the kernel skipped the request); `timeout`
   * (interrupted after the per-cell timeout); `died` (the kernel process ended or was lost).
   */
  readonly status: "ok" | "error" | "aborted" | "timeout" | "died";
  readonly executionCount: number | null;
  /** From the execute_reply when the kernel fills them (tslab does not). */
  readonly ename?: string;
  readonly evalue?: string;
  readonly traceback?: string[];
  /** For `timeout` and `died`: what happened, in words (exit code, whether the interrupt worked). */
  readonly detail?: string;
}

export interface KernelClient {
  /** How the kernel was reached, for messages ("tslab (pid 1234)", "tslab on http://…"). */
  readonly description: string;
  /**
   * Runs one cell's code, passing each output message to `onOutput` as it arrives, and resolves
   * once the kernel has replied and gone idle. After `timeoutMs` the kernel is interrupted and
   * the outcome is `timeout`.
   */
  execute(code: string, timeoutMs: number, onOutput: (message: OutputMessage) => void): Promise<ExecuteOutcome>;
  /** Stops the kernel and releases everything; safe to call twice. */
  close(): Promise<void>;
}

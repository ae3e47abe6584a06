/**
 * Turns a failed cell's outcome into an nbformat `error` output and a one-line message.
 *
 * tslab never sends an `error` message and leaves `ename`/`evalue` out of its error reply: a
 * compile error is printed to stderr as `line:col - message`, a thrown error as Node prints it
 * (`Error: boom` plus the stack, sometimes after a source excerpt). So the error is read back
 * from the cell's stderr when the kernel gives nothing better.
 */
import type { ExecuteOutcome } from "./kernel-client.js";
import type { ErrorOutput } from "./nbformat.js";

const DIAGNOSTIC = /^\d+:\d+ - /;
// "TypeError: x is not a function", "Error [ERR_X]: …", "AnalysisError: …"
const ERROR_LINE = /^([A-Za-z_$][\w$.]*(?:Error|Exception|Rejection)|Error)(?: \[[\w-]+\])?: ?(.*)$/;
// Frames of tslab and Node's vm that wrap every cell: noise in a traceback.
const WRAPPER_FRAME = /^\s+at .*(?:node:vm|node:internal|tslab[/\\]dist[/\\]|sigintHandlersWrap)/;

export type FailureKind = "error" | "timeout" | "kernel-died" | "aborted";

export interface DescribedFailure {
  readonly kind: FailureKind;
  readonly output: ErrorOutput;
  /** "Error: boom", "TypeScript: 1:7 - Type 'string' is not assignable…", "timed out after 2 s…" */
  readonly message: string;
  /** What to do about it, when we know (e.g. a missing `kindling` link). */
  readonly hint?: string;
}

/** Known causes with a known fix. */
function hintFor(message: string): string | undefined {
  if (/Cannot find module 'kindling'/.test(message)) {
    return "`import ... from \"kindling\"` needs node_modules/kindling beside the notebook (or above it): run `npm install kindling` there; inside the Kindling repository run `npm install` (or `node scripts/link-self.mjs`), which links it";
  }
  return undefined;
}

/** Reads tslab's stderr text as an error: compile diagnostics first, then a thrown error. */
export function errorFromStderr(stderr: string): { ename: string; evalue: string; traceback: string[] } {
  let lines = stderr.split("\n").map((l) => l.replace(/\r$/, ""));
  // Node prints a source excerpt before a thrown error: "evalmachine.<anonymous>:2", the line, "^", "".
  if (/^evalmachine\.<anonymous>:\d+$/.test(lines[0] ?? "")) {
    const blank = lines.indexOf("");
    if (blank > 0) lines = lines.slice(blank + 1);
  }
  const traceback = lines.filter((l) => l.trim() !== "" && !WRAPPER_FRAME.test(l));
  const diagnostics = lines.filter((l) => DIAGNOSTIC.test(l));
  if (diagnostics.length > 0) {
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : "";
    return { ename: "TypeScriptError", evalue: `${diagnostics[0]}${more}`, traceback: diagnostics };
  }
  for (const line of lines) {
    const match = ERROR_LINE.exec(line);
    if (match !== null) return { ename: match[1]!, evalue: match[2] ?? "", traceback };
  }
  const first = traceback[0];
  if (first === undefined) return { ename: "Error", evalue: "the cell failed without printing an error", traceback: [] };
  return { ename: "Error", evalue: first.trim(), traceback };
}

/**
 * The error output and message for a failed outcome; `existing` is the cell's own error output
 * when the kernel sent one (other kernels than tslab do).
 *
 * @example
 * describeFailure({ status: "error", executionCount: 3 }, "Error: boom\n    at …", 600_000, undefined).message; // "Error: boom"
 */
export function describeFailure(outcome: ExecuteOutcome, stderr: string, timeoutMs: number, existing: ErrorOutput | undefined): DescribedFailure {
  if (outcome.status === "timeout") {
    const evalue = `the cell did not finish within ${formatSeconds(timeoutMs)} (--timeout); ${outcome.detail ?? "the kernel was interrupted"}`;
    return { kind: "timeout", message: `timed out: ${evalue}`, output: { output_type: "error", ename: "TimeoutError", evalue, traceback: [`TimeoutError: ${evalue}`] } };
  }
  if (outcome.status === "died") {
    const evalue = `the kernel died while running this cell: ${outcome.detail ?? "its process ended"}`;
    return { kind: "kernel-died", message: evalue, output: { output_type: "error", ename: "DeadKernelError", evalue, traceback: [`DeadKernelError: ${evalue}`] } };
  }
  if (outcome.status === "aborted") {
    const evalue = "the kernel aborted the cell without running it (an earlier request failed)";
    return { kind: "aborted", message: evalue, output: { output_type: "error", ename: "AbortedError", evalue, traceback: [] } };
  }
  const error =
    existing ??
    (outcome.ename !== undefined
      ? { output_type: "error" as const, ename: outcome.ename, evalue: outcome.evalue ?? "", traceback: outcome.traceback ?? [] }
      : { output_type: "error" as const, ...errorFromStderr(stderr) });
  const message = `${error.ename}: ${error.evalue}`;
  const hint = hintFor(message);
  return { kind: "error", message, output: error, ...(hint === undefined ? {} : { hint }) };
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

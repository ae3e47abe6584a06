/**
 * Runs a notebook as a batch job, as papermill does for Python: parameters injected after the cell
 * tagged `parameters`, code cells run one at a time with a per-cell timeout, outputs written into
 * a copy of the notebook, and the run stops at the first failing cell, whose error is shown there.
 *
 * https://papermill.readthedocs.io/en/latest/usage-execute.html
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConnectorError } from "../common/errors.js";
import { describeFailure, type FailureKind } from "./cell-failure.js";
import { CellOutputs, DisplayRegistry } from "./cell-outputs.js";
import type { ExecuteOutcome, KernelClient } from "./kernel-client.js";
import { firstLine, readNotebook, sourceText, writeNotebook, type CodeCell, type ErrorOutput, type Notebook } from "./nbformat.js";
import { NotebookError } from "./notebook-error.js";
import { injectParameters, type ParameterValue } from "./parameters.js";

export interface RunNotebookOptions {
  /** The notebook to run (nbformat 4 JSON). */
  readonly input: string;
  /** Where to write the executed notebook; default `<name>.out.ipynb` beside the input. */
  readonly output?: string;
  /** Values for the notebook's parameters, injected as `const name = value;`. */
  readonly parameters?: Readonly<Record<string, ParameterValue>>;
  /** Per-cell timeout in seconds; a cell still running is interrupted and fails. Default 600. */
  readonly timeoutSeconds?: number;
  /** How long the kernel may take to start and answer kernel_info. Default 60, or 120 through a server. */
  readonly startTimeoutSeconds?: number;
  /** Run on a kernel of this Jupyter server instead of starting tslab over ZeroMQ. */
  readonly server?: { readonly url: string; readonly token: string };
  /** tslab's TypeScript or JavaScript kernel; default from the notebook's kernelspec (`jslab` → javascript). */
  readonly language?: "typescript" | "javascript";
  /** Aborting stops the run (Ctrl-C): the kernel is stopped and the notebook written as far as it got. */
  readonly signal?: AbortSignal;
  /** Progress: warnings, the kernel being ready, each cell's result. */
  readonly onEvent?: (event: RunEvent) => void;
}

export type RunEvent =
  | { readonly type: "warning"; readonly message: string }
  | { readonly type: "kernel-ready"; readonly description: string; readonly ms: number }
  | { readonly type: "cell"; readonly cellNumber: number; readonly status: ExecuteOutcome["status"]; readonly ms: number };

export interface CellFailure {
  readonly kind: FailureKind | "interrupted";
  /** 1-based position among all cells of the output notebook (markdown and injected cells count). */
  readonly cellNumber: number;
  /** The first non-blank line of the cell's source. */
  readonly firstLine: string;
  /** "Error: boom", "TypeScriptError: 1:7 - …", "timed out: …", "the kernel died …" */
  readonly message: string;
  /** What to do about it, when the runner recognises the cause. */
  readonly hint?: string;
}

export interface RunNotebookResult {
  readonly ok: boolean;
  readonly outputPath: string;
  /** Code cells that ran (the failing one included). */
  readonly cellsRun: number;
  readonly failure?: CellFailure;
  readonly warnings: readonly string[];
  readonly timings: {
    /** From launching the kernel to its kernel_info handshake. */
    readonly kernelStartMs: number;
    /** Wall time of each cell that ran, in order. */
    readonly cellMs: readonly number[];
    readonly totalMs: number;
  };
}

/** `a.ipynb` → `a.out.ipynb`, beside the input. */
export function defaultOutputPath(input: string): string {
  return input.endsWith(".ipynb") ? `${input.slice(0, -".ipynb".length)}.out.ipynb` : `${input}.out.ipynb`;
}

function languageOf(nb: Notebook): "typescript" | "javascript" {
  const spec = nb.metadata["kernelspec"] as Record<string, unknown> | undefined;
  return spec?.["name"] === "jslab" || spec?.["language"] === "javascript" ? "javascript" : "typescript";
}

async function startKernel(options: RunNotebookOptions, language: "typescript" | "javascript", warn: (m: string) => void): Promise<KernelClient> {
  // Through a server the default is longer than the server's own kernel_info timeout (60 s): tslab
  // can lose the server's first kernel_info_request to a race in its startup (a request that
  // arrives before its iopub socket is bound dies with EBUSY), and the server then waits its full
  // minute before it lets clients connect. Over ZeroMQ we resend, so the race costs nothing.
  const startTimeoutMs = (options.startTimeoutSeconds ?? (options.server === undefined ? 60 : 120)) * 1000;
  // Loaded on demand: `import … from "kindling"` in a notebook should not pull in ZeroMQ's native
  // binding, @jupyterlab/services and ws.
  if (options.server !== undefined) {
    const { ServerKernel } = await import("./server-kernel.js");
    const kernel = await ServerKernel.start({
      url: options.server.url,
      token: options.server.token,
      kernelName: language === "javascript" ? "jslab" : "tslab",
      notebookPath: options.input,
      startTimeoutMs,
    });
    for (const w of kernel.warnings) warn(w);
    return kernel;
  }
  const { ZmqKernel } = await import("./zmq-kernel.js");
  return ZmqKernel.start({ cwd: dirname(resolve(options.input)), language, startTimeoutMs });
}

function checkSeconds(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new NotebookError(`${name} must be a positive number of seconds, got ${String(value)}`, { hint: `e.g. ${name} 600` });
  }
}

/**
 * Runs a notebook and writes the executed copy. A failing cell does not throw: the result says
 * which cell failed and why, and the written notebook shows the error at that cell. Throws
 * {@link NotebookError} for an unreadable notebook and ConnectorError when no kernel starts.
 *
 * @example
 * const result = await runNotebook({ input: "notebooks/rides.ipynb", parameters: { minutes: 5 } });
 * if (!result.ok) console.error(`cell ${result.failure?.cellNumber} failed: ${result.failure?.message}`);
 */
export async function runNotebook(options: RunNotebookOptions): Promise<RunNotebookResult> {
  const started = performance.now();
  checkSeconds("--timeout", options.timeoutSeconds);
  checkSeconds("--start-timeout", options.startTimeoutSeconds);
  const timeoutMs = (options.timeoutSeconds ?? 600) * 1000;
  const { notebook, warnings } = injectParameters(readNotebook(options.input), options.parameters ?? {});
  const outputPath = options.output ?? defaultOutputPath(options.input);
  if (!existsSync(dirname(resolve(outputPath)))) {
    throw new NotebookError(`the output folder ${dirname(outputPath)} does not exist (for ${outputPath})`, { hint: "create it, or pass another path with -o" });
  }
  const warn = (message: string): void => {
    warnings.push(message);
    options.onEvent?.({ type: "warning", message });
  };
  for (const w of warnings) options.onEvent?.({ type: "warning", message: w });
  // Papermill clears every output first, so the written notebook shows only this run.
  for (const cell of notebook.cells) {
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  const language = options.language ?? languageOf(notebook);
  notebook.metadata["kernelspec"] ??=
    language === "javascript" ? { name: "jslab", display_name: "JavaScript", language: "javascript" } : { name: "tslab", display_name: "TypeScript", language: "typescript" };
  const runInfo: Record<string, unknown> = { input_path: options.input, output_path: outputPath, parameters: options.parameters ?? {}, start_time: new Date().toISOString() };
  notebook.metadata["kindling"] = runInfo;

  if (options.signal?.aborted === true) throw new NotebookError("the run was cancelled before the kernel started");
  const kernelStarted = performance.now();
  let kernel: KernelClient;
  try {
    kernel = await startKernel(options, language, warn);
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    throw new ConnectorError(`the kernel for ${options.input} could not be started: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const kernelStartMs = performance.now() - kernelStarted;
  options.onEvent?.({ type: "kernel-ready", description: kernel.description, ms: kernelStartMs });
  runInfo["kernel"] = kernel.description;

  const displays = new DisplayRegistry();
  const cellMs: number[] = [];
  let failure: CellFailure | undefined;
  let onAbort = (): void => undefined;
  const aborted = new Promise<"aborted">((resolveAbort) => {
    onAbort = () => resolveAbort("aborted");
    if (options.signal?.aborted === true) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const code = sourceText(cell.source);
      if (code.trim() === "") continue; // nbclient skips empty cells too
      const cellNumber = index + 1;
      const collector = new CellOutputs(displays);
      cell.outputs = collector.outputs;
      const t = performance.now();
      const outcome = await Promise.race([kernel.execute(code, timeoutMs, (m) => collector.add(m)), aborted]);
      const ms = performance.now() - t;
      cellMs.push(ms);
      if (outcome === "aborted") {
        failure = { kind: "interrupted", cellNumber, firstLine: firstLine(cell.source), message: "the run was interrupted (Ctrl-C) while this cell was running" };
        cell.outputs.push({ output_type: "error", ename: "KeyboardInterrupt", evalue: failure.message, traceback: [] });
        markCell(cell, "interrupted", ms);
        break;
      }
      cell.execution_count = outcome.executionCount;
      options.onEvent?.({ type: "cell", cellNumber, status: outcome.status, ms });
      if (outcome.status === "ok") {
        markCell(cell, "completed", ms);
        continue;
      }
      const existing = cell.outputs.find((o): o is ErrorOutput => o.output_type === "error");
      const described = describeFailure(outcome, collector.stderrText(), timeoutMs, existing);
      if (existing === undefined) cell.outputs.push(described.output);
      failure = {
        kind: described.kind,
        cellNumber,
        firstLine: firstLine(cell.source),
        message: described.message,
        ...(described.hint === undefined ? {} : { hint: described.hint }),
      };
      markCell(cell, "failed", ms);
      break;
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await kernel.close();
    const totalMs = performance.now() - started;
    Object.assign(runInfo, {
      end_time: new Date().toISOString(),
      duration_s: Math.round(totalMs) / 1000,
      status: failure === undefined ? "completed" : "failed",
      ...(failure === undefined ? {} : { failed_cell: failure.cellNumber, error: failure.message }),
    });
    writeNotebook(outputPath, notebook);
  }
  return {
    ok: failure === undefined,
    outputPath,
    cellsRun: cellMs.length,
    ...(failure === undefined ? {} : { failure }),
    warnings,
    timings: { kernelStartMs, cellMs, totalMs: performance.now() - started },
  };
}

function markCell(cell: CodeCell, status: string, ms: number): void {
  cell.metadata["kindling"] = { status, duration_ms: Math.round(ms * 10) / 10 };
}


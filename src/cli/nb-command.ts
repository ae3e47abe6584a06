import { Command } from "commander";
import { NotebookError, NotebookRunError } from "../notebook/notebook-error.js";
import { parseParameterArg, type ParameterValue } from "../notebook/parameters.js";
import { runNotebook } from "../notebook/runner.js";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function seconds(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new NotebookError(`${flag} must be a positive number of seconds, got ${JSON.stringify(raw)}`, { hint: `e.g. ${flag} 600` });
  return n;
}

interface RunOptions {
  parameter: string[];
  output?: string;
  timeout: string;
  startTimeout?: string;
  server?: string;
  token?: string;
}

/** `kindling nb run notebook.ipynb [-p name=value …] [-o out.ipynb] [--timeout s] [--server URL --token T]` */
export function nbCommand(): Command {
  const nb = new Command("nb").description("run notebooks as batch jobs (papermill for TypeScript notebooks)");
  nb.command("run")
    .description("run a notebook's code cells in a tslab kernel, stop at the first failing cell, write the executed notebook")
    .argument("<notebook>", "the .ipynb file to run")
    .option("-p, --parameter <name=value>", "inject `const name = value;` after the cell tagged parameters (repeatable); numbers, true/false, null and JSON are typed, anything else is a string", collect, [])
    .option("-o, --output <path>", "where to write the executed notebook (default: <name>.out.ipynb beside it)")
    .option("--timeout <seconds>", "per-cell timeout: a cell still running is interrupted and the run fails", "600")
    .option("--start-timeout <seconds>", "how long the kernel may take to start (default: 60, or 120 with --server)")
    .option("--server <url>", "use a kernel of this Jupyter server (e.g. http://127.0.0.1:8888) instead of starting tslab directly")
    .option("--token <token>", "the Jupyter server's token (default: $JUPYTER_TOKEN)")
    .action(async (notebook: string, opts: RunOptions) => {
      const parameters: Record<string, ParameterValue> = {};
      for (const arg of opts.parameter) {
        const { name, value } = parseParameterArg(arg);
        parameters[name] = value;
      }
      const token = opts.token ?? process.env["JUPYTER_TOKEN"];
      if (opts.token !== undefined && opts.server === undefined) {
        throw new NotebookError("--token was given without --server", { hint: "add --server URL, or drop --token to start a kernel directly" });
      }
      if (opts.server !== undefined && token === undefined) {
        throw new NotebookError(`--server ${opts.server} needs a token`, { hint: "pass --token T or set JUPYTER_TOKEN (`kindling stack status` shows the stack's token)" });
      }
      // Ctrl-C stops the run cleanly: the kernel is stopped and the notebook written as far as it got.
      // @jupyterlab/services reports its WebSocket's comings and goings with console.debug (which
      // Node prints to stdout) and console.warn ("Connection lost, reconnecting" when a kernel
      // restarts): chatter a browser console hides. Our own messages say what happened.
      const { debug, warn } = console;
      if (opts.server !== undefined) console.debug = console.warn = () => undefined;
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.on("SIGINT", onSigint);
      try {
        const result = await runNotebook({
          input: notebook,
          ...(opts.output === undefined ? {} : { output: opts.output }),
          parameters,
          timeoutSeconds: seconds("--timeout", opts.timeout),
          ...(opts.startTimeout === undefined ? {} : { startTimeoutSeconds: seconds("--start-timeout", opts.startTimeout) }),
          ...(opts.server === undefined ? {} : { server: { url: opts.server, token: token ?? "" } }),
          signal: controller.signal,
          onEvent: (event) => {
            if (event.type === "warning") process.stderr.write(`warning: ${event.message}\n`);
          },
        });
        if (result.failure !== undefined) {
          const f = result.failure;
          throw new NotebookRunError(`cell ${f.cellNumber} failed: ${f.message}\n  cell ${f.cellNumber}: ${f.firstLine}`, {
            context: { notebook, cell: f.cellNumber, output: result.outputPath },
            hint: `${f.hint === undefined ? "" : `${f.hint}; `}the executed notebook, with the error at cell ${f.cellNumber}, is in ${result.outputPath}`,
          });
        }
        const seconds_ = (result.timings.totalMs / 1000).toFixed(1);
        process.stdout.write(`ran ${result.cellsRun} code cells of ${notebook} in ${seconds_} s; wrote ${result.outputPath}\n`);
      } finally {
        process.off("SIGINT", onSigint);
        Object.assign(console, { debug, warn });
      }
    });
  return nb;
}

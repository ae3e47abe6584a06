import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNotebook } from "../../src/notebook/runner.js";
import { ZmqKernel } from "../../src/notebook/zmq-kernel.js";
import { cli } from "../support/cli.js";
import { requireJupyter } from "../support/stack.js";

/**
 * Measures the runner, with medians of a few runs (printed; the bounds are loose sanity checks,
 * since this two-core machine is shared with Spark and Kafka):
 * - kernel start to the first cell's result (launch, handshake, one cell), library and CLI;
 * - per-cell time of 20 trivial cells through the runner, against the same cells sent straight to
 *   the kernel with ZmqKernel.execute: the difference is the runner's own per-cell overhead.
 */
const RUNS = 3;
const dir = mkdtempSync(join(tmpdir(), "kindling-nb-timing-"));

function notebookFile(name: string, sources: string[]): string {
  const path = join(dir, name);
  const cells = sources.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null }));
  writeFileSync(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
  return path;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

const oneCell = notebookFile("one.ipynb", ['console.log("ready");']);
const TRIVIAL = Array.from({ length: 20 }, (_, i) => `${i} + 1;`);
const twenty = notebookFile("twenty.ipynb", TRIVIAL);
const report: Record<string, string> = {};

describe("runner timings", () => {
  it("kernel start to first cell result (tslab over ZeroMQ)", async () => {
    const lib: number[] = [];
    const start: number[] = [];
    const viaCli: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await runNotebook({ input: oneCell, output: join(dir, "one.out.ipynb") });
      expect(r.ok).toBe(true);
      start.push(r.timings.kernelStartMs);
      lib.push(r.timings.kernelStartMs + r.timings.cellMs[0]!);
      const c = await cli(["nb", "run", oneCell, "-o", join(dir, "one.cli.ipynb")]);
      expect(c.code, c.stderr).toBe(0);
      viaCli.push(c.ms);
    }
    report["zmq: kernel launch → handshake"] = ms(median(start));
    report["zmq: kernel launch → first cell result"] = ms(median(lib));
    report["zmq: whole CLI run of a one-cell notebook"] = ms(median(viaCli));
    expect(median(lib)).toBeLessThan(30_000);
  });

  it("per-cell time of 20 trivial cells: runner vs the bare kernel client", async () => {
    const runner: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await runNotebook({ input: twenty, output: join(dir, "twenty.out.ipynb") });
      expect(r.ok).toBe(true);
      runner.push(median(r.timings.cellMs.slice(1))); // the first cell also warms the compiler
      const kernel = await ZmqKernel.start({ cwd: dir });
      try {
        const times: number[] = [];
        for (const code of TRIVIAL) {
          const t = performance.now();
          const outcome = await kernel.execute(code, 60_000, () => undefined);
          times.push(performance.now() - t);
          expect(outcome.status).toBe("ok");
        }
        bare.push(median(times.slice(1)));
      } finally {
        await kernel.close();
      }
    }
    report["zmq: per trivial cell through runNotebook"] = ms(median(runner));
    report["zmq: per trivial cell, bare ZmqKernel.execute"] = ms(median(bare));
    report["zmq: runner overhead per cell (difference)"] = ms(median(runner) - median(bare));
    expect(median(runner) - median(bare)).toBeLessThan(50);
  });

  it("the same work as a notebook (kindling nb run) and as a job file (kindling run)", async () => {
    // One cell importing Kindling, then the 20 trivial cells; the job file is the same code in one file.
    const importLine = 'import { VERSION } from "kindling";';
    const sources = [importLine, ...TRIVIAL, "console.log(VERSION);"];
    // Both beside the repository's fixtures, where `import … from "kindling"` resolves (not in a temporary folder).
    const nb = join(import.meta.dirname, "fixtures", ".timing-notebook.ipynb");
    writeFileSync(nb, readFileSync(notebookFile("as-notebook.ipynb", sources)));
    const job = join(import.meta.dirname, "fixtures", ".timing-job.ts");
    writeFileSync(job, `${sources.join("\n")}\n`);
    const nbWall: number[] = [];
    const runWall: number[] = [];
    const perCell: number[] = [];
    const importCell: number[] = [];
    const kernelStart: number[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const n = await cli(["nb", "run", nb, "-o", join(dir, "as-notebook.out.ipynb")]);
        expect(n.code, n.stderr).toBe(0);
        nbWall.push(n.ms);
        const r = await cli(["run", job]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
        runWall.push(r.ms);
        const lib = await runNotebook({ input: nb, output: join(dir, "as-notebook.lib.ipynb") });
        expect(lib.ok).toBe(true);
        perCell.push(median(lib.timings.cellMs.slice(1)));
        importCell.push(lib.timings.cellMs[0]!);
        kernelStart.push(lib.timings.kernelStartMs);
      }
    } finally {
      rmSync(job, { force: true });
      rmSync(nb, { force: true });
    }
    report["kindling nb run: whole run, import + 20 cells + print"] = ms(median(nbWall));
    report["kindling run: whole run, the same code as one file"] = ms(median(runWall));
    report["notebook minus job file, per cell (22 cells)"] = ms((median(nbWall) - median(runWall)) / sources.length);
    report["that notebook: kernel launch → handshake"] = ms(median(kernelStart));
    report["that notebook: the import cell (tslab compiles Kindling's types)"] = ms(median(importCell));
    report["that notebook: per trivial cell after the import"] = ms(median(perCell));
    console.log(Object.entries(report).slice(-7).map(([k, v]) => `  ${k.padEnd(48)} ${v}`).join("\n"));
  }, 400_000);

  it("the same through the stack's JupyterLab (--server)", async () => {
    const { url, token } = await requireJupyter();
    const first: number[] = [];
    const perCell: number[] = [];
    for (let i = 0; i < 2; i++) {
      const a = await runNotebook({ input: oneCell, output: join(dir, "one.srv.ipynb"), server: { url, token } });
      expect(a.ok).toBe(true);
      first.push(a.timings.kernelStartMs + a.timings.cellMs[0]!);
      const b = await runNotebook({ input: twenty, output: join(dir, "twenty.srv.ipynb"), server: { url, token } });
      expect(b.ok).toBe(true);
      perCell.push(median(b.timings.cellMs.slice(1)));
    }
    report["server: kernel start → first cell result"] = ms(median(first));
    report["server: per trivial cell through runNotebook"] = ms(median(perCell));
    console.log(`nb run timings (medians):\n${Object.entries(report).map(([k, v]) => `  ${k.padEnd(48)} ${v}`).join("\n")}`);
    writeFileSync(join(tmpdir(), "kindling-nb-timings.json"), JSON.stringify(report, null, 1));
  });
});

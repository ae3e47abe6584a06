import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/index.js";
import { CLI, cli } from "../support/cli.js";
import { codeCell, readNotebookJson, streamText } from "./display-outputs.js";

/**
 * `kindling nb run` as a user runs it (the built CLI), in its default mode: a real tslab kernel
 * started by the CLI and driven over ZeroMQ, no Jupyter server involved.
 */
const FIXTURES = join(import.meta.dirname, "fixtures");
const fixture = (name: string): string => join(FIXTURES, name);
const outDir = mkdtempSync(join(tmpdir(), "kindling-nb-run-"));

const readOutput = readNotebookJson;
const code = codeCell;
const text = streamText;

/** Pids of kernels the runner started (their connection files live in kindling-kernel-* folders). */
function runnerKernels(): string[] {
  return readdirSync("/proc").filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("kindling-kernel-");
    } catch {
      return false;
    }
  });
}

describe("kindling nb run (tslab over ZeroMQ)", () => {
  it("runs a passing notebook with a parameter of each type and writes every output", async () => {
    const out = join(outDir, "passing.out.ipynb");
    const r = await cli([
      "nb", "run", fixture("passing.ipynb"), "-o", out,
      "-p", "alpha=0.5", "-p", "label=it's \"quoted\"", "-p", "enabled=true", "-p", "nothing=null",
      "-p", "sizes=[1,2,3]", "-p", 'options={"a":{"b":1}}', "-p", "undeclared=7",
    ]);
    expect(r.stderr).toContain('warning: parameter "undeclared" is not declared in the parameters cell (cell 2); it is injected anyway');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ran 7 code cells of .*passing\.ipynb in [\d.]+ s; wrote .*passing\.out\.ipynb/);

    const nb = readOutput(out);
    expect(nb.nbformat).toBe(4);
    expect(nb.cells.map((c) => c.cell_type)).toEqual(["markdown", "code", "code", "code", "code", "code", "code", "code", "code"]);
    expect(nb.cells[0]!.source).toEqual(["# A passing notebook\n", "Parameters, Kindling by name, displays."]);
    // The injected cell follows the parameters cell.
    expect(code(nb, 3).metadata["tags"]).toEqual(["injected-parameters"]);
    expect(code(nb, 3).source).toContain('const label = "it\'s \\"quoted\\"";');
    // Each parameter arrived with its type.
    expect(text(code(nb, 4))).toBe('{"alpha":0.5,"label":"it\'s \\"quoted\\"","enabled":true,"nothing":null,"sizes":[1,2,3],"options":{"a":{"b":1}}}\nnumber string boolean true true object\n');
    expect(text(code(nb, 5))).toBe(`kindling ${VERSION}\n`);
    // update_display_data replaced the first display's data in place.
    expect(code(nb, 6).outputs).toEqual([
      { output_type: "display_data", data: { "text/plain": "step 2 of 2" }, metadata: {} },
      { output_type: "display_data", data: { "text/html": "<b>bold</b>" }, metadata: {} },
    ]);
    // stderr output alone is not a failure.
    expect(code(nb, 7).outputs).toEqual([
      { output_type: "stream", name: "stderr", text: "a warning on stderr\n" },
      { output_type: "stream", name: "stdout", text: "still fine\n" },
    ]);
    expect(code(nb, 8).execution_count).toBeNull(); // the empty cell is skipped
    expect(text(code(nb, 9))).toBe("42\n");
    expect([2, 3, 4, 5, 6, 7, 9].map((n) => code(nb, n).execution_count)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(nb.metadata["kindling"]).toMatchObject({ status: "completed", parameters: { alpha: 0.5, sizes: [1, 2, 3] } });
  });

  it("stops at a cell that throws: names the cell, exits non-zero, writes the error into the notebook", async () => {
    const out = join(outDir, "fails-throw.out.ipynb");
    const r = await cli(["nb", "run", fixture("fails-throw.ipynb"), "-o", out]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("cell 3 failed: Error: boom at value 3\n  cell 3: const value = 3;");
    expect(r.stderr).toContain(out);
    const nb = readOutput(out);
    expect(text(code(nb, 1))).toBe("before the failure\n");
    expect(code(nb, 3).outputs.at(-1)).toMatchObject({ output_type: "error", ename: "Error", evalue: "boom at value 3" });
    expect(code(nb, 4)).toMatchObject({ execution_count: null, outputs: [] });
    expect(nb.metadata["kindling"]).toMatchObject({ status: "failed", failed_cell: 3 });
  });

  it("reports a TypeScript compile error (which tslab prints only to stderr) as the cell's error", async () => {
    const out = join(outDir, "fails-compile.out.ipynb");
    const r = await cli(["nb", "run", fixture("fails-compile.ipynb"), "-o", out]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("cell 2 failed: TypeScriptError: 1:7 - Type 'string' is not assignable to type 'number'.\n  cell 2: const count: number = \"not a number\";");
    const nb = readOutput(out);
    expect(code(nb, 2).outputs).toEqual([
      { output_type: "stream", name: "stderr", text: "1:7 - Type 'string' is not assignable to type 'number'.\n" },
      { output_type: "error", ename: "TypeScriptError", evalue: "1:7 - Type 'string' is not assignable to type 'number'.", traceback: ["1:7 - Type 'string' is not assignable to type 'number'."] },
    ]);
    expect(code(nb, 3).execution_count).toBeNull();
  });

  it("interrupts a cell that outlives --timeout and fails the run with a clear message", async () => {
    const out = join(outDir, "times-out.out.ipynb");
    const r = await cli(["nb", "run", fixture("times-out.ipynb"), "-o", out, "--timeout", "2"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("cell 2 failed: timed out: the cell did not finish within 2 s (--timeout); the kernel was interrupted\n  cell 2: await new Promise");
    expect(r.ms).toBeLessThan(30_000); // not the cell's 60 s
    const nb = readOutput(out);
    expect(code(nb, 2).outputs.at(-1)).toMatchObject({ output_type: "error", ename: "TimeoutError" });
    // tslab's own report of the interrupt stays visible above it.
    expect(text(code(nb, 2))).toContain("Interrupted asynchronously");
    expect(code(nb, 3).execution_count).toBeNull();
  });

  it("reports a kernel that dies mid-run, naming the cell, and still writes the notebook", async () => {
    const out = join(outDir, "kernel-dies.out.ipynb");
    const r = await cli(["nb", "run", fixture("kernel-dies.ipynb"), "-o", out]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("cell 2 failed: the kernel died while running this cell: its process ended (exit code 1)\n  cell 2: console.log(\"about to exit\");");
    const nb = readOutput(out);
    expect(text(code(nb, 1))).toBe("alive\n");
    expect(code(nb, 2).outputs.at(-1)).toMatchObject({ output_type: "error", ename: "DeadKernelError" });
  });

  it("injects parameters at the top, with a warning, when no cell is tagged parameters; default output path", async () => {
    const input = join(outDir, "no-parameters-cell.ipynb");
    copyFileSync(fixture("no-parameters-cell.ipynb"), input);
    const r = await cli(["nb", "run", input, "-p", "greeting=hello there"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: the notebook has no cell tagged "parameters", so the parameters are injected at the top');
    const nb = readOutput(join(outDir, "no-parameters-cell.out.ipynb"));
    expect(code(nb, 1).source).toContain('const greeting = "hello there";');
    expect(text(code(nb, 2))).toBe("greeting=hello there\n");
    expect(nb.metadata["kernelspec"]).toMatchObject({ name: "tslab" });
  });

  it("refuses a notebook that is not valid JSON, naming the file and the position", async () => {
    const r = await cli(["nb", "run", fixture("invalid-json.ipynb")]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`kindling: ${fixture("invalid-json.ipynb")} is not a notebook: invalid JSON at line 5 column 39`);
  });

  it("refuses an nbformat 3 notebook and a bad -p", async () => {
    const v3 = await cli(["nb", "run", fixture("nbformat3.ipynb")]);
    expect(v3.code).not.toBe(0);
    expect(v3.stderr).toContain('nbformat3.ipynb is not an nbformat 4 notebook: "nbformat" is 3, expected 4');
    const bad = await cli(["nb", "run", fixture("passing.ipynb"), "-p", "my-name=1"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('parameter name "my-name" is not a valid TypeScript variable name');
  });

  it("stops cleanly on Ctrl-C: kernel stopped, notebook written up to the running cell", async () => {
    const out = join(outDir, "ctrl-c.out.ipynb");
    const marker = join(outDir, "ctrl-c.marker");
    const child = spawn(process.execPath, [CLI, "nb", "run", fixture("waits-for-ctrl-c.ipynb"), "-o", out], {
      env: { ...process.env, KINDLING_TEST_MARKER: marker },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Wait (bounded) until cell 2 is running, then press Ctrl-C.
    const deadline = Date.now() + 60_000;
    while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(marker), stderr).toBe(true);
    child.kill("SIGINT");
    const exitCode = await exited;
    expect(exitCode).not.toBe(0);
    expect(stderr).toContain("cell 2 failed: the run was interrupted (Ctrl-C) while this cell was running");
    const nb = readOutput(out);
    expect(text(code(nb, 1))).toBe("first cell\n");
    expect(code(nb, 2).outputs.at(-1)).toMatchObject({ output_type: "error", ename: "KeyboardInterrupt" });
  });

  it("leaves no kernel process behind", () => {
    expect(runnerKernels()).toEqual([]);
  });
});

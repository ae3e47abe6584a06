import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/index.js";
import type { Notebook } from "../../src/notebook/nbformat.js";
import { cli } from "../support/cli.js";
import { codeCell, readNotebookJson, streamText } from "./display-outputs.js";
import { requireJupyter } from "../support/stack.js";

/**
 * `kindling nb run --server URL --token T`: the same notebooks on a tslab kernel that the stack's
 * JupyterLab starts, reached through @jupyterlab/services and its WebSocket.
 */
const FIXTURES = join(import.meta.dirname, "fixtures");
const fixture = (name: string): string => join(FIXTURES, name);
const outDir = mkdtempSync(join(tmpdir(), "kindling-nb-server-"));

const readOutput = readNotebookJson;
const code = codeCell;
const text = streamText;

/** The run's kernel id (in the output notebook's metadata) must be gone from the server. */
async function expectKernelShutDown(nb: Notebook, url: string, token: string): Promise<void> {
  const description = String((nb.metadata["kindling"] as Record<string, unknown>)["kernel"]);
  const id = /kernel ([0-9a-f-]{36}) on /.exec(description)?.[1];
  expect(id, description).toBeDefined();
  const kernels = (await (await fetch(`${url}/api/kernels?token=${token}`)).json()) as { id: string }[];
  expect(kernels.map((k) => k.id)).not.toContain(id);
}

async function run(name: string, extra: string[] = []) {
  const { url, token } = await requireJupyter();
  const out = join(outDir, name.replace(".ipynb", ".out.ipynb"));
  const result = await cli(["nb", "run", fixture(name), "-o", out, "--server", url, "--token", token, ...extra]);
  return { ...result, out, url, token };
}

describe("kindling nb run --server (the stack's JupyterLab)", () => {
  it("runs a passing notebook with parameters, kindling imported by name, displays updated", async () => {
    const r = await run("passing.ipynb", ["-p", "alpha=0.25", "-p", "sizes=[4]", "-p", "label=server"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ran 7 code cells of .*passing\.ipynb in [\d.]+ s; wrote .*\n$/); // no library chatter on stdout
    const nb = readOutput(r.out);
    expect(text(code(nb, 4))).toContain('"alpha":0.25,"label":"server"');
    expect(text(code(nb, 5))).toBe(`kindling ${VERSION}\n`);
    expect(code(nb, 6).outputs[0]).toEqual({ output_type: "display_data", data: { "text/plain": "step 2 of 2" }, metadata: {} });
    expect(text(code(nb, 9))).toBe("42\n");
    await expectKernelShutDown(nb, r.url, r.token);
  });

  it("stops at a thrown error, captured from tslab's stderr", async () => {
    const r = await run("fails-throw.ipynb");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("cell 3 failed: Error: boom at value 3\n  cell 3: const value = 3;");
    const nb = readOutput(r.out);
    expect(code(nb, 3).outputs.at(-1)).toMatchObject({ output_type: "error", ename: "Error", evalue: "boom at value 3" });
    await expectKernelShutDown(nb, r.url, r.token);
  });

  it("stops at a TypeScript compile error", async () => {
    const r = await run("fails-compile.ipynb");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("cell 2 failed: TypeScriptError: 1:7 - Type 'string' is not assignable to type 'number'.");
  });

  it("interrupts a cell past --timeout through the server's interrupt endpoint", async () => {
    const r = await run("times-out.ipynb", ["--timeout", "2"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("cell 2 failed: timed out: the cell did not finish within 2 s (--timeout); the kernel was interrupted");
    expect(r.ms).toBeLessThan(45_000);
    const nb = readOutput(r.out);
    expect(text(code(nb, 2))).toContain("Interrupted asynchronously");
    await expectKernelShutDown(nb, r.url, r.token);
  });

  it("reports a kernel that dies (the server restarts it) and shuts the restarted kernel down", async () => {
    const r = await run("kernel-dies.ipynb");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cell 2 failed: the kernel died while running this cell: its process ended \(the Jupyter server reports the kernel "(auto)?restarting"\)/);
    expect(r.stderr).not.toContain("Connection lost");
    const nb = readOutput(r.out);
    expect(text(code(nb, 1))).toBe("alive\n");
    expect(code(nb, 2).outputs.at(-1)).toMatchObject({ output_type: "error", ename: "DeadKernelError" });
    await expectKernelShutDown(nb, r.url, r.token);
  });

  it("says clearly when the token is wrong", async () => {
    const { url } = await requireJupyter();
    const r = await cli(["nb", "run", fixture("passing.ipynb"), "-o", join(outDir, "x.ipynb"), "--server", url, "--token", "wrong"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`kindling: the Jupyter server at ${url}`);
    expect(r.stderr).toContain("--token");
  });
});

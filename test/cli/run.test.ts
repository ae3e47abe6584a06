import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, cli } from "../support/cli.js";

const fixture = (name: string): string => join(import.meta.dirname, "fixtures", name);

/** `kindling run job.ts`: a job file run headlessly, with its queries' outcome as the exit code. */
describe("kindling run", () => {
  it("runs a TypeScript streaming job that imports kindling, bounded by --trigger availableNow", async () => {
    const result = await cli(["run", fixture("rate-console.ts"), "--trigger", "availableNow"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("-------------------------------------------\nBatch: 0\n-------------------------------------------\n");
    expect(result.stdout).toContain("|value|tenfold|");
    expect(result.stdout).toContain("|    4|     40|");
    expect(result.stdout).not.toContain("Batch: 1\n");
    expect(result.stdout).toContain("job done");
  });

  it("exits non-zero with the query's error when a batch fails", async () => {
    const result = await cli(["run", fixture("failing-batch.ts")]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("terminated with exception in batch 0: the warehouse is closed");
  });

  it("names a job file that does not exist", async () => {
    const result = await cli(["run", "no/such/job.ts"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/job file .*no\/such\/job\.ts does not exist/);
  });

  it("stops the queries after their batch on Ctrl-C and exits 130", async () => {
    // A terminal's Ctrl-C signals the whole foreground process group: do the same.
    const child = spawn(process.execPath, [CLI, "run", fixture("rate-console.ts")], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const sawSecondBatch = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no second batch within 60 s; stdout: ${stdout}\nstderr: ${stderr}`)), 60_000);
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes("Batch: 1\n")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await sawSecondBatch;
    process.kill(-child.pid!, "SIGINT");
    const code = await exited;
    expect(code).toBe(130);
    expect(stderr).toContain("SIGINT: stopping 1 query(ies) after their current batch");
    // The batch in flight finished: every batch printed its whole table (3 border lines each).
    const headers = stdout.match(/^Batch: \d+$/gm) ?? [];
    const borders = stdout.match(/^\+-----\+-------\+$/gm) ?? [];
    expect(headers.length).toBeGreaterThanOrEqual(2);
    expect(borders.length).toBe(3 * headers.length);
  });
});

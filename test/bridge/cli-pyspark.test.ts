/**
 * `kindling pyspark job.ts` on the built CLI: a job file whose default export returns two
 * writers becomes one script (compared with its golden), `-o` writes a file, and a job without a
 * default export fails with the fix.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../support/cli.js";
import { parsePython } from "./support/python-ast.js";

const JOBS = join(import.meta.dirname, "fixtures", "jobs");
const GOLDEN = join(import.meta.dirname, "golden", "cli-course-job.py");

describe("kindling pyspark", () => {
  it("prints one script for every query the job returns", async () => {
    const r = await cli(["pyspark", join(JOBS, "course-job.ts")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(GOLDEN, "utf8"));
    expect(parsePython(r.stdout).calls).toContain("awaitAnyTermination");
  }, 60_000);

  it("writes the script with -o", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "kindling-pyspark-")), "job.py");
    const r = await cli(["pyspark", join(JOBS, "course-job.ts"), "-o", out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(GOLDEN, "utf8"));
  }, 60_000);

  it("explains a job without a default export", async () => {
    const r = await cli(["pyspark", join(JOBS, "no-default.ts")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("has no default export");
    expect(r.stderr).toContain("export default a function");
  }, 60_000);
});

/**
 * Runs the benchmark harness the way `npm run bench -- --size small` does (compiled, in its own
 * process) and checks that every scenario produced a complete result: fields, counts of values,
 * ratios, report and chart. It never checks a speed: this machine is shared and noisy.
 *
 * KINDLING_BENCH_SCENARIOS=window-count-ceiling (comma-separated) runs a subset; the default is
 * every scenario, which needs the stack's Kafka and Spark (`node dist/cli/main.js stack up`).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../bench/registry.js";
import type { ScenarioResult } from "../../bench/result.js";

const root = join(import.meta.dirname, "..", "..");
const selected = (process.env["KINDLING_BENCH_SCENARIOS"] ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter((s) => s !== "");
const scenarios = SCENARIOS.filter((s) => selected.length === 0 || selected.includes(s.name));

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.once("error", (e) => resolve({ code: null, output: `${output}\n${e.message}` }));
    child.once("close", (code) => resolve({ code, output }));
  });
}

describe("npm run bench -- --size small", () => {
  const out = mkdtempSync(join(tmpdir(), "kindling-bench-test-"));
  let outcome: { code: number | null; output: string };
  let day = "";

  beforeAll(async () => {
    expect(scenarios.length, `KINDLING_BENCH_SCENARIOS=${selected.join(",")} names no scenario`).toBeGreaterThan(0);
    // The same compiler `npm run bench` runs (node_modules/.bin/tsc).
    const tsc = await run(join(root, "node_modules", ".bin", "tsc"), ["-p", "bench/tsconfig.json"], 180_000);
    expect(tsc.code, tsc.output).toBe(0);
    outcome = await run(
      process.execPath,
      ["bench/.build/bench/cli.js", "--size", "small", "--out", out, "--scenario", scenarios.map((s) => s.name).join(",")],
      15 * 60_000,
    );
    day = /(\d{4}-\d{2}-\d{2})-report\.md/.exec(outcome.output)?.[1] ?? "";
  }, 16 * 60_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("exits 0 and prints a table", () => {
    expect(outcome.code, outcome.output).toBe(0);
    expect(outcome.output).toContain("scenario(s) in");
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))("%s wrote a complete result", (name, scenario) => {
    const path = join(out, `${day}-${name}.json`);
    expect(existsSync(path), `${path} missing; output:\n${outcome.output}`).toBe(true);
    const r = JSON.parse(readFileSync(path, "utf8")) as ScenarioResult;
    expect(r).toMatchObject({ schema: "kindling-bench/1", scenario: name, size: "small", params: scenario.sizes.small });
    expect(r.workload.length).toBeGreaterThan(20);
    expect(r.machine.cores).toBeGreaterThan(0);
    for (const key of ["cpuModel", "node", "java", "spark", "kafka", "kafkajs"] as const) expect(typeof r.machine[key]).toBe("string");
    expect(r.machine.git.commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
    expect(r.loadAverage1m.start).toBeGreaterThanOrEqual(0);
    expect(r.order).toEqual(scenario.measures.map((m) => m.id));

    const declared = scenario.measures.flatMap((m) => m.series.map((s) => s.id));
    expect(r.series.map((s) => s.id)).toEqual(declared);
    for (const s of r.series) {
      expect(s.values).toHaveLength(r.repetitions.measured);
      for (const v of s.values) expect(Number.isFinite(v) && v > 0, `${s.id}: ${v}`).toBe(true);
      expect(s.summary.min).toBeLessThanOrEqual(s.summary.median);
      expect(s.summary.median).toBeLessThanOrEqual(s.summary.max);
      expect(["subject", "ceiling", "peer"]).toContain(s.role);
    }
    expect(r.series.some((s) => s.role === "ceiling")).toBe(true);
    expect(r.ratios.length).toBeGreaterThan(0);
    for (const q of r.ratios) {
      expect(q.perPair).toHaveLength(r.repetitions.measured);
      expect(Number.isFinite(q.summary.median) && q.summary.median > 0).toBe(true);
    }
    expect(readFileSync(join(out, `${day}-${name}.svg`), "utf8")).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(readFileSync(join(out, `${day}-report.md`), "utf8")).toContain(`## ${name} (small)`);
  });
});

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
    // The same compiler `npm run bench` runs: the project's TypeScript (node_modules/.bin/tsc is
    // tslab's older one, hoisted by npm).
    const tsc = await run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "bench/tsconfig.json"], 180_000);
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
      if (s.p50 !== undefined) expect(Number.isFinite(s.p50) && Number.isFinite(s.p99 ?? Number.NaN)).toBe(true);
      for (const v of s.values) expect(Number.isFinite(v) && v > 0, `${s.id}: ${v}`).toBe(true);
      expect(s.summary.min).toBeLessThanOrEqual(s.summary.median);
      expect(s.summary.median).toBeLessThanOrEqual(s.summary.max);
      expect(["subject", "ceiling", "peer"]).toContain(s.role);
    }
    // Something to compare with: a ceiling, a peer, or a second subject (local[2] against local[1]).
    expect(r.series.some((s) => s.role !== "subject") || new Set(r.series.filter((s) => s.role === "subject").map((s) => s.measure)).size > 1).toBe(true);
    expect(r.ratios.length).toBeGreaterThan(0);
    for (const q of r.ratios) {
      expect(q.perPair).toHaveLength(r.repetitions.measured);
      expect(Number.isFinite(q.summary.median) && q.summary.median > 0).toBe(true);
    }
    const svg = readFileSync(join(out, `${day}-${name}.svg`), "utf8");
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Curves over a run (memory, state rows): each has points, from a measured run, drawn in the chart.
    for (const c of r.curves ?? []) {
      expect(c.points.length, `${c.id} has no points`).toBeGreaterThan(0);
      expect(r.order).toContain(c.measure);
      expect(c.rep).toBeGreaterThanOrEqual(1);
      for (const [t, v] of c.points) expect(Number.isFinite(t) && Number.isFinite(v) && v >= 0).toBe(true);
    }
    if ((r.curves ?? []).length > 0) expect(svg).toContain("<polyline");
    expect(readFileSync(join(out, `${day}-report.md`), "utf8")).toContain(`## ${name} (small)`);
  });

  it.runIf(scenarios.some((s) => s.name === "memory"))("memory records the RSS and state curves of its run", () => {
    const r = JSON.parse(readFileSync(join(out, `${day}-memory.json`), "utf8")) as ScenarioResult;
    const ids = (r.curves ?? []).map((c) => c.id);
    for (const id of ["kindling-rss", "kindling-state-rows", "kindling-state-bytes", "kafkajs-rss"]) expect(ids).toContain(id);
  });
});

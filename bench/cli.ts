/**
 * `npm run bench [-- --scenario name[,name…]] [--size small|full] [--reps N] [--warmup N] [--out dir] [--list]`
 *
 * Runs the scenarios (all by default) one after another, writes each result as it finishes, then
 * the day's report, and prints a table. Exits 1 if any scenario failed (the others still run).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SCENARIOS, selectScenarios } from "./registry.js";
import { writeDayReport, writeResult } from "./report/write.js";
import { resultTable } from "./report/table.js";
import type { ScenarioResult } from "./result.js";
import { runScenario } from "./runner.js";
import type { Repetitions, Size } from "./scenario.js";
import { defaultResultsDir } from "./support/paths.js";
import { closeSharedSparkDriver } from "./support/spark-driver.js";

const USAGE = `usage: npm run bench -- [--scenario name[,name...]] [--size small|full] [--reps N] [--warmup N] [--out dir] [--list]
scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}
--size small (default) runs every scenario in a few minutes; full makes the numbers to quote.
Results go to bench/results/ (full) or bench/results/small/ (small) unless --out is given.`;

function positiveInt(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number >= ${min}, got ${JSON.stringify(text)}`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: "string", multiple: true },
      size: { type: "string", default: "small" },
      reps: { type: "string" },
      warmup: { type: "string" },
      out: { type: "string" },
      list: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    for (const s of SCENARIOS) console.log(`${s.name}\n  ${s.workload}\n  small: ${JSON.stringify(s.sizes.small)}  full: ${JSON.stringify(s.sizes.full)}\n`);
    return 0;
  }
  if (values.size !== "small" && values.size !== "full") throw new Error(`--size must be small or full, got ${JSON.stringify(values.size)}`);
  const size: Size = values.size;
  const names = (values.scenario ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s !== "");
  const scenarios = selectScenarios(names);
  const repetitions: Partial<Repetitions> = {};
  const reps = positiveInt("reps", values.reps, 1);
  const warmup = positiveInt("warmup", values.warmup, 0);
  if (reps !== undefined) Object.assign(repetitions, { measured: reps });
  if (warmup !== undefined) Object.assign(repetitions, { warmup });
  const dir = values.out ?? (size === "full" ? defaultResultsDir() : join(defaultResultsDir(), "small"));

  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  const t0 = performance.now();
  for (const [i, scenario] of scenarios.entries()) {
    // A small run's shared PySpark driver idles once no scenario left needs Spark: stop it then.
    if (!scenarios.slice(i).some((s) => s.requires.includes("spark"))) await closeSharedSparkDriver();
    try {
      const result = await runScenario(scenario, { size, repetitions, log: (line) => console.error(`[bench] ${line}`) });
      const path = writeResult(dir, result);
      console.error(`[bench] ${scenario.name}: wrote ${path}`);
      results.push(result);
    } catch (error) {
      failures.push(`${scenario.name}: ${(error as Error).message}`);
      console.error(`[bench] ${scenario.name} FAILED: ${(error as Error).stack ?? String(error)}`);
    }
  }
  await closeSharedSparkDriver();
  const days = [...new Set(results.map((r) => r.startedAt.slice(0, 10)))];
  for (const day of days) console.error(`[bench] report: ${writeDayReport(dir, day)}`);
  console.log(resultTable(results));
  console.log(`\n${results.length} scenario(s) in ${((performance.now() - t0) / 1000).toFixed(0)} s; results in ${dir}`);
  if (failures.length > 0) {
    console.log(`\nFAILED:\n${failures.map((f) => `  ${f}`).join("\n")}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  },
);

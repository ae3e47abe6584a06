/**
 * Writes a scenario's result (JSON and SVG) and regenerates the day's report from every result of
 * that day in the folder, so scenarios run separately still end up in one report. Files are written
 * to `*.tmp` first and renamed, so a killed run never leaves half a file.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RESULT_SCHEMA, type ScenarioResult } from "../result.js";
import { markdownReport } from "./markdown.js";
import { scenarioSvg } from "./svg.js";

const dayOf = (r: ScenarioResult): string => r.startedAt.slice(0, 10);

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export function resultFileName(r: ScenarioResult): string {
  return `${dayOf(r)}-${r.scenario}.json`;
}

/** Writes `<date>-<scenario>.json` and `.svg`; returns the JSON's path. */
export function writeResult(dir: string, r: ScenarioResult): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, resultFileName(r));
  writeAtomic(path, `${JSON.stringify(r, null, 2)}\n`);
  writeAtomic(path.replace(/\.json$/, ".svg"), scenarioSvg(r));
  return path;
}

/** Rebuilds `<date>-report.md` from all `<date>-*.json` results in `dir`; returns its path. */
export function writeDayReport(dir: string, date: string): string {
  const results = readdirSync(dir)
    .filter((f) => f.startsWith(`${date}-`) && f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as ScenarioResult)
    .filter((r) => r.schema === RESULT_SCHEMA && r.loadAverage1m !== undefined);
  const path = join(dir, `${date}-report.md`);
  writeAtomic(path, markdownReport(date, results, (r) => `./${resultFileName(r).replace(/\.json$/, ".svg")}`));
  return path;
}

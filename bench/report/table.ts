/** The plain-text table printed at the end of a run. */
import type { ScenarioResult } from "../result.js";
import { formatRatio, formatValue } from "./format.js";

function pad(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join("  ")).join("\n");
}

export function resultTable(results: readonly ScenarioResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`\n== ${r.scenario} (${r.size}, ${r.repetitions.measured} measured after ${r.repetitions.warmup} warm-up, ${r.durationSeconds.toFixed(0)} s) ==`);
    const rows = [["series", "role", "median", "min", "max", "p50", "p99"]];
    for (const s of r.series) {
      rows.push([
        s.label,
        s.role,
        formatValue(s.summary.median, s.unit),
        formatValue(s.summary.min, s.unit),
        formatValue(s.summary.max, s.unit),
        s.p50 === undefined ? "" : formatValue(s.p50, s.unit),
        s.p99 === undefined ? "" : formatValue(s.p99, s.unit),
      ]);
    }
    out.push(pad(rows));
    if (r.ratios.length > 0) {
      const ratioRows = [["ratio (median of per-pair ratios)", "median", "min", "max"]];
      for (const q of r.ratios) ratioRows.push([q.label, formatRatio(q.summary.median), formatRatio(q.summary.min), formatRatio(q.summary.max)]);
      out.push(pad(ratioRows));
    }
  }
  return out.join("\n");
}

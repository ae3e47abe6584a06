/** The day's Markdown report: per scenario, its workload, a chart (SVG file beside it), a table, the ratios and the notes. */
import type { ScenarioResult } from "../result.js";
import { escapeMarkdownCell as cell, formatNumber, formatRatio, formatValue } from "./format.js";

export function markdownReport(date: string, results: readonly ScenarioResult[], svgFile: (r: ScenarioResult) => string): string {
  const lines: string[] = [`# Kindling benchmarks, ${date}`, ""];
  const first = results[0];
  if (first !== undefined) {
    const m = first.machine;
    lines.push(
      `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, Java ${m.java}, Spark ${m.spark}, Kafka ${m.kafka}, kafkajs ${m.kafkajs}, kcat ${m.kcat}; ` +
        `commit of the first scenario ${m.git.commit.slice(0, 12)}${m.git.dirty ? " (with uncommitted changes)" : ""}.`,
      "",
      "Each scenario: warm-up, then its measures run in alternation (A B C, A B C, …). Medians with min–max; ratios are the median of the per-repetition ratios " +
        "(both members of a pair ran back to back). Throughputs: higher is better. The machine is shared: the 1-minute load average at each scenario's start is given.",
      "",
    );
  }
  for (const r of results) {
    lines.push(`## ${r.scenario} (${r.size})`, "", r.workload, "");
    lines.push(
      `Parameters: \`${JSON.stringify(r.params)}\`. ${r.repetitions.measured} measured repetitions after ${r.repetitions.warmup} warm-up; ` +
        `started ${r.startedAt}, took ${r.durationSeconds.toFixed(0)} s (setup ${r.setupSeconds.toFixed(1)} s); 1-minute load average ${r.loadAverage1m.start} at the start, ${r.loadAverage1m.end} at the end (${r.machine.cores} cores); commit ${r.machine.git.commit.slice(0, 12)}${r.machine.git.dirty ? " + uncommitted changes" : ""}.`,
      "",
    );
    lines.push(`![${r.scenario}](${svgFile(r)})`, "");
    lines.push("| series | role | median | min | max | each run, in order |", "|---|---|---:|---:|---:|---|");
    for (const s of r.series) {
      const pct = s.p50 === undefined ? "" : ` (p50 ${formatValue(s.p50, s.unit)}, p99 ${formatValue(s.p99 ?? Number.NaN, s.unit)})`;
      lines.push(
        `| ${cell(s.label)} | ${s.role} | ${formatValue(s.summary.median, s.unit)}${pct} | ${formatValue(s.summary.min, s.unit)} | ${formatValue(s.summary.max, s.unit)} | ${s.values.map((v) => formatNumber(v, s.unit)).join(", ")} |`,
      );
    }
    lines.push("");
    if (r.ratios.length > 0) {
      lines.push("| ratio (pair by pair) | median | min | max |", "|---|---:|---:|---:|");
      for (const q of r.ratios) lines.push(`| ${cell(q.label)} | ${formatRatio(q.summary.median)} | ${formatRatio(q.summary.min)} | ${formatRatio(q.summary.max)} |`);
      lines.push("");
    }
    if (r.curves !== undefined && r.curves.length > 0) {
      lines.push("| curve over the run (chart above) | run | points | first | peak | last |", "|---|---:|---:|---:|---:|---:|");
      for (const c of r.curves) {
        const vs = c.points.map((p) => p[1]);
        const f = (v: number | undefined): string => (v === undefined ? "—" : `${Number.isInteger(v) ? v : v.toPrecision(4)} ${c.unit}`);
        lines.push(`| ${cell(c.label)} | ${c.rep} | ${vs.length} | ${f(vs[0])} | ${f(vs.length === 0 ? undefined : Math.max(...vs))} | ${f(vs[vs.length - 1])} |`);
      }
      lines.push("");
    }
    lines.push("Measures:", "");
    for (const m of r.measures) lines.push(`- \`${m.id}\` (${m.role}, ${m.warmupRuns} warm-up): ${m.description}`);
    if (r.notes.length > 0) {
      lines.push("", "Notes:", "");
      for (const n of r.notes) lines.push(`- ${n}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

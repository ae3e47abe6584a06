/**
 * One small hand-written SVG bar chart per scenario: a bar per series at its median, a whisker
 * from min to max, grouped by comparable series (each group on its own linear scale, starting at 0).
 */
import type { ScenarioResult, SeriesResult } from "../result.js";
import { escapeXml, formatValue } from "./format.js";

const COLORS: Record<SeriesResult["role"], string> = { subject: "#e8590c", ceiling: "#868e96", peer: "#1c7ed6" };

export function scenarioSvg(result: ScenarioResult): string {
  const width = 920;
  const labelWidth = 460;
  const barMax = width - labelWidth - 130;
  const rowHeight = 24;
  const groups = [...new Set(result.series.map((s) => s.group))];
  const parts: string[] = [];
  let y = 34;
  for (const group of groups) {
    const members = result.series.filter((s) => s.group === group);
    const top = Math.max(...members.map((s) => (Number.isFinite(s.summary.max) ? s.summary.max : 0)), 1e-9);
    parts.push(`<text x="8" y="${y + 14}" font-weight="bold">${escapeXml(group)} (${escapeXml(members[0]?.unit ?? "")}, ${members[0]?.higherIsBetter === false ? "lower" : "higher"} is better)</text>`);
    y += rowHeight;
    for (const s of members) {
      const w = (v: number): number => (Number.isFinite(v) ? Math.max(0, (v / top) * barMax) : 0);
      const x0 = labelWidth;
      const mid = y + rowHeight / 2;
      parts.push(
        `<text x="${labelWidth - 8}" y="${mid + 4}" text-anchor="end">${escapeXml(s.label)}</text>`,
        `<rect x="${x0}" y="${y + 4}" width="${w(s.summary.median).toFixed(1)}" height="${rowHeight - 8}" fill="${COLORS[s.role]}"><title>${escapeXml(`${s.label}: median ${formatValue(s.summary.median, s.unit)}`)}</title></rect>`,
        `<line x1="${(x0 + w(s.summary.min)).toFixed(1)}" x2="${(x0 + w(s.summary.max)).toFixed(1)}" y1="${mid}" y2="${mid}" stroke="#212529" stroke-width="1.5"/>`,
        `<text x="${(x0 + w(s.summary.max) + 6).toFixed(1)}" y="${mid + 4}">${escapeXml(formatValue(s.summary.median, s.unit))}</text>`,
      );
      y += rowHeight;
    }
    y += 8;
  }
  const legendY = y + 12;
  const legend = (["subject", "ceiling", "peer"] as const)
    .map((role, i) => `<rect x="${8 + i * 110}" y="${legendY - 10}" width="12" height="12" fill="${COLORS[role]}"/><text x="${24 + i * 110}" y="${legendY}">${role}</text>`)
    .join("");
  const note = `<text x="${8 + 3 * 110}" y="${legendY}" fill="#495057">bar: median of ${result.repetitions.measured} runs; line: min–max</text>`;
  const height = legendY + 14;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="8" y="18" font-size="14" font-weight="bold">${escapeXml(`${result.scenario} (${result.size}), ${result.startedAt.slice(0, 10)}`)}</text>`,
    ...parts,
    legend,
    note,
    `</svg>`,
    "",
  ].join("\n");
}

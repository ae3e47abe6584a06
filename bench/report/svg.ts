/**
 * One small hand-written SVG bar chart per scenario: a bar per series at its median, a whisker
 * from min to max, grouped by comparable series (each group on its own linear scale, starting at 0).
 */
import type { CurveResult, ScenarioResult, SeriesResult } from "../result.js";
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
  if (result.curves !== undefined && result.curves.length > 0) {
    const drawn = curvePanels(result.curves, y + 8, width);
    parts.push(drawn.svg);
    y = drawn.bottom;
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

const LINE_COLORS = ["#e8590c", "#1c7ed6", "#2f9e44", "#868e96", "#ae3ec9", "#f08c00", "#0c8599", "#c92a2a"];

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least `v`. */
function niceTop(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * Line charts of the curves over each run's time, one panel per unit (e.g. MB, rows); every curve
 * of a panel is a polyline, one colour per (curve id, repetition), with a legend beside it.
 */
export function curvePanels(curves: readonly CurveResult[], top: number, width: number): { svg: string; bottom: number } {
  const parts: string[] = [];
  let y = top;
  const panelHeight = 180;
  const left = 70;
  const plotWidth = width - left - 330;
  const multipleRuns = new Set(curves.map((c) => c.rep)).size > 1;
  for (const unit of [...new Set(curves.map((c) => c.unit))]) {
    const members = curves.filter((c) => c.unit === unit);
    const xMax = niceTop(Math.max(...members.flatMap((c) => c.points.map((p) => p[0])), 1e-9));
    const yMax = niceTop(Math.max(...members.flatMap((c) => c.points.map((p) => p[1])), 1e-9));
    const title = `over time (${unit})`;
    parts.push(`<text x="8" y="${y + 14}" font-weight="bold">${escapeXml(title)}</text>`);
    const y0 = y + 24;
    const yBottom = y0 + panelHeight;
    const sx = (x: number): number => left + (x / xMax) * plotWidth;
    const sy = (v: number): number => yBottom - (v / yMax) * panelHeight;
    parts.push(
      `<rect x="${left}" y="${y0}" width="${plotWidth}" height="${panelHeight}" fill="none" stroke="#adb5bd"/>`,
      ...[0, 0.25, 0.5, 0.75, 1].map(
        (f) =>
          `<line x1="${left}" x2="${left + plotWidth}" y1="${sy(f * yMax).toFixed(1)}" y2="${sy(f * yMax).toFixed(1)}" stroke="#e9ecef"/>` +
          `<text x="${left - 6}" y="${(sy(f * yMax) + 4).toFixed(1)}" text-anchor="end" fill="#495057">${escapeXml(compact(f * yMax))}</text>`,
      ),
      ...[0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${sx(f * xMax).toFixed(1)}" y="${yBottom + 14}" text-anchor="middle" fill="#495057">${escapeXml(compact(f * xMax))} s</text>`),
    );
    members.forEach((c, i) => {
      const color = LINE_COLORS[i % LINE_COLORS.length] as string;
      const pts = c.points.map(([x, v]) => `${sx(x).toFixed(1)},${sy(v).toFixed(1)}`).join(" ");
      const peak = Math.max(...c.points.map((p) => p[1]));
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts}"><title>${escapeXml(`${c.label}, run ${c.rep}: peak ${compact(peak)} ${unit}`)}</title></polyline>`,
        `<rect x="${left + plotWidth + 12}" y="${y0 + i * 18}" width="12" height="3" fill="${color}"/>`,
        `<text x="${left + plotWidth + 30}" y="${y0 + i * 18 + 5}" font-size="11">${escapeXml(shorten(`${c.label}${multipleRuns ? ` (run ${c.rep})` : ""}, peak ${compact(peak)}`, 46))}</text>`,
      );
    });
    y = Math.max(yBottom + 24, y0 + members.length * 18 + 8);
  }
  return { svg: parts.join("\n"), bottom: y };
}

function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${(v / 1e3).toPrecision(3)}k`;
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

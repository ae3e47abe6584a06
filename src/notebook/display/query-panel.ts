/**
 * The live panel of a streaming query: status, the last batch's numbers (batch id, input and
 * processed rows/s, duration, watermark, state rows), a throughput sparkline over recent batches,
 * an optional table of the query's output, and the error if it failed. The bundle is built by a
 * pure function of a snapshot; {@link LiveQueryPanel} takes snapshots and updates the display.
 */
import type { StreamingQueryProgress, StreamingQueryStatus } from "../../streaming/progress.js";
import { DISPLAY_STYLE, escapeHtml, formatCount, formatRate } from "./html.js";
import { sparklineSvg } from "./sparkline.js";
import { tableHtml, tableText, type TableModel } from "./table-html.js";

/** What the panel shows, taken from a StreamingQuery at one moment. */
export interface QuerySnapshot {
  readonly name: string | null;
  readonly id: string;
  readonly runId: string;
  readonly isActive: boolean;
  readonly status: StreamingQueryStatus;
  /** recentProgress, oldest first. */
  readonly progress: readonly StreamingQueryProgress[];
  /** The failure's message, or null. */
  readonly error: string | null;
  /** The output table (e.g. the memory sink's), or the error reading it. */
  readonly output?: { readonly title: string; readonly model: TableModel } | { readonly title: string; readonly error: string };
}

/** Batches the sparkline covers at most. */
export const SPARKLINE_BATCHES = 30;

function stateRows(p: StreamingQueryProgress): number | null {
  return p.stateOperators.length === 0 ? null : p.stateOperators.reduce((n, s) => n + s.numRowsTotal, 0);
}

function stateLabel(s: QuerySnapshot): string {
  if (s.error !== null) return "failed";
  return s.isActive ? "active" : "stopped";
}

/** The metrics as label/value pairs, shared by the HTML and the text. */
export function panelMetrics(s: QuerySnapshot): [string, string][] {
  const last = s.progress.at(-1);
  const rows: [string, string][] = [["status", s.status.message]];
  if (last === undefined) {
    rows.push(["batch", "no batch yet"]);
    return rows;
  }
  rows.push(
    ["batch", `${last.batchId} (${formatCount(last.numInputRows)} input → ${formatCount(last.sink.numOutputRows)} output rows)`],
    ["input rows/s", formatRate(last.inputRowsPerSecond)],
    ["processed rows/s", formatRate(last.processedRowsPerSecond)],
    ["batch duration", `${formatCount(last.batchDuration)} ms`],
  );
  const watermark = last.eventTime["watermark"];
  if (watermark !== undefined) rows.push(["watermark", watermark]);
  const state = stateRows(last);
  if (state !== null) rows.push(["state rows", formatCount(state)]);
  return rows;
}

function title(s: QuerySnapshot): string {
  return s.name === null ? `streaming query ${s.id.slice(0, 8)}` : `streaming query ${s.name}`;
}

/**
 * The panel's MIME bundle.
 *
 * @example
 * queryPanelBundle({ name: "counts", id, runId, isActive: true, status: q.status, progress: q.recentProgress, error: null });
 */
export function queryPanelBundle(s: QuerySnapshot): { "text/html": string; "text/plain": string } {
  const state = stateLabel(s);
  const metrics = panelMetrics(s);
  const recent = s.progress.slice(-SPARKLINE_BATCHES);
  const color = state === "failed" ? "#b00020" : state === "active" ? "#2e7d32" : "#666";
  let html = `<div class="kindling-display kindling-query" data-query-id="${escapeHtml(s.id)}" data-state="${state}">${DISPLAY_STYLE}\n`;
  html += `<div><b>${escapeHtml(title(s))}</b> <span class="kd-state" style="color:${color}">● ${state}</span> <span class="kd-caption" title="runId ${escapeHtml(s.runId)}">id ${escapeHtml(s.id)}</span></div>\n`;
  html += `<table class="kd-metrics"><tbody>${metrics.map(([k, v]) => `<tr><td class="kd-label">${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join("")}</tbody></table>\n`;
  if (recent.length > 0) {
    const first = recent[0]!.batchId;
    html += `<div class="kd-caption">processed rows/s, batches ${first}–${recent.at(-1)!.batchId}</div>`;
    html += sparklineSvg(recent.map((p) => p.processedRowsPerSecond), { label: "processed rows/s" }) + "\n";
  }
  if (s.output !== undefined) {
    html += "model" in s.output
      ? `<div class="kd-output">${tableHtml(s.output.model, { title: s.output.title, maxChars: 60 })}</div>\n`
      : `<div class="kd-caption">${escapeHtml(s.output.title)}: not readable: ${escapeHtml(s.output.error)}</div>\n`;
  }
  if (s.error !== null) html += `<pre class="kd-error">${escapeHtml(s.error)}</pre>\n`;
  html += "</div>";

  const width = Math.max(...metrics.map(([k]) => k.length));
  let text = `${title(s)} [${state}]\n${metrics.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join("\n")}`;
  if (s.output !== undefined) text += "model" in s.output ? `\n${s.output.title}:\n${tableText(s.output.model)}` : `\n${s.output.title}: not readable: ${s.output.error}`;
  if (s.error !== null) text += `\nerror: ${s.error}`;
  return { "text/html": html, "text/plain": text };
}

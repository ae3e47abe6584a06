/**
 * A Kindling-versus-Spark comparison (`await compare(df)`, src/bridge/compare/compare-api.ts) in a
 * notebook: per query, a verdict line (agree or differ, rows and time in each engine), then one
 * table whose first column says where each row stands: rows only one engine returned, rows whose
 * values differ (Kindling's row over Spark's, the differing cells marked), then a sample of the
 * rows both returned. The `text/plain` fallback is `kindling compare`'s report, unchanged.
 *
 * Pure: the bundle is a function of the report.
 */
import type { CompareReport, TargetReport } from "../../bridge/compare/compare-job.js";
import type { Row } from "../../bridge/compare/compare-rows.js";
import { formatCompareReport, reportCell, rowValues } from "../../bridge/compare/format-report.js";
import { DISPLAY_STYLE, elide, escapeHtml, formatCount } from "./html.js";
import type { MimeBundle } from "./kernel-output.js";
import { formatElapsed } from "./progress-format.js";

export interface CompareDisplayOptions {
  /** Disagreeing table lines shown per query (a differing row takes two); default 50, as `kindling compare` prints. */
  readonly maxDisagreeing?: number;
  /** Longer cell values are cut to this many characters, the whole value in a tooltip. Default 80. */
  readonly maxChars?: number;
}

/** Where a line of the table stands. */
type LineKind = "both" | "only-kindling" | "only-spark" | "differs-kindling" | "differs-spark";

const LABEL: Readonly<Record<LineKind, string>> = {
  both: "both",
  "only-kindling": "only in Kindling",
  "only-spark": "only in Spark",
  "differs-kindling": "differs: Kindling",
  "differs-spark": "differs: Spark",
};

interface Line {
  readonly kind: LineKind;
  readonly values: readonly unknown[];
  /** Column positions whose values differ (differing rows only). */
  readonly marked: ReadonlySet<number>;
}

const COMPARE_STYLE = `<style>
.kindling-display .kd-verdict{margin:6px 0 2px}
.kindling-display .kd-agree{color:#1b7d2e;font-weight:600}
.kindling-display .kd-differ{color:#b00020;font-weight:600}
.kindling-display td.kd-where{color:var(--jp-content-font-color2,#666);font-size:12px}
.kindling-display tr.kd-row-only-kindling td,.kindling-display tr.kd-row-only-spark td{background:rgba(255,193,7,.15)}
.kindling-display tr.kd-row-differs-kindling td,.kindling-display tr.kd-row-differs-spark td{background:rgba(176,0,32,.06)}
.kindling-display td.kd-diff{background:rgba(176,0,32,.22);font-weight:600}
.kindling-display .kd-warning{color:#8a5a00}
</style>`;

/** The lines of one query's table: disagreeing ones first (at most `max`), then the agreeing sample. */
function linesOf(t: TargetReport, max: number): { lines: Line[]; disagreeing: number } {
  const none = new Set<number>();
  const c = t.comparison;
  const bad: Line[] = [
    ...c.onlyLeft.map((r): Line => ({ kind: "only-kindling", values: rowValues(r), marked: none })),
    ...c.onlyRight.map((r): Line => ({ kind: "only-spark", values: rowValues(r), marked: none })),
  ];
  for (const d of c.differing) {
    // Differing columns are positions for the report's array rows (names for object rows).
    const keys = Array.isArray(d.left) ? null : Object.keys(d.left);
    const marked = new Set(d.columns.map((col) => (typeof col === "number" ? col : (keys?.indexOf(col) ?? -1))));
    bad.push({ kind: "differs-kindling", values: rowValues(d.left), marked }, { kind: "differs-spark", values: rowValues(d.right), marked });
  }
  const good = (t.agreeing ?? []).map((r: Row): Line => ({ kind: "both", values: rowValues(r), marked: none }));
  return { lines: [...bad.slice(0, max), ...good], disagreeing: bad.length };
}

function numeric(type: string): boolean {
  return /^(tinyint|smallint|int|bigint|float|double|decimal)\b/.test(type);
}

function cellHtml(value: unknown, type: string, marked: boolean, maxChars: number): string {
  const text = reportCell(value, type);
  const classes = [value === null || value === undefined ? "kd-null" : numeric(type) ? "kd-num" : "", marked ? "kd-diff" : ""].filter((x) => x !== "");
  const cls = classes.length === 0 ? "" : ` class="${classes.join(" ")}"`;
  const shown = elide(text, maxChars);
  const body = shown === text ? escapeHtml(text) : `<span class="kd-elided" title="${escapeHtml(text)}">${escapeHtml(shown)}</span>`;
  return `<td${cls}>${body}</td>`;
}

/**
 * One query's verdict: `query 1 (batch, ordered): agree · Kindling 46 rows in 660 ms · Spark 46 rows in 2.3 s · 46 matched`.
 *
 * @example verdictText(report.targets[0])
 */
export function verdictText(t: TargetReport): string {
  const c = t.comparison;
  const how = [t.kind, t.outputMode ?? "", t.ordered ? "ordered" : "any order", t.key === null ? "" : `merged by key (${t.key.join(", ")})`].filter((s) => s !== "").join(", ");
  const batches = (b: number | undefined): string => (b === undefined ? "" : `, ${formatCount(b)} ${b === 1 ? "batch" : "batches"}`);
  const side = (name: string, s: TargetReport["kindling"]): string => `${name} ${formatCount(s.rows)} ${s.rows === 1 ? "row" : "rows"} in ${formatElapsed(s.ms)}${batches(s.batches)}`;
  const counts = c.equal
    ? `${formatCount(c.matched)} matched`
    : `${formatCount(c.matched)} matched, ${formatCount(c.onlyLeft.length)} only in Kindling, ${formatCount(c.onlyRight.length)} only in Spark, ${formatCount(c.differing.length)} differing`;
  return `query ${t.index + 1}${t.job === undefined ? "" : ` [${t.job}]`} (${how}): ${c.equal ? "agree" : "DIFFER"} · ${side("Kindling", t.kindling)} · ${side("Spark", t.spark)} · ${counts}`;
}

function queryHtml(t: TargetReport, max: number, maxChars: number): string {
  const { lines, disagreeing } = linesOf(t, max);
  const verdict = verdictText(t);
  const mark = t.comparison.equal ? `<span class="kd-agree">✓</span>` : `<span class="kd-differ">✗</span>`;
  const head = `<div class="kd-verdict">${mark} ${escapeHtml(verdict)}</div>`;
  if (lines.length === 0) return head;
  const header = `<th></th>${t.columns.map((name, i) => `<th title="${escapeHtml(`${name}: ${t.types[i] ?? ""}`)}">${escapeHtml(name)}<span class="kd-type">${escapeHtml(t.types[i] ?? "")}</span></th>`).join("")}`;
  const body = lines
    .map((l) => `<tr class="kd-row-${l.kind}"><td class="kd-where">${LABEL[l.kind]}</td>${t.columns.map((_, i) => cellHtml(l.values[i], t.types[i] ?? "", l.marked.has(i), maxChars)).join("")}</tr>`)
    .join("\n");
  const shownBad = Math.min(disagreeing, max);
  const agreeing = lines.length - shownBad;
  const parts = [
    disagreeing === 0 ? "no disagreeing rows" : `${formatCount(disagreeing)} disagreeing ${disagreeing === 1 ? "line" : "lines"}${shownBad < disagreeing ? `, showing ${formatCount(shownBad)}` : ""}`,
    agreeing === 0 ? "" : `${agreeing < t.comparison.matched ? `the first ${formatCount(agreeing)} of ` : ""}${formatCount(t.comparison.matched)} agreeing ${t.comparison.matched === 1 ? "row" : "rows"}`,
  ].filter((s) => s !== "");
  return `${head}<table class="kd-table"><thead><tr>${header}</tr></thead>\n<tbody>\n${body}\n</tbody></table>\n<div class="kd-caption">${escapeHtml(parts.join(" · "))}</div>`;
}

/**
 * The whole comparison's summary line: `Kindling and Spark agree on 1 query (tolerance 1e-9; Spark spark://…, driver start 31 s)`.
 *
 * @example compareSummaryText(report)
 */
export function compareSummaryText(report: CompareReport): string {
  const n = report.targets.length;
  const differ = report.targets.filter((t) => !t.comparison.equal).length;
  const queries = `${n} ${n === 1 ? "query" : "queries"}`;
  const verdict = differ === 0 ? `Kindling and Spark agree on ${queries}` : `Kindling and Spark differ on ${differ} of ${queries}`;
  return `${verdict} (tolerance ${report.tolerance}; Spark ${report.master}, driver start ${formatElapsed(report.sparkStartMs)})`;
}

/**
 * The MIME bundle of a comparison: `text/html` (verdicts and tables) and `text/plain` (the report
 * `kindling compare` prints).
 *
 * @example
 * const comparison = await compare(df);
 * display.bundle(compareBundle(comparison.report));
 */
export function compareBundle(report: CompareReport, options: CompareDisplayOptions = {}): MimeBundle {
  const max = Math.max(0, options.maxDisagreeing ?? 50);
  const maxChars = options.maxChars ?? 80;
  const agree = report.targets.every((t) => t.comparison.equal);
  const summary = `<div class="kd-verdict ${agree ? "kd-agree" : "kd-differ"}">${agree ? "✓" : "✗"} ${escapeHtml(compareSummaryText(report))}</div>`;
  const warnings = (report.warnings ?? []).map((w) => `<div class="kd-warning">warning: ${escapeHtml(w)}</div>`).join("");
  const html =
    `<div class="kindling-display kindling-compare" data-agree="${agree}">${DISPLAY_STYLE}${COMPARE_STYLE}\n` +
    `${report.targets.map((t) => queryHtml(t, max, maxChars)).join("\n")}\n${warnings}${summary}</div>`;
  return { "text/html": html, "text/plain": formatCompareReport(report).trimEnd() };
}

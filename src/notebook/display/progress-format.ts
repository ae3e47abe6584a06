/**
 * What a progress display shows, as a pure function of its state: a text line (the `text/plain`
 * fallback, and what a terminal would print) and HTML with a bar. Running: the title, the bar and
 * percent when the total is known, done / total with the unit, elapsed time and rate; done: the
 * operation's own summary ("produced 100,000 records to rides_csv in 3.2 s"); failed: the error.
 */
import type { MimeBundle } from "./kernel-output.js";
import { DISPLAY_STYLE, escapeHtml, formatCount, formatRate } from "./html.js";

export interface ProgressState {
  readonly title: string;
  readonly unit: string;
  readonly phase: "running" | "done" | "failed";
  readonly done: number;
  readonly total?: number;
  readonly detail?: string;
  readonly elapsedMs: number;
  /** The final line (done) or the error message (failed). */
  readonly summary?: string;
}

/** Characters of the text bar. */
export const TEXT_BAR_WIDTH = 20;

/**
 * `850 ms`, `3.2 s`, `12 s`, `2 min 05 s`.
 *
 * @example
 * formatElapsed(3210); // "3.2 s"
 */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`;
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** The fraction done in [0, 1], or null when the total is unknown (an indeterminate bar). */
export function progressFraction(state: Pick<ProgressState, "done" | "total" | "phase">): number | null {
  if (state.phase === "done") return 1;
  if (state.total === undefined || !Number.isFinite(state.total) || state.total <= 0) return null;
  return Math.min(1, Math.max(0, state.done / state.total));
}

/**
 * `[########............]` for a fraction, `[????????????????????]` when the total is unknown.
 *
 * @example
 * textBar(0.5, 10); // "[#####.....]"
 */
export function textBar(fraction: number | null, width = TEXT_BAR_WIDTH): string {
  if (fraction === null) return `[${"?".repeat(width)}]`;
  const filled = Math.floor(fraction * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
}

/** The running line's numbers: `45,000 / 100,000 records, 1.2 s, 37,500 records/s`. */
function numbers(state: ProgressState): string {
  // No unit: an operation counted in phases, not things; only its time is worth showing.
  if (state.unit === "") return formatElapsed(state.elapsedMs);
  const count = state.total === undefined ? `${formatCount(state.done)} ${state.unit}` : `${formatCount(state.done)} / ${formatCount(state.total)} ${state.unit}`;
  const parts = [count, formatElapsed(state.elapsedMs)];
  if (state.elapsedMs >= 1 && state.done > 0) parts.push(`${formatRate((state.done * 1000) / state.elapsedMs)} ${state.unit}/s`);
  return parts.join(", ");
}

/**
 * The text of a progress display (one or two lines).
 *
 * @example
 * progressText({ title: "producing to rides", unit: "records", phase: "running", done: 500, total: 1000, elapsedMs: 1000 });
 * // "producing to rides [##########..........]  50%  500 / 1,000 records, 1.0 s, 500 records/s"
 */
export function progressText(state: ProgressState): string {
  if (state.phase === "done") return state.summary ?? `${state.title}: done, ${numbers(state)}`;
  if (state.phase === "failed") return `${state.title} failed after ${formatElapsed(state.elapsedMs)}: ${state.summary ?? "unknown error"}`;
  const fraction = progressFraction(state);
  // An unknown total has no bar in text (the HTML one is indeterminate).
  const bar = fraction === null ? "" : ` ${textBar(fraction)}  ${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const line = `${state.title}${bar}  ${numbers(state)}`;
  return state.detail === undefined ? line : `${line}\n  ${state.detail}`;
}

const PROGRESS_STYLE = `<style>
.kindling-display .kd-bar{display:inline-block;vertical-align:middle;width:240px;height:10px;border-radius:5px;background:var(--jp-layout-color3,#e4e4e4);overflow:hidden;margin:0 8px}
.kindling-display .kd-bar-fill{display:block;height:100%;background:var(--jp-brand-color1,#1976d2)}
.kindling-display .kd-bar-unknown{width:30%;opacity:.6;animation:kd-slide 1.2s ease-in-out infinite alternate}
@keyframes kd-slide{from{margin-left:0}to{margin-left:70%}}
.kindling-display .kd-progress-detail{color:var(--jp-content-font-color2,#666);font-size:12px}
</style>`;

/**
 * The MIME bundle of a progress display: `text/html` (a bar) and its `text/plain` fallback.
 *
 * @example
 * progressBundle({ title: "producing to rides", unit: "records", phase: "done", done: 10, elapsedMs: 5, summary: "produced 10 records" });
 */
export function progressBundle(state: ProgressState): MimeBundle {
  const text = progressText(state);
  const attrs = `class="kindling-display kindling-progress" data-state="${state.phase}" data-done="${state.done}"${state.total === undefined ? "" : ` data-total="${state.total}"`}`;
  if (state.phase !== "running") {
    const cls = state.phase === "failed" ? "kd-error" : "kd-progress-summary";
    const mark = state.phase === "failed" ? "✗" : "✓";
    return { "text/plain": text, "text/html": `<div ${attrs}>${DISPLAY_STYLE}<span class="${cls}">${mark} ${escapeHtml(text)}</span></div>` };
  }
  const fraction = progressFraction(state);
  const fill =
    fraction === null
      ? `<span class="kd-bar-fill kd-bar-unknown"></span>`
      : `<span class="kd-bar-fill" style="width:${(fraction * 100).toFixed(1)}%"></span>`;
  const percent = fraction === null ? "" : `${Math.floor(fraction * 100)}% · `;
  const detail = state.detail === undefined ? "" : `<div class="kd-progress-detail">${escapeHtml(state.detail)}</div>`;
  const html =
    `<div ${attrs}>${DISPLAY_STYLE}${PROGRESS_STYLE}<b>${escapeHtml(state.title)}</b>` +
    `<span class="kd-bar" role="progressbar"${fraction === null ? "" : ` aria-valuenow="${Math.floor(fraction * 100)}" aria-valuemin="0" aria-valuemax="100"`}>${fill}</span>` +
    `<span>${escapeHtml(percent + numbers(state))}</span>${detail}</div>`;
  return { "text/plain": text, "text/html": html };
}

/**
 * A small inline SVG line chart of recent values (throughput per batch), with no script and no
 * external resources, so it renders in any notebook output and in a static HTML export.
 */
import { escapeHtml, formatRate } from "./html.js";

export interface SparklineOptions {
  readonly width?: number;
  readonly height?: number;
  /** Tooltip / accessible label. */
  readonly label?: string;
}

/**
 * An `<svg>` polyline over `values` (non-finite values count as 0), scaled from 0 to the maximum;
 * the last point is marked. An empty list gives an empty frame.
 *
 * @example
 * sparklineSvg([120, 340, 290], { label: "processed rows/s" });
 */
export function sparklineSvg(values: readonly number[], options: SparklineOptions = {}): string {
  const width = options.width ?? 160;
  const height = options.height ?? 32;
  const label = options.label ?? "";
  const pad = 2;
  const ys = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = Math.max(0, ...ys);
  const x = (i: number): number => (ys.length <= 1 ? width - pad : pad + (i * (width - 2 * pad)) / (ys.length - 1));
  const y = (v: number): number => (max === 0 ? height - pad : height - pad - (v / max) * (height - 2 * pad));
  const r = (n: number): string => String(Math.round(n * 10) / 10);
  const title = `${label}${label === "" ? "" : ": "}${ys.length === 0 ? "no batches yet" : `last ${formatRate(ys.at(-1)!)}, max ${formatRate(max)}`}`;
  let body = "";
  if (ys.length > 0) {
    const points = ys.map((v, i) => `${r(x(i))},${r(y(v))}`).join(" ");
    body = `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${points}"/>` +
      `<circle cx="${r(x(ys.length - 1))}" cy="${r(y(ys.at(-1)!))}" r="2.5" fill="#1f77b4"/>`;
  }
  return `<svg class="kd-sparkline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title><rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="#ddd"/>${body}</svg>`;
}

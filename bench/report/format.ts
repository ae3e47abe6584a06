/** Number formatting shared by the reporters. */
import type { Unit } from "../scenario.js";

/** 3 significant figures with k/M/G for per-second units: `3.42 M rows/s`. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return "—";
  if (unit === "records/s" || unit === "rows/s") {
    const [scaled, prefix] = value >= 1e9 ? [value / 1e9, "G"] : value >= 1e6 ? [value / 1e6, "M"] : value >= 1e3 ? [value / 1e3, "k"] : [value, ""];
    return `${scaled.toPrecision(3)} ${prefix === "" ? "" : `${prefix} `}${unit}`;
  }
  // 1234 ms, not 1.23e+3 ms.
  return `${Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(3)} ${unit}`;
}

/** Just the number part, for tables with the unit in the header. */
export function formatNumber(value: number, unit: Unit): string {
  return formatValue(value, unit).replace(` ${unit}`, "");
}

export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return "—";
  return r >= 10 ? `${r.toFixed(1)}×` : r >= 0.1 ? `${r.toFixed(2)}×` : `${r.toPrecision(2)}×`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function escapeMarkdownCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

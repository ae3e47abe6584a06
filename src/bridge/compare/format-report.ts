/**
 * `kindling compare`'s output: a terminal table per query (rows only in one engine and rows with
 * differing values, each differing cell marked), a summary line, and the same as JSON.
 *
 * ```ts
 * process.stdout.write(formatCompareReport(report));
 * JSON.stringify(compareReportJson(report));
 * ```
 */
import { basename } from "node:path";
import { formatValue, type Row } from "./compare-rows.js";
import type { CompareReport, TargetReport } from "./compare-job.js";

const MAX_ROWS = 50;

/** Microseconds since the epoch as Spark prints a timestamp in UTC (ISO with microseconds). */
function microsText(us: bigint): string {
  const ms = us / 1000n;
  const iso = new Date(Number(ms)).toISOString();
  const micros = ((us % 1_000_000n) + 1_000_000n) % 1_000_000n;
  return `${iso.slice(0, 19)}.${micros.toString().padStart(6, "0")}Z`;
}

/** A value as a person compares it: timestamps and dates as ISO text, longs without the `n`. */
export function displayValue(v: unknown, type = ""): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint" && (type === "timestamp" || type === "timestamp_ntz")) return microsText(v);
  if (typeof v === "number" && type === "date") return new Date(v * 86_400_000).toISOString().slice(0, 10);
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (type.startsWith("struct<") && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array)) {
    // Field types inside a struct (e.g. a window's start and end timestamps).
    const fieldTypes = new Map([...type.slice(7, -1).matchAll(/([^:,<>]+):([a-z_]+)/g)].map((m) => [m[1]!, m[2]!]));
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, displayValue(x, fieldTypes.get(k) ?? "")]));
  }
  return v;
}

/**
 * A value as the report shows it in a cell: `null`, text unquoted, timestamps as ISO, longs plain.
 *
 * @example reportCell(1_593_561_600_000_000n, "timestamp") // "2020-07-01T00:00:00.000000Z"
 */
export function reportCell(v: unknown, type = ""): string {
  const d = displayValue(v, type);
  return d === null ? "null" : typeof d === "string" ? d : formatValue(d);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const rule = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
  return [rule, line(header), rule, ...rows.map(line), rule];
}

/** A row's values in column order (array rows as they are, object rows by key order). */
export function rowValues(row: Row): unknown[] {
  return Array.isArray(row) ? [...(row as unknown[])] : Object.values(row);
}

function targetSummary(t: TargetReport): string {
  const c = t.comparison;
  return `${c.equal ? "AGREE" : "DIFFER"}: kindling ${c.leftCount} rows, spark ${c.rightCount} rows, matched ${c.matched}, only in kindling ${c.onlyLeft.length}, only in spark ${c.onlyRight.length}, differing ${c.differing.length}`;
}

/**
 * The human-readable report.
 *
 * @example formatCompareReport(report).split("\n").at(-2) // "summary: 2 queries, all agree ..."
 */
export function formatCompareReport(report: CompareReport): string {
  const out: string[] = [];
  for (const t of report.targets) {
    const how = [t.kind, t.outputMode ?? "", t.ordered ? "ordered" : "any order", t.key === null ? "" : `merged by key (${t.key.join(", ")})`].filter((s) => s !== "").join(", ");
    const batches = (b: number | undefined): string => (b === undefined ? "" : `, ${b} ${b === 1 ? "batch" : "batches"}`);
    const who = `${t.job === undefined ? "" : ` [${t.job}]`}${t.twin === undefined ? "" : ` [spark: twin ${basename(t.twin)}]`}`;
    out.push(`query ${t.index + 1}${who} (${how}): kindling ${Math.round(t.kindling.ms)} ms${batches(t.kindling.batches)}, spark ${Math.round(t.spark.ms)} ms${batches(t.spark.batches)}`);
    out.push(`  ${targetSummary(t)}`);
    const c = t.comparison;
    const rows: string[][] = [];
    const cells = (r: Row): string[] => rowValues(r).map((v, i) => reportCell(v, t.types[i]));
    for (const r of c.onlyLeft) rows.push(["only in kindling", ...cells(r)]);
    for (const r of c.onlyRight) rows.push(["only in spark", ...cells(r)]);
    for (const d of c.differing) {
      const changed = new Set(d.columns.map(String));
      const mark = (vals: unknown[]): string[] => vals.map((v, i) => (changed.has(String(i)) ? `*${reportCell(v, t.types[i])}*` : reportCell(v, t.types[i])));
      rows.push(["differs: kindling", ...mark(rowValues(d.left))]);
      rows.push(["         spark", ...mark(rowValues(d.right))]);
    }
    if (rows.length > 0) {
      const shown = rows.slice(0, MAX_ROWS);
      out.push(...table(["", ...t.columns], shown).map((l) => `  ${l}`));
      if (rows.length > MAX_ROWS) out.push(`  … ${rows.length - MAX_ROWS} more lines (--json has all)`);
      if (c.differing.length > 0) out.push("  (*value* marks a differing cell)");
    }
  }
  const differ = report.targets.filter((t) => !t.comparison.equal).length;
  for (const w of report.warnings ?? []) out.push(`warning: ${w}`);
  out.push(
    `summary: ${report.targets.length} ${report.targets.length === 1 ? "query" : "queries"}, ${differ === 0 ? "all agree" : `${differ} differ`} ` +
      `(tolerance ${report.tolerance}; Spark ${report.master}, driver start ${Math.round(report.sparkStartMs)} ms)`,
  );
  return out.join("\n") + "\n";
}

/** A value JSON can carry without loss: bigints as strings beyond 2^53, bytes as hex, dates as ISO text. */
export function jsonValue(v: unknown): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return v ?? null;
}

function typedJson(row: Row, types: readonly string[]): unknown {
  return jsonValue(rowValues(row).map((v, i) => displayValue(v, types[i])));
}

/**
 * The report as plain JSON.
 *
 * @example compareReportJson(report).agree
 */
export function compareReportJson(report: CompareReport): Record<string, unknown> {
  return {
    agree: report.agree,
    master: report.master,
    tolerance: report.tolerance,
    sparkStartMs: Math.round(report.sparkStartMs),
    warnings: report.warnings ?? [],
    queries: report.targets.map((t) => ({
      index: t.index + 1,
      ...(t.job === undefined ? {} : { job: t.job }),
      ...(t.twin === undefined ? {} : { twin: t.twin }),
      kind: t.kind,
      outputMode: t.outputMode,
      ordered: t.ordered,
      key: t.key,
      columns: t.columns,
      agree: t.comparison.equal,
      kindling: { rows: t.kindling.rows, ms: Math.round(t.kindling.ms), ...(t.kindling.batches === undefined ? {} : { batches: t.kindling.batches }) },
      spark: { rows: t.spark.rows, ms: Math.round(t.spark.ms), ...(t.spark.batches === undefined ? {} : { batches: t.spark.batches }) },
      matched: t.comparison.matched,
      types: t.types,
      onlyInKindling: t.comparison.onlyLeft.map((r) => typedJson(r, t.types)),
      onlyInSpark: t.comparison.onlyRight.map((r) => typedJson(r, t.types)),
      differing: t.comparison.differing.map((d) => ({ kindling: typedJson(d.left, t.types), spark: typedJson(d.right, t.types), columns: d.columns.map((c) => (typeof c === "number" ? t.columns[c] ?? c : c)) })),
    })),
  };
}

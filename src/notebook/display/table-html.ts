/**
 * A table of already formatted cells as HTML: column names with their Spark types in the header,
 * nulls marked, long values elided with the full text in a tooltip, and a caption with the row
 * count. Pure: the DataFrame display and the live query panel both build one.
 */
import { elide, escapeHtml, formatCount } from "./html.js";

export interface TableColumn {
  readonly name: string;
  /** Spark's simple type string: `int`, `string`, `struct<start:timestamp,end:timestamp>`. */
  readonly type: string;
  /** Right-aligned (numbers). */
  readonly numeric: boolean;
}

export interface TableModel {
  readonly columns: readonly TableColumn[];
  /** The rows shown, each cell as `show()` prints it, or null for a null value. */
  readonly rows: readonly (readonly (string | null)[])[];
  /** All rows of the result, or null when not counted (then the caption says "first N"). */
  readonly totalRows: number | null;
}

export interface TableHtmlOptions {
  /** Longer cell values are cut to this many characters, the whole value in a tooltip. Default 80. */
  readonly maxChars?: number;
  /** Caption text before the row count, e.g. the memory table's name. */
  readonly title?: string;
}

/** "3 rows", "showing 20 of 1,234 rows", "showing the first 20 rows". */
export function rowCountCaption(shown: number, total: number | null): string {
  const rows = (n: number): string => `${formatCount(n)} ${n === 1 ? "row" : "rows"}`;
  if (total === null) return `showing the first ${rows(shown)}`;
  if (total <= shown) return rows(total);
  return `showing ${formatCount(shown)} of ${rows(total)}`;
}

function cellHtml(value: string | null, numeric: boolean, maxChars: number): string {
  if (value === null) return `<td class="kd-null">null</td>`;
  const cls = numeric ? ` class="kd-num"` : "";
  const shown = elide(value, maxChars);
  if (shown === value) return `<td${cls}>${escapeHtml(value)}</td>`;
  return `<td${cls}><span class="kd-elided" title="${escapeHtml(value)}">${escapeHtml(shown)}</span></td>`;
}

/**
 * The `<table>` with its caption (no surrounding styles: see DISPLAY_STYLE).
 *
 * @example
 * tableHtml({ columns: [{ name: "a", type: "int", numeric: true }], rows: [["1"], [null]], totalRows: 2 });
 */
export function tableHtml(model: TableModel, options: TableHtmlOptions = {}): string {
  const maxChars = options.maxChars ?? 80;
  const head = model.columns
    .map((c) => `<th title="${escapeHtml(`${c.name}: ${c.type}`)}">${escapeHtml(c.name)}<span class="kd-type">${escapeHtml(c.type)}</span></th>`)
    .join("");
  const body = model.rows
    .map((r) => `<tr>${model.columns.map((c, i) => cellHtml(r[i] ?? null, c.numeric, maxChars)).join("")}</tr>`)
    .join("\n");
  const caption = `${options.title === undefined ? "" : `${escapeHtml(options.title)}: `}${rowCountCaption(model.rows.length, model.totalRows)}`;
  return `<table class="kd-table"><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>\n<div class="kd-caption">${caption}</div>`;
}

/** A plain-text rendering of the same model, for panels (the DataFrame display uses show()'s text). */
export function tableText(model: TableModel, maxChars = 40): string {
  const cells = [model.columns.map((c) => c.name), ...model.rows.map((r) => model.columns.map((_, i) => elide(r[i] ?? "null", maxChars)))];
  const widths = model.columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(cells[0]!), ...cells.slice(1).map(line), rowCountCaption(model.rows.length, model.totalRows)].join("\n");
}

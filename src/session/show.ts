/**
 * `DataFrame.show()` text, byte for byte as Spark's `Dataset.showString`
 * (sql/core/src/main/scala/org/apache/spark/sql/classic/Dataset.scala) with cells rendered by
 * `ToPrettyString` (NULL for nulls, hex for binary, plain decimals, `{a, b}` structs, `[a, b]`
 * arrays, `{k -> v}` maps, Java float/double text, timestamps in the session time zone with
 * trailing fraction zeros trimmed).
 *
 * ```ts
 * showString(["a"], [["1"]], 1, 20, false);
 * // "+---+\n|  a|\n+---+\n|  1|\n+---+\n"
 * ```
 */
import { escapeMetaCharacters } from "../types/tree-string.js";
import type { DataType } from "../types/data-types.js";
import { toStringValue } from "../physical/eval/cast.js";

/** A cell as ToPrettyString renders it. */
export function prettyCell(v: unknown, t: DataType, timeZone: string): string {
  if (v === null || v === undefined) return "NULL";
  return toStringValue(v, t, { timeZone }, "NULL", true);
}

const FULL_WIDTH = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]/g;

/** Display width: full-width characters count twice (Spark's Utils.stringHalfWidth). */
export function stringHalfWidth(s: string): number {
  const m = s.match(FULL_WIDTH);
  return s.length + (m === null ? 0 : m.length);
}

function truncateCell(s: string, truncate: number): string {
  if (truncate > 0 && s.length > truncate) return truncate < 4 ? s.slice(0, truncate) : `${s.slice(0, truncate - 3)}...`;
  return s;
}

/**
 * Formats header + rows (already pretty strings, at most numRows + 1 of them: one more tells
 * that there is more data).
 */
export function showString(header: readonly string[], cells: readonly (readonly string[])[], numRows: number, truncate: number, vertical: boolean): string {
  const hasMore = cells.length > numRows;
  // Spark escapes every cell and header but truncates only data cells.
  const rows = [
    header.map(escapeMetaCharacters),
    ...cells.slice(0, numRows).map((r) => r.map((c) => truncateCell(escapeMetaCharacters(c), truncate))),
  ];
  let sb = "";
  const minimum = 3;
  if (!vertical) {
    const widths = header.map(() => minimum);
    for (const r of rows) r.forEach((c, i) => { widths[i] = Math.max(widths[i]!, stringHalfWidth(c)); });
    const pad = (c: string, i: number): string => {
      const fill = " ".repeat(Math.max(0, widths[i]! - stringHalfWidth(c)));
      return truncate > 0 ? fill + c : c + fill;
    };
    const sep = `+${widths.map((w) => "-".repeat(w)).join("+")}+\n`;
    sb += sep;
    sb += `|${rows[0]!.map(pad).join("|")}|\n`;
    sb += sep;
    for (const r of rows.slice(1)) sb += `|${r.map(pad).join("|")}|\n`;
    sb += sep;
  } else {
    const names = rows[0]!;
    const data = rows.slice(1);
    const nameW = names.reduce((m, n) => Math.max(m, stringHalfWidth(n)), minimum);
    const dataW = data.reduce((m, r) => Math.max(m, ...r.map(stringHalfWidth)), minimum);
    data.forEach((r, i) => {
      sb += `-RECORD ${i}`.padEnd(nameW + dataW + 5, "-") + "\n";
      sb += r.map((c, j) => {
        const n = names[j]!;
        return ` ${n}${" ".repeat(nameW - stringHalfWidth(n))} | ${c}${" ".repeat(Math.max(0, dataW - stringHalfWidth(c)))} `;
      }).join("\n") + "\n";
    });
  }
  if (vertical && rows.length === 1) sb += "(0 rows)";
  else if (hasMore) sb += `only showing top ${numRows} ${numRows === 1 ? "row" : "rows"}`;
  return sb;
}

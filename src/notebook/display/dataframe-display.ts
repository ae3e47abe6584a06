/**
 * `display(df)` / `df.display()`: a DataFrame as an HTML table, with `show()`'s text as the
 * `text/plain` fallback (what a terminal, `nb run`'s text view or a diff sees).
 *
 * PySpark's counterpart is `DataFrame._repr_html_` (python/pyspark/sql/classic/dataframe.py), which
 * notebooks call when `spark.sql.repl.eagerEval.enabled` is true; Databricks adds `display(df)`.
 */
import type { DataFrame } from "../../session/dataframe.js";
import { prettyCell, showString } from "../../session/show.js";
import { getValue } from "../../physical/vector.js";
import { simpleString, type DataType } from "../../types/data-types.js";
import { DISPLAY_STYLE } from "./html.js";
import { autoSink, inTslabKernel, type DisplaySink, type MimeBundle } from "./kernel-output.js";
import { tableHtml, type TableColumn, type TableModel } from "./table-html.js";

export interface DataFrameDisplayOptions {
  /** Rows to show (show()'s `n`). Default 20. */
  readonly n?: number;
  /** show()'s `truncate` for the text/plain fallback: true (20), false, or a width. Default true. */
  readonly truncate?: boolean | number;
  /** HTML cells longer than this are elided, the full value in a tooltip. Default 80. */
  readonly maxChars?: number;
  /** Count all rows for "showing N of M" when there are more than `n` (runs the query twice). Default true. */
  readonly count?: boolean;
  /** A caption before the row count. */
  readonly title?: string;
}

const NUMERIC = new Set<DataType["kind"]>(["byte", "short", "integer", "long", "float", "double", "decimal"]);

/** True for Spark's numeric types (right-aligned in tables, quantitative in charts). */
export function isNumericType(t: DataType): boolean {
  return NUMERIC.has(t.kind);
}

/**
 * The first `n` rows of a DataFrame as a table model and as show()'s text, from one run of the
 * query limited to n + 1 rows (the extra row tells that there are more, as in show()), plus a
 * count when there are more and `count` is on.
 */
export function dataFrameTable(df: DataFrame, options: DataFrameDisplayOptions = {}): { model: TableModel; text: string } {
  const n = Math.max(0, Math.trunc(options.n ?? 20));
  const truncate = options.truncate ?? true;
  const width = truncate === true ? 20 : truncate === false ? 0 : truncate;
  const tz = df.sparkSession.conf.timeZone;
  const fields = df.schema.fields;
  const pretty: string[][] = [];
  const cells: (string | null)[][] = [];
  for (const b of df.limit(n + 1).collectBatches()) {
    for (let i = 0; i < b.numRows; i++) {
      const row = b.columns.map((c) => getValue(c, i));
      pretty.push(row.map((v, j) => prettyCell(v, b.columns[j]!.type, tz)));
      cells.push(row.map((v, j) => (v === null || v === undefined ? null : pretty[pretty.length - 1]![j]!)));
    }
  }
  const more = cells.length > n;
  const totalRows = !more ? cells.length : options.count === false ? null : df.count();
  const columns: TableColumn[] = fields.map((f) => ({ name: f.name, type: simpleString(f.dataType), numeric: isNumericType(f.dataType) }));
  const text = showString(fields.map((f) => f.name), pretty, n, width, false);
  return { model: { columns, rows: cells.slice(0, n), totalRows }, text };
}

/**
 * The MIME bundle of a DataFrame: `text/html` (the table) and `text/plain` (exactly
 * `df.showString(n, truncate)`).
 *
 * @example
 * const bundle = dataFrameBundle(spark.range(3));
 * bundle["text/plain"] === spark.range(3).showString(); // true
 */
export function dataFrameBundle(df: DataFrame, options: DataFrameDisplayOptions = {}): { "text/html": string; "text/plain": string } {
  const { model, text } = dataFrameTable(df, options);
  const html = `<div class="kindling-display kindling-dataframe">${DISPLAY_STYLE}\n${tableHtml(model, {
    ...(options.maxChars === undefined ? {} : { maxChars: options.maxChars }),
    ...(options.title === undefined ? {} : { title: options.title }),
  })}</div>`;
  return { "text/html": html, "text/plain": text };
}

/**
 * Shows a DataFrame: an HTML table in a notebook, show()'s text elsewhere.
 *
 * @example
 * displayDataFrame(spark.sql("SELECT vendor_id, count(*) AS n FROM rides GROUP BY vendor_id"));
 */
export function displayDataFrame(df: DataFrame, options: DataFrameDisplayOptions = {}, sink: DisplaySink = autoSink): void {
  sink.publish(dataFrameBundle(df, options) as MimeBundle, {});
}

/** PySpark's `spark.sql.repl.eagerEval.*` settings as the session has them. */
function eagerEval(df: DataFrame): { enabled: boolean; maxNumRows: number; truncate: number } {
  const conf = df.sparkSession.conf;
  const num = (key: string, fallback: number): number => {
    const v = Number(conf.get(key, String(fallback)));
    return Number.isFinite(v) ? v : fallback;
  };
  return {
    enabled: conf.get("spark.sql.repl.eagerEval.enabled", "false").toLowerCase() === "true",
    maxNumRows: num("spark.sql.repl.eagerEval.maxNumRows", 20),
    truncate: num("spark.sql.repl.eagerEval.truncate", 20),
  };
}

/**
 * What a DataFrame prints as (Node's `util.inspect`, which tslab uses for a cell's value): Spark's
 * `DataFrame[a: int]`. With `spark.sql.repl.eagerEval.enabled` set to true, as in PySpark, the
 * rows too: inside a tslab kernel the HTML table is displayed and the summary line printed under
 * it (tslab has no rich-repr hook such as IPython's `_repr_html_`: it prints the value with
 * console.log, so the table goes out as a display of its own), elsewhere show()'s text.
 */
export function inspectDataFrame(df: DataFrame): string {
  const summary = df.toString();
  const eager = eagerEval(df);
  if (!eager.enabled || df.isStreaming) return summary;
  const options: DataFrameDisplayOptions = { n: eager.maxNumRows, truncate: eager.truncate };
  if (inTslabKernel()) {
    displayDataFrame(df, options);
    return summary;
  }
  return dataFrameTable(df, options).text;
}

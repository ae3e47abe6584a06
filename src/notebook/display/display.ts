/**
 * `display(...)`, Kindling's notebook display, as Databricks' `display` and IPython's:
 *
 * - `display(df)`: the rows as an HTML table (`text/plain`: show()'s text);
 * - `display(query)`: a live panel of a streaming query, updated in place until it ends;
 * - `display.chart(df, { x, y, color, mark })`: a Vega-Lite chart, live with `{ live: query }`;
 * - `display(await compare(df))`: a Kindling-versus-Spark comparison as tables;
 * - anything else: its text, as console.log prints it.
 *
 * Inside a tslab kernel the displays are Jupyter display_data messages; elsewhere (kindling run,
 * a script) their text goes to stdout.
 */
import { inspect } from "node:util";
import { SparkComparison } from "../../bridge/compare/compare-api.js";
import { DataFrame } from "../../session/dataframe.js";
import { StreamingQuery } from "../../streaming/streaming-query.js";
import { displayChart, type LiveChartOptions } from "./chart.js";
import { displayDataFrame, type DataFrameDisplayOptions } from "./dataframe-display.js";
import type { CompareDisplayOptions } from "./compare-display.js";
import { autoSink, type MimeBundle } from "./kernel-output.js";
import type { LiveDisplay } from "./live-display.js";
import { installNotebookProgress } from "./progress-display.js";
import { displayQuery, type QueryDisplayOptions } from "./query-display.js";

// Long operations (produceRecords, processAllAvailable) report progress through src/common/progress.ts;
// this module is loaded by `import … from "kindling"`, so importing Kindling in a notebook is what
// makes them show a progress bar there (and nothing anywhere else: the reporter checks for tslab).
installNotebookProgress();

export interface DisplayFunction {
  /** A DataFrame as an HTML table. Example: `display(spark.table("rides"), { n: 5 })`. */
  (df: DataFrame, options?: DataFrameDisplayOptions): void;
  /** A live panel of a streaming query. Example: `const panel = display(query); await panel.done;` */
  (query: StreamingQuery, options?: QueryDisplayOptions): LiveDisplay;
  /** A comparison of Kindling and Spark as tables. Example: `display(await compare(df))`. */
  (comparison: SparkComparison, options?: CompareDisplayOptions): void;
  /** Anything else, as text. */
  (value: unknown): void;
  /** A Vega-Lite chart of a DataFrame. Example: `display.chart(df, { x: "vendor_id", y: "count" })`. */
  chart(df: DataFrame, options: LiveChartOptions): LiveDisplay | undefined;
  /** A raw MIME bundle. Example: `display.bundle({ "text/html": "<b>hi</b>", "text/plain": "hi" })`. */
  bundle(bundle: MimeBundle): void;
}

function displayValue(value: unknown, options?: DataFrameDisplayOptions | QueryDisplayOptions | CompareDisplayOptions): LiveDisplay | undefined {
  if (value instanceof DataFrame) {
    displayDataFrame(value, options as DataFrameDisplayOptions | undefined);
    return undefined;
  }
  if (value instanceof StreamingQuery) return displayQuery(value, options as QueryDisplayOptions | undefined);
  if (value instanceof SparkComparison) {
    value.display(options as CompareDisplayOptions | undefined);
    return undefined;
  }
  autoSink.publish({ "text/plain": typeof value === "string" ? value : inspect(value) }, {});
  return undefined;
}

/**
 * Shows a DataFrame, a streaming query's live panel, or a chart in the notebook.
 *
 * @example
 * import { display } from "kindling";
 * display(spark.sql("SELECT vendor_id, count(*) AS rides FROM rides GROUP BY vendor_id"));
 * const panel = display(query, { output: spark.table("counts") });
 * display.chart(spark.table("counts"), { x: "window.start", y: "count", color: "vendor_id", live: query });
 */
export const display: DisplayFunction = Object.assign(displayValue as DisplayFunction, {
  chart: (df: DataFrame, options: LiveChartOptions) => displayChart(df, options),
  bundle: (bundle: MimeBundle) => autoSink.publish(bundle, {}),
});

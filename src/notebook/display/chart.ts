/**
 * `display.chart(df, { x, y, color, mark })`: a Vega-Lite chart with the DataFrame's rows inlined,
 * sent as `application/vnd.vegalite.v5+json`, which JupyterLab renders with no extension
 * installed. With `live: query` the chart is redrawn after every batch of a streaming query (a
 * memory sink's table charted while the query runs) until the query ends.
 *
 * https://vega.github.io/vega-lite/docs/
 */
import { AnalysisError } from "../../common/errors.js";
import type { DataFrame } from "../../session/dataframe.js";
import { prettyCell } from "../../session/show.js";
import { getValue } from "../../physical/vector.js";
import type { StreamingQuery } from "../../streaming/streaming-query.js";
import { simpleString, type DataType, type StructField } from "../../types/data-types.js";
import { isNumericType } from "./dataframe-display.js";
import { autoSink, type DisplaySink, type MimeBundle } from "./kernel-output.js";
import { LiveDisplay, type LiveDisplayOptions } from "./live-display.js";

export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

export type ChartMark = "bar" | "line" | "point" | "area" | "tick" | "rect" | "circle" | "square";
const MARKS: readonly ChartMark[] = ["bar", "line", "point", "area", "tick", "rect", "circle", "square"];
export type EncodingType = "quantitative" | "temporal" | "nominal" | "ordinal";

export interface ChartOptions {
  /** Column (or struct field, `window.start`) on the x axis. */
  readonly x: string;
  /** Column on the y axis. */
  readonly y: string;
  /** Column that colours the marks (one series per value). */
  readonly color?: string;
  /** Default "bar", or "line" when x is a timestamp or date. */
  readonly mark?: ChartMark;
  readonly title?: string;
  /**
   * Pixels. Width defaults to 560: Vega-Lite's `"container"` width makes JupyterLab's renderer
   * resize in a loop until the browser tab crashes (seen with JupyterLab 4.6 and Chromium).
   */
  readonly width?: number;
  readonly height?: number;
  /** Rows inlined at most (the chart says when it shows fewer). Default 5000. */
  readonly maxRows?: number;
  /** Override an inferred encoding type, e.g. `{ x: "ordinal" }`. */
  readonly types?: { readonly x?: EncodingType; readonly y?: EncodingType; readonly color?: EncodingType };
}

export interface LiveChartOptions extends ChartOptions, LiveDisplayOptions {
  /** Redraw after every batch of this query until it ends. */
  readonly live?: StreamingQuery;
}

/** A value as JSON for Vega: numbers, strings, booleans, nested objects for structs. */
export function jsonValue(v: unknown, t: DataType, timeZone: string): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case "boolean": return v === true || v === 1;
    case "byte": case "short": case "integer": case "float": case "double":
      return Number.isFinite(v as number) ? v : null; // JSON has no NaN or Infinity
    case "long": return Number(v as bigint);
    case "decimal": return Number(prettyCell(v, t, timeZone));
    case "string": return v;
    // Wall-clock time in the session time zone without an offset: browsers parse it as local
    // time and show it unchanged, so the axis reads as show() does.
    case "timestamp": return prettyCell(v, t, timeZone).replace(" ", "T");
    case "date": return `${prettyCell(v, t, timeZone)}T00:00:00`;
    case "struct": {
      const out: Record<string, unknown> = {};
      t.fields.forEach((f, i) => { out[f.name] = jsonValue((v as unknown[])[i], f.dataType, timeZone); });
      return out;
    }
    case "array": return (v as unknown[]).map((e) => jsonValue(e, t.elementType, timeZone));
    default: return prettyCell(v, t, timeZone);
  }
}

/** The type of a column or a `struct.field` path, and Vega-Lite's field name for it. */
export function resolveField(fields: readonly StructField[], path: string, role: string): { field: string; type: DataType } {
  const top = fields.find((f) => f.name === path);
  // A top-level name with dots is escaped, so Vega does not read it as a nested path.
  if (top !== undefined) return { field: path.replace(/[.[\]\\]/g, (c) => `\\${c}`), type: top.dataType };
  const parts = path.split(".");
  let current: readonly StructField[] | undefined = fields;
  let type: DataType | undefined;
  for (const part of parts) {
    const f: StructField | undefined = current?.find((c) => c.name === part);
    if (f === undefined) { type = undefined; break; }
    type = f.dataType;
    current = f.dataType.kind === "struct" ? f.dataType.fields : undefined;
  }
  if (type === undefined) {
    throw new AnalysisError(`chart ${role}: no column or struct field ${JSON.stringify(path)}`, {
      hint: `the columns are: ${fields.map((f) => `${f.name} (${simpleString(f.dataType)})`).join(", ")}; a struct's field is written window.start`,
    });
  }
  return { field: path, type };
}

/** Vega-Lite's encoding type for a Spark type. */
export function encodingType(t: DataType): EncodingType {
  if (t.kind === "timestamp" || t.kind === "date") return "temporal";
  return isNumericType(t) ? "quantitative" : "nominal";
}

/**
 * The Vega-Lite spec (pure): `rows` are JSON rows as {@link jsonValue} makes them.
 *
 * @example
 * vegaLiteSpec(schema.fields, [{ vendor_id: 1, count: 10 }], { x: "vendor_id", y: "count" });
 */
export function vegaLiteSpec(fields: readonly StructField[], rows: readonly Record<string, unknown>[], options: ChartOptions): Record<string, unknown> {
  if (options.mark !== undefined && !MARKS.includes(options.mark)) {
    throw new AnalysisError(`chart mark ${JSON.stringify(options.mark)} is not supported`, { hint: `use one of: ${MARKS.join(", ")}` });
  }
  const x = resolveField(fields, options.x, "x");
  const y = resolveField(fields, options.y, "y");
  const color = options.color === undefined ? undefined : resolveField(fields, options.color, "color");
  const xType = options.types?.x ?? encodingType(x.type);
  const mark = options.mark ?? (xType === "temporal" ? "line" : "bar");
  const encoding: Record<string, unknown> = {
    x: { field: x.field, type: xType, title: options.x },
    y: { field: y.field, type: options.types?.y ?? encodingType(y.type), title: options.y },
  };
  if (color !== undefined) encoding["color"] = { field: color.field, type: options.types?.color ?? (isNumericType(color.type) ? "nominal" : encodingType(color.type)), title: options.color };
  encoding["tooltip"] = [encoding["x"], encoding["y"], ...(color === undefined ? [] : [encoding["color"]])].map((e) => ({ ...(e as object) }));
  return {
    $schema: SCHEMA,
    ...(options.title === undefined ? {} : { title: options.title }),
    width: options.width ?? 560,
    height: options.height ?? 240,
    data: { values: rows },
    mark: { type: mark, ...(mark === "line" ? { point: true } : {}) },
    encoding,
  };
}

/** A DataFrame's rows (at most maxRows) as JSON rows, and whether there were more. */
export function chartRows(df: DataFrame, maxRows: number): { rows: Record<string, unknown>[]; truncated: boolean } {
  const tz = df.sparkSession.conf.timeZone;
  const rows: Record<string, unknown>[] = [];
  for (const b of df.limit(maxRows + 1).collectBatches()) {
    for (let i = 0; i < b.numRows; i++) {
      const row: Record<string, unknown> = {};
      b.schema.fields.forEach((f, j) => { row[f.name] = jsonValue(getValue(b.columns[j]!, i), f.dataType, tz); });
      rows.push(row);
    }
  }
  return { rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
}

/**
 * The chart's MIME bundle: the Vega-Lite spec and a one-line text fallback.
 *
 * @example
 * chartBundle(spark.table("counts"), { x: "window.start", y: "count", color: "vendor_id", mark: "line" });
 */
export function chartBundle(df: DataFrame, options: ChartOptions): MimeBundle {
  const maxRows = options.maxRows ?? 5000;
  const { rows, truncated } = chartRows(df, maxRows);
  const spec = vegaLiteSpec(df.schema.fields, rows, truncated && options.title === undefined ? { ...options, title: `first ${maxRows} rows` } : options);
  const mark = (spec["mark"] as { type: string }).type;
  const text = `<Vega-Lite ${mark} chart: x=${options.x}, y=${options.y}${options.color === undefined ? "" : `, color=${options.color}`}, ${rows.length} ${rows.length === 1 ? "row" : "rows"}${truncated ? " (truncated)" : ""}>`;
  return { [VEGALITE_MIME]: spec, "text/plain": text };
}

/**
 * Shows a chart; with `live: query`, a chart that is redrawn after each of the query's batches
 * until it ends (returned, so `await chart.done` waits for the last drawing).
 *
 * @example
 * displayChart(spark.table("counts"), { x: "window.start", y: "count", color: "vendor_id", live: query });
 */
export function displayChart(df: DataFrame, options: LiveChartOptions, sink: DisplaySink = options.sink ?? autoSink): LiveDisplay | undefined {
  const live = options.live;
  if (live === undefined) {
    sink.publish(chartBundle(df, options), {});
    return undefined;
  }
  vegaLiteSpec(df.schema.fields, [], options); // a bad column fails here, not in the timer
  const key = (): string => `${live.lastProgress?.batchId ?? -1}|${live.isActive}`;
  return new LiveDisplay(live, () => chartBundle(df, options), key, { ...options, sink });
}

import { AnalysisError } from "../../common/errors.js";

/** How a streaming query's result reaches its sink (Spark's OutputMode). */
export type OutputMode = "append" | "update" | "complete";

/** Parses `outputMode("…")` case-insensitively, as Spark's InternalOutputModes.apply does. */
export function parseOutputMode(text: string): OutputMode {
  const mode = text.toLowerCase();
  if (mode === "append" || mode === "update" || mode === "complete") return mode;
  throw new AnalysisError(`Unknown output mode ${text}. Accepted output modes are 'append', 'complete', 'update'`, {
    hint: 'use outputMode("append"), outputMode("update") or outputMode("complete")',
  });
}

/** What the output-mode rules need to know about a streaming plan. */
export interface StreamingPlanShape {
  readonly aggregations: number;
  /** True when every streaming aggregation groups by an event-time column or window with a watermark. */
  readonly aggregationsHaveWatermark: boolean;
  readonly hasSort: boolean;
  readonly streamStreamJoins: number;
}

/**
 * Spark's UnsupportedOperationChecker rules for the output mode, with Spark's messages
 * (sql/catalyst/.../analysis/UnsupportedOperationChecker.scala) and a hint at what to change.
 */
export function checkOutputMode(shape: StreamingPlanShape, mode: OutputMode): void {
  if (shape.aggregations > 0 && mode === "append" && !shape.aggregationsHaveWatermark) {
    // Spark 4.1.1's text, checked against PySpark (a window() and a session_window() key alike).
    throw new AnalysisError("[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames/DataSets. SQLSTATE: 42KDE", {
      hint: 'add .withWatermark("<event time column>", "10 minutes") and group by that column or a window() of it, or use outputMode("update") or "complete"',
    });
  }
  if (shape.aggregations === 0 && mode === "complete") {
    // Spark 4.1.1's text (STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION), checked against PySpark.
    throw new AnalysisError("[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: complete. This output mode is not supported for no streaming aggregations on streaming DataFrames/DataSets. SQLSTATE: 42KDE", {
      hint: 'use outputMode("append") for a query without groupBy().agg()',
    });
  }
  if (shape.hasSort && !(shape.aggregations > 0 && mode === "complete")) {
    throw new AnalysisError("Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode", {
      hint: 'sort inside foreachBatch, or aggregate and use outputMode("complete")',
    });
  }
}

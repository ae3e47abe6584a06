/**
 * `display(query)`: the live panel of a streaming query (see query-panel.ts for what it shows).
 */
import type { DataFrame } from "../../session/dataframe.js";
import type { StreamingQuery } from "../../streaming/streaming-query.js";
import { dataFrameTable } from "./dataframe-display.js";
import { LiveDisplay, type LiveDisplayOptions } from "./live-display.js";
import { queryPanelBundle, type QuerySnapshot } from "./query-panel.js";

export interface QueryDisplayOptions extends LiveDisplayOptions {
  /**
   * A table to show under the metrics, re-read after every batch: typically the memory sink's
   * table, `spark.table("counts")`, or a query over it. (A StreamingQuery does not hand out a
   * batch's rows, in Spark or here; a memory sink keeps them.)
   */
  readonly output?: DataFrame;
  /** Rows of `output` to show. Default 10. */
  readonly outputRows?: number;
  /** Caption of the output table. Default "output". */
  readonly outputTitle?: string;
}

/** A snapshot of a query for the panel (without its output table). */
export function querySnapshot(query: StreamingQuery): QuerySnapshot {
  return {
    name: query.name,
    id: query.id,
    runId: query.runId,
    isActive: query.isActive,
    status: query.status,
    progress: query.recentProgress,
    error: query.exception()?.message ?? null,
  };
}

/**
 * Shows a live panel for a streaming query, updated in place (at most four times a second) until
 * the query ends. Returns the LiveDisplay: `await panel.done` waits for its final state.
 *
 * @example
 * const q = counts.writeStream.format("memory").queryName("counts").outputMode("complete").start();
 * const panel = displayQuery(q, { output: spark.table("counts") });
 * await q.processAllAvailable();
 * await q.stop();
 */
export function displayQuery(query: StreamingQuery, options: QueryDisplayOptions = {}): LiveDisplay {
  let cachedFor: string | undefined;
  let cached: QuerySnapshot["output"];
  const outputFor = (batch: string): QuerySnapshot["output"] => {
    const df = options.output;
    if (df === undefined) return undefined;
    if (cachedFor === batch) return cached;
    const title = options.outputTitle ?? "output";
    try {
      cached = { title, model: dataFrameTable(df, { n: options.outputRows ?? 10 }).model };
    } catch (error) {
      cached = { title, error: error instanceof Error ? error.message : String(error) };
    }
    cachedFor = batch;
    return cached;
  };
  const key = (): string => `${query.lastProgress?.batchId ?? -1}|${query.status.message}|${query.isActive}|${query.exception()?.message ?? ""}`;
  const render = () => {
    const snapshot = querySnapshot(query);
    const output = outputFor(String(query.lastProgress?.batchId ?? -1));
    return queryPanelBundle(output === undefined ? snapshot : { ...snapshot, output });
  };
  return new LiveDisplay(query, render, key, options);
}

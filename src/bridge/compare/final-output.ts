/**
 * A streaming query's result as a table, from the rows its sink received batch by batch, by
 * output mode (Spark's semantics, docs: structured-streaming-programming-guide.html#output-modes):
 * append adds rows, complete replaces the whole table each batch, update replaces the rows whose
 * key (the grouping columns) changed. Two engines may cut the input into different micro-batches;
 * the table at the end is what must agree.
 *
 * ```ts
 * finalRows("update", [[[k1, 1]], [[k1, 2]]], [0]); // [[k1, 2]]
 * ```
 */
import { AnalysisError } from "../../common/errors.js";

export type OutputRows = readonly (readonly unknown[])[];

function keyText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x instanceof Uint8Array ? Buffer.from(x).toString("hex") : x));
}

/**
 * The table after all batches, in batch order.
 *
 * @example finalRows("append", [[[1]], [[2]]], null) // [[1], [2]]
 */
export function finalRows(outputMode: string, batches: readonly OutputRows[], keyColumns: readonly number[] | null): unknown[][] {
  const mode = outputMode.toLowerCase();
  if (mode === "append") return batches.flatMap((b) => b.map((r) => [...r]));
  if (mode === "complete") return batches.length === 0 ? [] : batches[batches.length - 1]!.map((r) => [...r]);
  if (mode === "update") {
    if (keyColumns === null || keyColumns.length === 0) {
      throw new AnalysisError("an update-mode query's rows can only be merged by its grouping key, and this query has no aggregation on top", {
        hint: "compare it in append or complete mode, or name the key columns with --key col1,col2",
      });
    }
    const table = new Map<string, unknown[]>();
    for (const b of batches) for (const r of b) table.set(keyText(keyColumns.map((i) => r[i])), [...r]);
    return [...table.values()];
  }
  throw new AnalysisError(`unknown output mode ${JSON.stringify(outputMode)}`, { hint: "use append, complete or update" });
}

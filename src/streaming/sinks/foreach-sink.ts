import type { Batch } from "../../physical/vector.js";
import { rowFromPhysical, type Row } from "../../session/row.js";
import { getValue } from "../../physical/vector.js";
import type { StructType } from "../../types/data-types.js";
import type { StreamSink } from "../source.js";

/**
 * `foreach(writer)`: a function called with each output row, or an object with PySpark's
 * `open(partitionId, epochId)` / `process(row)` / `close(error)` methods.
 */
export type ForeachWriter =
  | ((row: Row) => void | Promise<void>)
  | {
      open?(partitionId: number, epochId: number): boolean | Promise<boolean>;
      process(row: Row): void | Promise<void>;
      close?(error: Error | null): void | Promise<void>;
    };

export class ForeachSink implements StreamSink {
  readonly description = "ForeachSink";

  constructor(private readonly writer: ForeachWriter) {}

  async addBatch(batchId: number, batches: readonly Batch[], schema: StructType): Promise<void> {
    const w = this.writer;
    const rows = (): Row[] =>
      batches.flatMap((b) => Array.from({ length: b.numRows }, (_, i) => rowFromPhysical(schema, b.columns.map((c) => getValue(c, i)))));
    if (typeof w === "function") {
      for (const row of rows()) await w(row);
      return;
    }
    // One partition per batch here; PySpark calls open/close once per partition and epoch.
    if (w.open !== undefined && !(await w.open(0, batchId))) {
      await w.close?.(null);
      return;
    }
    let failure: Error | null = null;
    try {
      for (const row of rows()) await w.process(row);
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      await w.close?.(failure);
    }
  }
}

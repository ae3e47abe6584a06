import type { Batch } from "../../physical/vector.js";
import type { StructType } from "../../types/data-types.js";
import type { StreamSink } from "../source.js";
import type { OutputMode } from "../plan/output-mode.js";

/**
 * The `memory` sink: the query's result as an in-memory table named by `queryName`, which
 * `spark.sql` and `spark.table` read while the query runs. Append and update modes add each
 * batch's rows; complete mode replaces the table. A batch id already added (a batch re-run after
 * a restart) is skipped, so the table never holds a batch twice.
 */
export class MemorySink implements StreamSink {
  readonly description = "MemorySink";
  /** The table's rows; the registered view reads this very array, so it sees every update. */
  readonly batches: Batch[] = [];
  private lastBatchId = -1;

  constructor(private readonly mode: OutputMode) {}

  async addBatch(batchId: number, batches: readonly Batch[], _schema: StructType): Promise<void> {
    if (batchId <= this.lastBatchId) return;
    if (this.mode === "complete") this.batches.length = 0;
    this.batches.push(...batches.filter((b) => b.numRows > 0));
    this.lastBatchId = batchId;
  }
}

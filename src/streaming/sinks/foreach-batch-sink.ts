import type { Batch } from "../../physical/vector.js";
import type { DataFrame } from "../../session/dataframe.js";
import type { SparkSession } from "../../session/spark-session.js";
import type { StructType } from "../../types/data-types.js";
import type { StreamSink } from "../source.js";

/** The user's `foreachBatch` function: gets each batch as a DataFrame, with its id. */
export type ForeachBatchFunction = (df: DataFrame, batchId: number) => void | Promise<void>;

/** `foreachBatch(fn)`: hands each micro-batch's result to a function, as a (static) DataFrame. */
export class ForeachBatchSink implements StreamSink {
  readonly description = "ForeachBatchSink";

  constructor(private readonly session: SparkSession, private readonly fn: ForeachBatchFunction) {}

  async addBatch(batchId: number, batches: readonly Batch[], schema: StructType): Promise<void> {
    await this.fn(this.session.fromBatches(schema, batches), batchId);
  }
}

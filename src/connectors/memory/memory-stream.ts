import { AnalysisError } from "../../common/errors.js";
import { vectorFromValues, type Batch } from "../../physical/vector.js";
import { toPhysicalValue } from "../../session/local-data.js";
import type { StructType } from "../../types/data-types.js";
import type { OffsetJson, ReadLimit, StreamSource } from "../../streaming/source.js";
import { streamingDataFrame } from "../../streaming/data-stream-reader.js";
import type { DataFrame } from "../../session/dataframe.js";
import type { SparkSession } from "../../session/spark-session.js";

/**
 * A source that tests and notebooks push rows into (Spark's MemoryStream): every `addData` call is
 * one step of offsets, so each call's rows land in one micro-batch unless batches are merged when
 * the query was behind. Offsets are the count of `addData` calls, as Spark's LongOffset.
 *
 * @example
 * ```ts
 * const input = new MemoryStream(T.StructType([...]));
 * const q = input.toDF(spark).groupBy("k").count().writeStream.outputMode("complete").format("console").start();
 * input.addData([["a"], ["b"]]);
 * await q.processAllAvailable();
 * ```
 */
export class MemoryStream implements StreamSource {
  readonly description: string;
  private readonly steps: Batch[] = [];
  private static counter = 0;

  /**
   * @param options.stepsPerBatch at most this many `addData` steps per micro-batch (like a file
   *   source's `maxFilesPerTrigger`), so each step can be its own batch even when the query is behind.
   */
  constructor(readonly schema: StructType, options: { readonly name?: string; readonly stepsPerBatch?: number } = {}) {
    this.description = `MemoryStream[${options.name ?? `memory-${MemoryStream.counter++}`}]`;
    this.stepsPerBatch = options.stepsPerBatch ?? Infinity;
  }

  private readonly stepsPerBatch: number;

  /** The streaming DataFrame reading this stream (Scala's `memoryStream.toDF()`). */
  toDF(spark: SparkSession): DataFrame {
    return streamingDataFrame(spark, this);
  }

  /** Adds one step of rows (arrays in schema order, objects by field name, or a Batch); returns its offset. */
  addData(rows: readonly (readonly unknown[] | Readonly<Record<string, unknown>>)[] | Batch): number {
    this.steps.push(isBatch(rows) ? this.checkBatch(rows) : this.toBatch(rows));
    for (const listener of this.listeners) listener();
    return this.steps.length;
  }

  private readonly listeners = new Set<() => void>();

  /** Tells each running query over this stream that a step arrived (see StreamSource.onNewData). */
  onNewData(listener: () => void): () => void {
    // A wrapper per subscription, so one query subscribing twice still unsubscribes cleanly.
    const entry = (): void => listener();
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  async latestOffset(start: OffsetJson | null, limit: ReadLimit): Promise<OffsetJson | null> {
    const available = Math.min(this.steps.length, this.availableNowEnd);
    if (available === 0) return null;
    const from = start === null ? 0 : Number(start);
    return String(limit.all ? available : Math.min(available, from + this.stepsPerBatch));
  }

  /** Under Trigger.AvailableNow: read the steps added so far, still `stepsPerBatch` at a time. */
  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNowEnd = this.steps.length;
  }

  private availableNowEnd = Infinity;

  async getBatch(start: OffsetJson | null, end: OffsetJson): Promise<Batch[]> {
    return this.steps.slice(start === null ? 0 : Number(start), Number(end));
  }

  async commit(): Promise<void> {}
  async stop(): Promise<void> {}

  private toBatch(rows: readonly (readonly unknown[] | Readonly<Record<string, unknown>>)[]): Batch {
    const fields = this.schema.fields;
    const columns = fields.map((f, c) =>
      vectorFromValues(
        f.dataType,
        rows.map((row, r) => {
          const v = Array.isArray(row) ? (row as readonly unknown[])[c] : (row as Record<string, unknown>)[f.name];
          return toPhysicalValue(v, f.dataType, `${this.description} row ${r}, field ${f.name}`);
        }),
      ),
    );
    return { schema: this.schema, columns, numRows: rows.length };
  }

  private checkBatch(batch: Batch): Batch {
    const want = this.schema.fields.map((f) => `${f.name}:${f.dataType.kind}`).join(",");
    const got = batch.schema.fields.map((f) => `${f.name}:${f.dataType.kind}`).join(",");
    if (want !== got) throw new AnalysisError(`${this.description} takes batches of schema (${want}), got (${got})`);
    return batch;
  }
}

function isBatch(x: unknown): x is Batch {
  return typeof x === "object" && x !== null && "columns" in x && "numRows" in x && "schema" in x;
}

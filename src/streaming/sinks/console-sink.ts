import type { Batch } from "../../physical/vector.js";
import type { SparkSession } from "../../session/spark-session.js";
import type { StructType } from "../../types/data-types.js";
import type { StreamSink } from "../source.js";

/**
 * The `console` sink: each batch under Spark's header, then the rows as `show(numRows, truncate)`
 * prints them (Spark: sql/core/.../streaming/sources/ConsoleWrite.scala).
 */
export class ConsoleSink implements StreamSink {
  readonly description: string;
  private readonly numRows: number;
  private readonly truncate: boolean | number;

  constructor(
    private readonly session: SparkSession,
    options: Readonly<Record<string, string>>,
    private readonly write: (text: string) => void = (t) => void process.stdout.write(t),
  ) {
    this.numRows = options["numrows"] === undefined ? 20 : Number(options["numrows"]);
    const t = options["truncate"];
    this.truncate = t === undefined ? true : t.toLowerCase() === "false" ? false : t.toLowerCase() === "true" ? true : Number(t);
    this.description = `org.apache.spark.sql.execution.streaming.ConsoleTable$`;
  }

  async addBatch(batchId: number, batches: readonly Batch[], schema: StructType): Promise<void> {
    const line = "-------------------------------------------";
    const table = this.session.fromBatches(schema, batches).showString(this.numRows, this.truncate);
    this.write(`${line}\nBatch: ${batchId}\n${line}\n${table}\n`);
  }
}

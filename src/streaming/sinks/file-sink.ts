import { randomUUID } from "node:crypto";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { AnalysisError } from "../../common/errors.js";
import { fileEncoder, type FileEncoder } from "../../physical/sources/file-encoder.js";
import type { Batch } from "../../physical/vector.js";
import type { StructType } from "../../types/data-types.js";
import type { OutputMode } from "../plan/output-mode.js";
import type { StreamSink } from "../source.js";
import { FileSinkLog } from "./file-sink-log.js";

/**
 * `writeStream.format("parquet" | "json" | "csv").start(path)`: each batch's rows as part files in
 * `path`, committed exactly once through the `_spark_metadata` log (a batch id already in the log
 * is skipped). Append mode only, as in Spark.
 */
export class FileSink implements StreamSink {
  readonly description: string;
  private readonly log: FileSinkLog;
  private readonly encode: FileEncoder;
  private readonly extension: string;
  private readonly dir: string;

  constructor(format: string, path: string | null, options: Readonly<Record<string, string>>, mode: OutputMode, timeZone: string) {
    if (path === null) throw new AnalysisError(`the ${format} sink needs an output path`, { hint: `.start("out/folder") or .option("path", "out/folder")` });
    if (mode !== "append") {
      throw new AnalysisError(`Data source ${format} does not support ${mode[0]!.toUpperCase()}${mode.slice(1)} output mode.`, { hint: 'file sinks take outputMode("append") only; write aggregates with a watermark in append mode, or use foreachBatch' });
    }
    this.dir = resolve(path);
    mkdirSync(this.dir, { recursive: true });
    this.log = new FileSinkLog(join(this.dir, "_spark_metadata"));
    ({ encode: this.encode, extension: this.extension } = fileEncoder(format, options, timeZone));
    this.description = `FileSink[${this.dir}]`;
  }

  async addBatch(batchId: number, batches: readonly Batch[], schema: StructType): Promise<void> {
    // Spark: FileStreamSink.addBatch skips a batch id the log already has.
    const latest = this.log.getLatest();
    if (latest !== undefined && batchId <= latest.batchId) return;
    const rows = batches.reduce((n, b) => n + b.numRows, 0);
    const files = [];
    if (rows > 0) {
      const file = join(this.dir, `part-00000-${randomUUID()}-c000.${this.extension}`);
      writeFileSync(file, this.encode(batches, schema));
      const st = statSync(file);
      files.push({ path: `file://${file}`, size: st.size, isDir: false, modificationTime: Math.floor(st.mtimeMs), blockReplication: 1, blockSize: 33554432, action: "add" as const });
    }
    this.log.add(batchId, files);
  }
}

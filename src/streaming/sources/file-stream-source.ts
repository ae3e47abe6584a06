import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { AnalysisError } from "../../common/errors.js";
import { readFileSource } from "../../physical/sources/file-source.js";
import type { Batch } from "../../physical/vector.js";
import type { SparkSession } from "../../session/spark-session.js";
import type { StructType } from "../../types/data-types.js";
import type { OffsetJson, ReadLimit, StreamSource } from "../source.js";

/**
 * `readStream.format("csv" | "json" | "parquet").schema(...).load(dir)`: new files of a folder,
 * oldest first (or newest first with `latestFirst`), at most `maxFilesPerTrigger` per batch.
 * The offset is Spark's `{"logOffset":N}`: the first N files in modification-time order have been
 * read. Files must be added whole (written elsewhere, then moved in), as Spark's guide asks.
 */
export class FileStreamSource implements StreamSource {
  readonly description: string;
  private readonly dir: string;
  private readonly maxFiles: number;
  private readonly latestFirst: boolean;
  private availableNowEnd = Infinity;

  constructor(
    private readonly session: SparkSession,
    private readonly format: string,
    readonly schema: StructType,
    path: string,
    private readonly options: Readonly<Record<string, string>>,
  ) {
    this.dir = resolve(path);
    const max = options["maxfilespertrigger"];
    this.maxFiles = max === undefined ? Infinity : Number(max);
    if (!(this.maxFiles > 0)) throw new AnalysisError(`Invalid value '${max}' for option 'maxFilesPerTrigger', must be a positive integer`);
    this.latestFirst = /^true$/i.test(options["latestfirst"] ?? "false");
    this.description = `FileStreamSource[file:${this.dir}]`;
  }

  /** The folder's data files in the order they are read. */
  private files(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return []; // Spark waits for a folder that does not exist yet.
    }
    const entries = names
      .filter((n) => !n.startsWith("_") && !n.startsWith("."))
      .map((n) => ({ path: join(this.dir, n), st: statSync(join(this.dir, n)) }))
      .filter((e) => e.st.isFile())
      .sort((a, b) => a.st.mtimeMs - b.st.mtimeMs || (a.path < b.path ? -1 : 1));
    return entries.map((e) => e.path);
  }

  async latestOffset(start: OffsetJson | null, limit: ReadLimit): Promise<OffsetJson | null> {
    const from = start === null ? 0 : (JSON.parse(start) as { logOffset: number }).logOffset;
    const available = Math.min(this.files().length, this.availableNowEnd);
    if (available === 0) return null;
    const end = limit.all ? available : Math.min(available, from + this.maxFiles);
    return JSON.stringify({ logOffset: end });
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNowEnd = this.files().length;
  }

  async getBatch(start: OffsetJson | null, end: OffsetJson): Promise<Batch[]> {
    const from = start === null ? 0 : (JSON.parse(start) as { logOffset: number }).logOffset;
    const to = (JSON.parse(end) as { logOffset: number }).logOffset;
    let files = this.files().slice(from, to);
    if (this.latestFirst) files = files.reverse();
    if (files.length === 0) return [];
    const conf = this.session.conf;
    return readFileSource(this.format, files, this.schema, this.options, { ansi: conf.ansi, timeZone: conf.timeZone, nowMicros: BigInt(Date.now()) * 1000n });
  }

  async commit(): Promise<void> {}
  async stop(): Promise<void> {}
}

/** Spark's refusal of a schema-less streaming file source. */
export function requireStreamingSchema(schema: StructType | null, format: string): StructType {
  if (schema === null) {
    throw new AnalysisError(
      `Schema must be specified when creating a streaming source DataFrame. Depending on the operations, you can use this option for some file sources: spark.sql.streaming.schemaInference (format: ${format})`,
      { hint: 'give the schema: .schema("vendor_id INT, pickup TIMESTAMP") or a StructType' },
    );
  }
  return schema;
}

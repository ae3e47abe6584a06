import { MetadataLog, versionedLines } from "../checkpoint/metadata-log.js";

/** One file a streaming file sink committed, as Spark's SinkFileStatus records it. */
export interface SinkFileStatus {
  readonly path: string;
  readonly size: number;
  readonly isDir: boolean;
  readonly modificationTime: number;
  readonly blockReplication: number;
  readonly blockSize: number;
  readonly action: "add" | "delete";
}

/**
 * `<output>/_spark_metadata/<batchId>`: the files each batch added, written after the files and
 * before the batch commits. Readers take only the files listed here, so a batch that crashed half
 * way leaves no visible output, and a re-run batch is written once (Spark's FileStreamSinkLog,
 * without its compaction).
 */
export class FileSinkLog extends MetadataLog<SinkFileStatus[]> {
  constructor(dir: string) {
    super(
      dir,
      (files) => ["v1", ...files.map((f) => JSON.stringify(f))].join("\n"),
      (text, file) => versionedLines(text, file, 1).filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as SinkFileStatus),
    );
  }

}

import { ExecutionError } from "../../common/errors.js";
import { MetadataLog, versionedLines } from "./metadata-log.js";

/** What Spark records beside a batch's offsets: the watermark and time the batch ran with, and the conf that must not change across restarts. */
export interface OffsetSeqMetadata {
  readonly batchWatermarkMs: number;
  readonly batchTimestampMs: number;
  readonly conf: Readonly<Record<string, string>>;
}

/** One planned batch: the end offset of every source (JSON text, or null when a source had none yet). */
export interface OffsetSeq {
  readonly metadata: OffsetSeqMetadata;
  readonly offsets: readonly (string | null)[];
}

/**
 * The offsets write-ahead log (`<checkpoint>/offsets/<batchId>`), byte-compatible with Spark's
 * OffsetSeqLog: `v1`, the metadata JSON, then one line per source (its offset JSON, or `-`).
 * A batch is written here before it runs, so a restart replays exactly the same range.
 */
export class OffsetSeqLog extends MetadataLog<OffsetSeq> {
  constructor(dir: string) {
    super(
      dir,
      (seq) => ["v1", JSON.stringify(seq.metadata), ...seq.offsets.map((o) => o ?? "-")].join("\n"),
      (text, file) => {
        const [meta, ...offsets] = versionedLines(text, file, 1);
        if (meta === undefined) throw new ExecutionError(`offset log file ${file} has no metadata line`, { context: { file } });
        const parsed = JSON.parse(meta) as Partial<OffsetSeqMetadata>;
        return {
          metadata: { batchWatermarkMs: parsed.batchWatermarkMs ?? 0, batchTimestampMs: parsed.batchTimestampMs ?? 0, conf: parsed.conf ?? {} },
          offsets: offsets.map((o) => (o === "-" ? null : o)),
        };
      },
    );
  }
}

import { MetadataLog, versionedLines } from "./metadata-log.js";

/** What a committed batch leaves for the next one. */
export interface CommitMetadata {
  readonly nextBatchWatermarkMs: number;
}

/**
 * The commits log (`<checkpoint>/commits/<batchId>`), as Spark's CommitLog writes it:
 * `v1` then `{"nextBatchWatermarkMs":…}`. A batch counts as done only once its commit is here.
 */
export class CommitLog extends MetadataLog<CommitMetadata> {
  constructor(dir: string) {
    super(
      dir,
      (c) => `v1\n${JSON.stringify({ nextBatchWatermarkMs: c.nextBatchWatermarkMs })}`,
      (text, file) => {
        const [line] = versionedLines(text, file, 1);
        const parsed = JSON.parse(line ?? "{}") as Partial<CommitMetadata>;
        return { nextBatchWatermarkMs: parsed.nextBatchWatermarkMs ?? 0 };
      },
    );
  }
}

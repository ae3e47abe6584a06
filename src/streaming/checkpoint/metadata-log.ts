import { randomUUID } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync, existsSync, linkSync } from "node:fs";
import { join } from "node:path";
import { ExecutionError } from "../../common/errors.js";

/**
 * A folder of files named by batch id (`0`, `1`, …), each written once and atomically: Spark's
 * HDFSMetadataLog, which backs a checkpoint's `offsets/` and `commits/` logs and a file sink's
 * `_spark_metadata/`. A file is written beside its final name, flushed to disk, then linked into
 * place, so a crash leaves either the whole file or none, and a second writer of the same batch
 * loses instead of overwriting.
 * (Spark: sql/core/.../execution/streaming/checkpointing/HDFSMetadataLog.scala)
 */
export class MetadataLog<T> {
  constructor(
    readonly dir: string,
    private readonly serialize: (value: T) => string,
    private readonly deserialize: (text: string, file: string) => T,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Writes batch `batchId` unless it exists; returns false when it already did. */
  add(batchId: number, value: T): boolean {
    const target = join(this.dir, String(batchId));
    if (existsSync(target)) return false;
    const tmp = join(this.dir, `.${batchId}.${randomUUID()}.tmp`);
    const fd = openSync(tmp, "wx");
    try {
      writeSync(fd, this.serialize(value));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      // link() fails if the target exists: the first writer of a batch wins, as in Spark.
      linkSync(tmp, target);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  /** The value of batch `batchId`, or undefined when it was never written. */
  get(batchId: number): T | undefined {
    const file = join(this.dir, String(batchId));
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    return this.deserialize(text, file);
  }

  /** Every batch id present, ascending. */
  batchIds(): number[] {
    return readdirSync(this.dir)
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** The newest batch and its value, or undefined for an empty log. */
  getLatest(): { batchId: number; value: T } | undefined {
    const ids = this.batchIds();
    const last = ids[ids.length - 1];
    if (last === undefined) return undefined;
    const value = this.get(last);
    return value === undefined ? undefined : { batchId: last, value };
  }

  /** Every batch below this is known to be gone (after a first purge listed the folder). */
  private purgedBelow: number | null = null;

  /**
   * Deletes the batches below `threshold` (Spark keeps `spark.sql.streaming.minBatchesToRetain`).
   * The driver purges after every batch: the first call lists the folder, later ones delete the
   * few ids between the last threshold and this one by name, instead of listing ~100 files again.
   */
  purge(threshold: number): void {
    const from = this.purgedBelow;
    if (from !== null && threshold <= from) return;
    if (from === null || threshold - from > 1000) {
      for (const id of this.batchIds()) if (id < threshold) rmSync(join(this.dir, String(id)), { force: true });
    } else {
      for (let id = from; id < threshold; id++) rmSync(join(this.dir, String(id)), { force: true });
    }
    this.purgedBelow = threshold;
  }
}

/** Splits a `v1`-headed log file into its lines after checking the version, as Spark does. */
export function versionedLines(text: string, file: string, maxVersion: number): string[] {
  const lines = text.split("\n");
  const header = lines[0] ?? "";
  const match = /^v(\d+)$/.exec(header);
  if (match === null) {
    throw new ExecutionError(`checkpoint file ${file} does not start with a version line like "v1" (found ${JSON.stringify(header.slice(0, 40))})`, {
      context: { file },
      hint: "the checkpoint is corrupt or not a Structured Streaming checkpoint; point checkpointLocation at a new folder",
    });
  }
  const version = Number(match[1]);
  if (version > maxVersion) {
    throw new ExecutionError(`checkpoint file ${file} has log version v${version}, newer than the v${maxVersion} this version reads`, {
      context: { file },
      hint: "it was written by a newer Spark or Kindling; use that version, or start from a new checkpointLocation",
    });
  }
  return lines.slice(1);
}

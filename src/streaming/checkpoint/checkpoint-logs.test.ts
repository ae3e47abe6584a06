import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommitLog } from "./commit-log.js";
import { OffsetSeqLog } from "./offset-seq-log.js";

// Written by PySpark 4.1.1 (rate-micro-batch source, rowsPerBatch=5, a windowed count with a
// watermark), copied byte for byte from <checkpoint>/offsets/0 and <checkpoint>/commits/0.
const SPARK_OFFSETS_0 =
  'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1795655428780,"conf":{"spark.sql.streaming.stateStore.providerClass":"org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider","spark.sql.streaming.multipleWatermarkPolicy":"min","spark.sql.shuffle.partitions":"2"}}\n{"offset":5,"timestamp":1000}';
const SPARK_COMMITS_0 = 'v1\n{"nextBatchWatermarkMs":0}';

const tmp = (): string => mkdtempSync(join(tmpdir(), "kindling-ckpt-"));

describe("checkpoint logs", () => {
  it("read the offsets file Spark wrote, and write it back byte for byte", () => {
    const dir = tmp();
    writeFileSync(join(dir, "0"), SPARK_OFFSETS_0);
    const log = new OffsetSeqLog(dir);
    const seq = log.get(0)!;
    expect(seq.metadata.batchWatermarkMs).toBe(0);
    expect(seq.metadata.batchTimestampMs).toBe(1795655428780);
    expect(seq.metadata.conf["spark.sql.shuffle.partitions"]).toBe("2");
    expect(seq.offsets).toEqual(['{"offset":5,"timestamp":1000}']);

    const again = new OffsetSeqLog(tmp());
    expect(again.add(0, seq)).toBe(true);
    expect(readFileSync(join(again.dir, "0"), "utf8")).toBe(SPARK_OFFSETS_0);
  });

  it("write a source with no offset yet as '-'", () => {
    const log = new OffsetSeqLog(tmp());
    log.add(3, { metadata: { batchWatermarkMs: 7, batchTimestampMs: 9, conf: {} }, offsets: [null, "42"] });
    expect(readFileSync(join(log.dir, "3"), "utf8")).toBe('v1\n{"batchWatermarkMs":7,"batchTimestampMs":9,"conf":{}}\n-\n42');
    expect(log.get(3)!.offsets).toEqual([null, "42"]);
  });

  it("read and write Spark's commit file", () => {
    const dir = tmp();
    writeFileSync(join(dir, "0"), SPARK_COMMITS_0);
    const log = new CommitLog(dir);
    expect(log.get(0)).toEqual({ nextBatchWatermarkMs: 0 });
    expect(log.add(1, { nextBatchWatermarkMs: 5000 })).toBe(true);
    expect(readFileSync(join(dir, "1"), "utf8")).toBe('v1\n{"nextBatchWatermarkMs":5000}');
    expect(log.getLatest()).toEqual({ batchId: 1, value: { nextBatchWatermarkMs: 5000 } });
  });

  it("never overwrite a batch: the first writer wins, and no temp file is left", () => {
    const log = new CommitLog(tmp());
    expect(log.add(0, { nextBatchWatermarkMs: 1 })).toBe(true);
    expect(log.add(0, { nextBatchWatermarkMs: 2 })).toBe(false);
    expect(log.get(0)).toEqual({ nextBatchWatermarkMs: 1 });
    expect(readdirSync(log.dir)).toEqual(["0"]);
  });

  it("list, find the latest and purge old batches", () => {
    const log = new CommitLog(tmp());
    for (const id of [0, 1, 2, 10]) log.add(id, { nextBatchWatermarkMs: id });
    expect(log.batchIds()).toEqual([0, 1, 2, 10]);
    expect(log.getLatest()?.batchId).toBe(10);
    log.purge(2);
    expect(log.batchIds()).toEqual([2, 10]);
    expect(log.get(0)).toBeUndefined();
    // Later purges (one per batch in the driver) delete by name up to the new threshold.
    for (const id of [11, 12, 13]) log.add(id, { nextBatchWatermarkMs: id });
    log.purge(1);
    expect(log.batchIds()).toEqual([2, 10, 11, 12, 13]);
    log.purge(11);
    expect(log.batchIds()).toEqual([11, 12, 13]);
    log.purge(12);
    expect(log.batchIds()).toEqual([12, 13]);
    log.purge(5000);
    expect(log.batchIds()).toEqual([]);
  });

  it("refuse a file that is not a versioned log, or from a newer version, naming the file", () => {
    const dir = tmp();
    writeFileSync(join(dir, "0"), "hello");
    writeFileSync(join(dir, "1"), 'v9\n{"nextBatchWatermarkMs":0}');
    const log = new CommitLog(dir);
    expect(() => log.get(0)).toThrow(/does not start with a version line like "v1"/);
    expect(() => log.get(0)).toThrow(join(dir, "0"));
    expect(() => log.get(1)).toThrow(/log version v9, newer than the v1/);
  });
});

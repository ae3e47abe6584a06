import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { functions as F, SparkSession } from "../index.js";
import { defaultExecContext } from "../physical/exec-context.js";
import { vectorFromValues, vectorToValues, type Batch } from "../physical/vector.js";
import { StringType, StructType } from "../types/data-types.js";
import { decodeBatch, encodeBatch } from "./batch-codec.js";
import type { FragmentSpec } from "./partition-task.js";
import type { SliceReply } from "./protocol.js";
import runWorkerTask from "./worker-entry.js";

/**
 * The worker's side of a micro-batch, run in this thread (it is a plain function): slices taken
 * from the shared counter in order, one reply per slice on the port, a failing slice's error and
 * row carried as data. Which thread runs a slice is up to timing; this pins what a worker sends.
 */
describe("runWorkerTask", () => {
  const schema = StructType([{ name: "v", dataType: StringType(), nullable: true }]);
  const slice = (values: string[]): Batch => ({ schema, numRows: values.length, columns: [vectorFromValues(StringType(), values)] });

  it("takes slices from the shared counter until none is left, replying per slice; a failure carries its error and row", () => {
    const spark = SparkSession.builder.getOrCreate();
    const df = spark.createDataFrame([{ v: "1" }], "v STRING").select(F.col("v").cast("int").alias("n"));
    const fragment: FragmentSpec = { plan: df.resolved(), aggregate: null, leafColumns: [0], locateRows: true };
    const slices = [slice(["1", "2"]), slice(["3", "4", "five", "6"]), slice(["7"])].map((b) => encodeBatch(b, { transfer: [], keep: null, ownsBuffers: false, share: true }));
    const next = new Int32Array(new SharedArrayBuffer(4));
    next[0] = 1; // slice 0 was taken by another thread
    const { port1, port2 } = new MessageChannel();
    const ctx = { ...defaultExecContext(), ansi: true };
    expect(runWorkerTask({ fragment, slices, next, port: port2, ctx, lateWatermarkMs: 0 })).toBe(2);
    const replies: SliceReply[] = [];
    for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) replies.push(m.message as SliceReply);
    port1.close();
    expect(replies.map((r) => r.index)).toEqual([1, 2]);
    const failed = replies[0]!.reply;
    if (failed.ok) throw new Error("slice 1 should have failed");
    expect(failed.error.message).toMatch(/^\[CAST_INVALID_INPUT\] The value 'five' of the type "STRING" cannot be cast to "INT"/);
    expect(failed.row).toBe(2);
    const done = replies[1]!.reply;
    if (!done.ok || done.rows === null) throw new Error("slice 2 should have given rows");
    expect(vectorToValues(decodeBatch(done.rows).columns[0]!)).toEqual([7]);
    expect(next[0]).toBeGreaterThanOrEqual(3);
  });
});

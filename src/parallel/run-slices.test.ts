import { once } from "node:events";
import { afterAll, describe, expect, it } from "vitest";
import { InternalError } from "../common/errors.js";
import { functions as F, SparkSession } from "../index.js";
import { defaultExecContext } from "../physical/exec-context.js";
import { vectorFromValues, vectorToValues, type Batch } from "../physical/vector.js";
import { IntegerType, StringType, StructType } from "../types/data-types.js";
import type { FragmentSpec, PartitionOutcome } from "./partition-task.js";
import { forEachSliceOutcome, slicesRunOnWorkers } from "./run-slices.js";
import { closeWorkerPools, workerPool } from "./worker-pool.js";

/**
 * The work sharing of local[N] over input that is not in shared memory (a memory stream's batches:
 * typed columns and JS-array strings), through real worker threads: the same outcomes in the same
 * order as one thread, and the first failing slice in slice order reported, whoever ran it.
 */
describe("forEachSliceOutcome", () => {
  afterAll(async () => {
    await closeWorkerPools();
  });
  const schema = StructType([
    { name: "id", dataType: IntegerType(), nullable: false },
    { name: "v", dataType: StringType(), nullable: true },
  ]);
  const batch = (from: number, values: string[]): Batch => ({
    schema,
    numRows: values.length,
    columns: [vectorFromValues(IntegerType(), values.map((_v, i) => from + i)), vectorFromValues(StringType(), values)],
  });
  const fragment = (): FragmentSpec => {
    const spark = SparkSession.builder.getOrCreate();
    const df = spark.createDataFrame([{ id: 0, v: "1" }], "id INT, v STRING").select(F.col("id"), (F.col("v").cast("int") as ReturnType<typeof F.col>).alias("n"));
    return { plan: df.resolved(), aggregate: null, leafColumns: [0, 1], locateRows: true };
  };
  const run = async (batches: Batch[], threads: number, mainThreadSlices = true): Promise<unknown[][]> => {
    const rows: unknown[][] = [];
    const order: number[] = [];
    await forEachSliceOutcome(fragment(), batches, defaultExecContext(), 0, { threads, minRows: 0, chunkRows: 7, mainThreadSlices }, (o: PartitionOutcome, i) => {
      order.push(i);
      const cols = o.rows!.columns.map(vectorToValues);
      for (let r = 0; r < o.rows!.numRows; r++) rows.push(cols.map((c) => c[r]));
    });
    expect(order).toEqual(order.map((_v, i) => i));
    return rows;
  };

  it("gives local[1]'s outcomes in slice order with local[2] and local[3], whoever runs the slices", async () => {
    const input = [0, 1, 2].map((p) => batch(p * 1000, Array.from({ length: 150 + p }, (_v, i) => String(i * 3 + p))));
    const one = await run(input, 1);
    expect(one).toHaveLength(453);
    const slices = Math.ceil(150 / 7) + Math.ceil(151 / 7) + Math.ceil(152 / 7);
    for (const threads of [2, 3]) {
      expect(await run(input, threads)).toEqual(one);
      // Workers only: every slice's reply comes from a worker (the input crossed in shared memory).
      const before = slicesRunOnWorkers();
      expect(await run(input, threads, false)).toEqual(one);
      expect(slicesRunOnWorkers() - before).toBe(slices);
    }
  });

  it("fails the batch, not hangs, when a worker's task fails outside the slice work (here: its input cannot be sent)", async () => {
    // A value structured clone refuses (a function) in a column the fragment reads: the task is
    // refused as it is sent. Workers only, so the main thread cannot finish the batch alone.
    const bad = batch(0, Array.from({ length: 20 }, (_v, i) => String(i)));
    (bad.columns[1]!.values as unknown[])[3] = () => 3;
    const failure = await run([bad], 2, false).then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(InternalError);
    expect((failure as Error).message).toMatch(/^a worker thread of the local\[2\] pool failed: .*could not be cloned/);
    // The pool is still usable: the next batch goes through.
    expect(await run([batch(0, ["1", "2", "3"])], 2, false)).toHaveLength(3);
  }, 30_000); // a regression here hangs: fail it in seconds, not at the suite's two minutes

  it("fails the batch, not hangs, when a worker thread dies, and the next batch gets a new worker", async () => {
    const input = [batch(0, Array.from({ length: 70 }, (_v, i) => String(i)))];
    expect(await run(input, 2, false)).toHaveLength(70);
    const pool = workerPool(1);
    // The batch returns before its worker task ends (run-slices.ts): wait until the worker is free,
    // so the next task goes to it at once rather than to the queue (and then to its replacement).
    if (pool.needsDrain) await once(pool, "drain");
    const [dying] = pool.threads;
    // The thread stops without running code of its own (as running out of memory does); the pool
    // has not seen its exit yet when the batch hands it a task, so the task dies with it.
    void dying!.terminate();
    const failure = await run(input, 2, false).then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(InternalError);
    expect((failure as Error).message).toMatch(/^a worker thread of the local\[2\] pool failed: worker exited/);
    expect(await run(input, 2, false)).toHaveLength(70);
    expect(workerPool(1).threads).not.toContain(dying);
  }, 30_000);

  it("reports the first failing slice in slice order, with its row, whichever thread ran it", async () => {
    const values = Array.from({ length: 200 }, (_v, i) => String(i));
    values[101] = "x101";
    values[160] = "x160";
    for (const [threads, mainThreadSlices] of [[1, true], [2, true], [3, true], [2, false], [3, false]] as const) {
      const failure = await run([batch(0, values)], threads, mainThreadSlices).then(() => null, (e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toMatch(/The value 'x101' of the type "STRING" cannot be cast to "INT"/);
    }
  });
});

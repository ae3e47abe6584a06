import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession } from "../../src/index.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";
import { batchesOfSpark, runInKindling, runInSpark, type StreamCase } from "./support/stream-case.js";

const ts = (seconds: number): string => new Date(seconds * 1000).toISOString();

// Duplicates within a batch, across batches, and late ones around a 10-second watermark.
const STEPS = [
  [{ t: ts(100), v: 1 }, { t: ts(100), v: 1 }, { t: ts(101), v: 2 }],
  [{ t: ts(100), v: 1 }, { t: ts(130), v: 3 }, { t: ts(101), v: 2 }],
  [{ t: ts(119), v: 4 }, { t: ts(125), v: 3 }, { t: ts(200), v: 5 }],
  [{ t: ts(130), v: 3 }, { t: ts(189), v: 6 }, { t: ts(195), v: 6 }],
  [{ t: ts(200), v: 5 }, { t: ts(300), v: 7 }],
];

// dropDuplicatesWithinWatermark around a 10-second watermark: a key is remembered until the
// watermark passes its first row's event time + 10 s; a duplicate is checked before the batch's
// eviction (v=2 in step 2, v=3 in step 4); null event times expire at once (v=8); rows at or below
// the previous batch's watermark drop as late (v=10 in step 3, v=11 in step 5), new keys or not.
const STEPS_WITHIN = [
  [{ t: ts(100), v: 1 }, { t: ts(100), v: 1 }, { t: ts(105), v: 2 }],
  [{ t: ts(108), v: 1 }, { t: ts(130), v: 3 }, { t: ts(96), v: 4 }, { t: null, v: 8 }],
  [{ t: ts(119), v: 1 }, { t: ts(125), v: 2 }, { t: ts(121), v: 5 }, { t: null, v: 8 }, { t: ts(110), v: 9 }],
  [{ t: ts(125), v: 2 }, { t: ts(190), v: 6 }, { t: ts(131), v: 1 }, { t: ts(131), v: null }, { t: ts(115), v: 10 }],
  [{ t: ts(185), v: 6 }, { t: ts(200), v: 3 }, { t: ts(181), v: 7 }, { t: ts(182), v: null }],
  [{ t: ts(250), v: 1 }, { t: ts(251), v: 6 }, { t: ts(175), v: 11 }],
];

const CASES: Readonly<Record<string, StreamCase>> = {
  "dropDuplicatesWithinWatermark on a column without the event time": {
    schema: "t TIMESTAMP, v INT",
    steps: STEPS_WITHIN,
    outputMode: "append",
    kindling: (src) => src.withWatermark("t", "10 seconds").dropDuplicatesWithinWatermark(["v"]),
    pyspark: 'out = src.withWatermark("t", "10 seconds").dropDuplicatesWithinWatermark(["v"])',
  },
  "dropDuplicatesWithinWatermark on all columns, update mode": {
    schema: "t TIMESTAMP, v INT",
    steps: STEPS_WITHIN,
    outputMode: "update",
    kindling: (src) => src.withWatermark("t", "10 seconds").dropDuplicatesWithinWatermark(),
    pyspark: 'out = src.withWatermark("t", "10 seconds").dropDuplicatesWithinWatermark()',
  },
  "dropDuplicatesWithinWatermark after a projection, then a filter": {
    schema: "t TIMESTAMP, v INT",
    steps: STEPS_WITHIN,
    outputMode: "append",
    kindling: (src, f) => src.withWatermark("t", "10 seconds").select(f.col("t"), (f.col("v").mod(3)).alias("k")).dropDuplicatesWithinWatermark(["k"]).filter(f.col("k").isNotNull()),
    pyspark: 'out = src.withWatermark("t", "10 seconds").select(F.col("t"), (F.col("v") % 3).alias("k")).dropDuplicatesWithinWatermark(["k"]).filter(F.col("k").isNotNull())',
  },
  "dropDuplicates on a column with a watermark on another (late rows dropped, keys kept)": {
    schema: "t TIMESTAMP, v INT",
    steps: STEPS_WITHIN,
    outputMode: "append",
    kindling: (src) => src.withWatermark("t", "10 seconds").dropDuplicates(["v"]),
    pyspark: 'out = src.withWatermark("t", "10 seconds").dropDuplicates(["v"])',
  },
  "dropDuplicates on a column, no watermark (state keeps every key)": {
    schema: "t TIMESTAMP, v INT",
    steps: STEPS,
    outputMode: "append",
    kindling: (src) => src.dropDuplicates(["v"]),
    pyspark: 'out = src.dropDuplicates(["v"])',
  },
  "dropDuplicates with the watermarked event time in the key: late rows dropped, old keys forgotten": {
    schema: "t TIMESTAMP, v INT",
    steps: STEPS,
    outputMode: "append",
    kindling: (src) => src.withWatermark("t", "10 seconds").dropDuplicates(["v", "t"]),
    pyspark: 'out = src.withWatermark("t", "10 seconds").dropDuplicates(["v", "t"])',
  },
  "distinct rows, update mode": {
    schema: "t TIMESTAMP, v INT",
    steps: STEPS,
    outputMode: "update",
    kindling: (src) => src.distinct(),
    pyspark: "out = src.distinct()",
  },
  "dedup then count per value, complete": {
    schema: "t TIMESTAMP, v INT",
    steps: STEPS,
    outputMode: "complete",
    kindling: (src) => src.dropDuplicates(["t"]).groupBy("v").count(),
    pyspark: 'out = src.dropDuplicates(["t"]).groupBy("v").count()',
  },
};

/** Streaming deduplication against PySpark 4.1.1, batch by batch. */
describe("streaming dropDuplicates against PySpark", () => {
  let oracle: PySparkOracle;
  beforeAll(async () => {
    oracle = await PySparkOracle.start();
  });
  afterAll(async () => {
    await oracle?.stop();
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const theirs = await runInSpark(oracle, c);
      const ours = await runInKindling(SparkSession.builder.getOrCreate(), c);
      expect(ours.columns).toEqual(theirs.columns);
      expectSameRows(ours.rows, theirs.rows, { names: ["Kindling", "PySpark"], columns: ours.columns });
    });
  }

  // The same batches too, no-data batches (the watermark moved, no new rows) included.
  for (const name of ["dropDuplicatesWithinWatermark on a column without the event time", "dropDuplicates on a column with a watermark on another (late rows dropped, keys kept)"]) {
    it(`${name}: the same batches, no-data batches included`, async () => {
      const c = CASES[name]!;
      const theirs = await batchesOfSpark(oracle, c);
      const ours = await runInKindling(SparkSession.builder.getOrCreate(), c);
      expect(ours.progress!.map((p) => [p.batchId, p.sink.numOutputRows])).toEqual(theirs);
    });
  }
});

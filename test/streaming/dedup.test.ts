import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession } from "../../src/index.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";
import { runInKindling, runInSpark, type StreamCase } from "./support/stream-case.js";

const ts = (seconds: number): string => new Date(seconds * 1000).toISOString();

// Duplicates within a batch, across batches, and late ones around a 10-second watermark.
const STEPS = [
  [{ t: ts(100), v: 1 }, { t: ts(100), v: 1 }, { t: ts(101), v: 2 }],
  [{ t: ts(100), v: 1 }, { t: ts(130), v: 3 }, { t: ts(101), v: 2 }],
  [{ t: ts(119), v: 4 }, { t: ts(125), v: 3 }, { t: ts(200), v: 5 }],
  [{ t: ts(130), v: 3 }, { t: ts(189), v: 6 }, { t: ts(195), v: 6 }],
  [{ t: ts(200), v: 5 }, { t: ts(300), v: 7 }],
];

const CASES: Readonly<Record<string, StreamCase>> = {
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
});

/**
 * The wall-clock `rate` source against Spark's own code, driven through PySpark's JVM gateway:
 * RateStreamProvider.valueAtSecond on a grid (ramp-up, Long overflow), and a
 * RateStreamMicroBatchStream with Spark's manual clock (`useManualClock`) advanced in the same
 * steps as Kindling's source, comparing offsets, rows, timestamps and the start-time file batch
 * by batch. Then a real, bounded run of a query (a few seconds) and a restart on its checkpoint,
 * checked against Spark's formula.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession } from "../../src/index.js";
import { parseRateOptions, RateStreamSource, valueAtSecond } from "../../src/connectors/rate/rate-source.js";
import { getValue } from "../../src/physical/vector.js";
import type { StreamingQueryProgress } from "../../src/streaming/progress.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";

const GRID: Array<[bigint, bigint, bigint]> = [];
for (const [rps, ramp] of [[1n, 0n], [10n, 4n], [7n, 3n], [3n, 5n], [1000n, 9n], [5n, 0n], [1n, 10n]] as const) {
  for (let s = 0n; s <= 14n; s++) GRID.push([s, rps, ramp]);
}
// Large values: exact Long arithmetic near the top of the range, and where Spark's Long wraps.
GRID.push([3037000500n, 3037000500n, 3037000499n], [4611686018427387903n, 2n, 0n], [5000000000n, 4000000000n, 4999999999n], [9n, 9223372036854775807n, 8n], [123456789n, 1000000n, 86400n]);

const PY_VALUES = `
P = spark._jvm.org.apache.spark.sql.execution.streaming.sources.RateStreamProvider
df = spark.createDataFrame([(s, r, u, P.valueAtSecond(int(s), int(r), int(u))) for s, r, u in params["grid"]], "s string, r string, u string, v long")
`;

// Spark's stream with its manual clock at 0, advanced by each step; rows read partition by partition.
const PY_STREAM = `
import tempfile, os
jvm = spark._jvm
m = jvm.java.util.HashMap()
m.put("useManualClock", "true")
ck = tempfile.mkdtemp(prefix="kindling-rate-")
stream = jvm.org.apache.spark.sql.execution.streaming.sources.RateStreamMicroBatchStream(
    params["rps"], params["ramp"], params["k"], jvm.org.apache.spark.sql.util.CaseInsensitiveStringMap(m), ck)
clock = stream.clock()
factory = stream.createReaderFactory()
start = stream.initialOffset()
rows = []
for batch, step in enumerate(params["advances"]):
    clock.advance(step)
    end = stream.latestOffset()
    for part in stream.planInputPartitions(start, end):
        reader = factory.createReader(part)
        while reader.next():
            row = reader.get()
            rows.append((batch, end.json(), row.getLong(0), row.getLong(1)))
    if len(rows) == 0 or rows[-1][0] != batch:
        rows.append((batch, end.json(), None, None))
    start = end
with open(os.path.join(ck, "0")) as f:
    rows.append((-1, f.read(), None, None))
df = spark.createDataFrame(rows, "batch int, endOffset string, ts long, value long")
`;

interface StreamCase {
  readonly rps: number;
  readonly ramp: string;
  readonly rampSeconds: number;
  readonly k: number;
  /** Clock advances (ms) before each batch is planned. */
  readonly advances: readonly number[];
}

const STREAM_CASES: Readonly<Record<string, StreamCase>> = {
  "7 rows/s, 3 s ramp-up, 3 partitions (uneven ms per value)": { rps: 7, ramp: "3s", rampSeconds: 3, k: 3, advances: [400, 2700, 900, 1000, 2999, 1, 5000] },
  "10 rows/s, 4 s ramp-up, 1 partition": { rps: 10, ramp: "4s", rampSeconds: 4, k: 1, advances: [1000, 1000, 1000, 2500, 10] },
  "3 rows/s, no ramp-up, 4 partitions (a partition can be empty)": { rps: 3, ramp: "0s", rampSeconds: 0, k: 4, advances: [999, 1, 1000, 7000] },
  "1000 rows/s, 2 s ramp-up in ms units, 2 partitions": { rps: 1000, ramp: "2500ms", rampSeconds: 2, k: 2, advances: [1500, 1500, 1500] },
};

/** Kindling's source with a manual clock from 0, stepped as the Spark one; rows as [batch, end, ts, value]. */
async function runKindling(c: StreamCase): Promise<{ rows: unknown[][]; startFile: string }> {
  const dir = mkdtempSync(join(tmpdir(), "kindling-rate-"));
  try {
    let now = 0;
    const source = new RateStreamSource(parseRateOptions({ rowspersecond: String(c.rps), rampuptime: c.ramp, numpartitions: String(c.k) }, 2), () => now);
    source.attachCheckpoint(dir);
    const rows: unknown[][] = [];
    let start: string | null = null;
    for (let batch = 0; batch < c.advances.length; batch++) {
      now += c.advances[batch]!;
      const end = await source.latestOffset();
      const before = rows.length;
      for (const b of await source.getBatch(start, end)) {
        for (let i = 0; i < b.numRows; i++) rows.push([batch, end, getValue(b.columns[0]!, i), getValue(b.columns[1]!, i)]);
      }
      if (rows.length === before) rows.push([batch, end, null, null]);
      start = end;
    }
    return { rows, startFile: readFileSync(join(dir, "0"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the rate source against Spark's RateStreamMicroBatchStream", () => {
  let oracle: PySparkOracle;
  beforeAll(async () => {
    oracle = await PySparkOracle.start();
  });
  afterAll(async () => {
    await oracle?.stop();
  });

  it("valueAtSecond gives Spark's values, Long overflow included", async () => {
    const theirs = await oracle.run(PY_VALUES, { params: { grid: GRID.map((g) => g.map(String)) } });
    expect(theirs.rows).toHaveLength(GRID.length);
    for (const [s, r, u, v] of theirs.rows) {
      expect([s, r, u, valueAtSecond(BigInt(s as string), BigInt(r as string), BigInt(u as string))]).toEqual([s, r, u, v]);
    }
  });

  for (const [name, c] of Object.entries(STREAM_CASES)) {
    it(name, async () => {
      const spark = await oracle.run(PY_STREAM, { params: { rps: c.rps, ramp: c.rampSeconds, k: c.k, advances: c.advances } });
      const startFile = spark.rows.find((r) => r[0] === -1)![1];
      const theirs = spark.rows.filter((r) => r[0] !== -1).map(([b, e, ts, v]) => [Number(b), e, ts, v]);
      const ours = await runKindling(c);
      expect(ours.startFile).toBe(startFile);
      // Same order too: partition by partition, as Spark's readers hand them over.
      expect(ours.rows).toEqual(theirs);
    });
  }
});

describe("a real rate query", () => {
  it("emits Spark's rows per batch for a few seconds, and resumes on its checkpoint", async () => {
    const spark = SparkSession.builder.getOrCreate();
    const ckpt = mkdtempSync(join(tmpdir(), "kindling-rate-run-"));
    try {
      const rows: Array<{ batch: number; ts: bigint; value: bigint }> = [];
      const runFor = async (untilEndSeconds: number) => {
        const q = spark.readStream.format("rate").option("rowsPerSecond", 20).option("rampUpTime", "2s").option("numPartitions", 2).load()
          .writeStream.foreachBatch((df, batch) => {
            for (const r of df.collect()) rows.push({ batch, ts: BigInt((r.timestamp as Date).getTime()) * 1000n, value: r.value as bigint });
          })
          .option("checkpointLocation", ckpt).trigger({ processingTime: "300 milliseconds" }).start();
        // Wait on the real condition (a batch that ended at or after the wanted second), bounded.
        const deadline = Date.now() + 30_000;
        const reached = () => q.recentProgress.some((p) => Number(p.sources[0]!.endOffset) >= untilEndSeconds);
        while (!reached() && q.isActive && Date.now() < deadline) await new Promise<void>((resolve) => setTimeout(resolve, 50));
        await q.stop();
        expect(q.exception()).toBeNull();
        expect(reached()).toBe(true);
        return q.recentProgress;
      };
      const first = await runFor(3);
      const startFile = readFileSync(join(ckpt, "sources", "0", "0"), "utf8");
      expect(startFile).toMatch(/^v1\n\d+$/);
      const creationMs = Number(startFile.slice(3));
      const second = await runFor(Number(first[first.length - 1]!.sources[0]!.endOffset) + 2);
      // The restart keeps the start time and goes on from the last committed second and batch id.
      expect(readFileSync(join(ckpt, "sources", "0", "0"), "utf8")).toBe(startFile);
      expect(second[0]!.batchId).toBe(first[first.length - 1]!.batchId + 1);
      expect(second[0]!.sources[0]!.startOffset).toBe(first[first.length - 1]!.sources[0]!.endOffset);

      const progress: StreamingQueryProgress[] = [...first, ...second];
      const v = (s: number) => Number(valueAtSecond(BigInt(s), 20n, 2n));
      for (const p of progress) {
        const src = p.sources[0]!;
        const start = src.startOffset === null ? 0 : Number(src.startOffset);
        const end = Number(src.endOffset);
        expect(p.numInputRows).toBe(v(end) - v(start));
        expect(src.description).toBe("RateStreamV2[rowsPerSecond=20, rampUpTimeSeconds=2, numPartitions=2");
        // Spark's formula for the timestamp of each value of this batch.
        const mine = rows.filter((r) => r.batch === p.batchId);
        expect(mine).toHaveLength(p.numInputRows);
        for (const r of mine) {
          const offset = Number(r.value) - v(start);
          const due = creationMs + start * 1000 + Math.round(offset * (((end - start) * 1000) / (v(end) - v(start))));
          expect(r.ts).toBe(BigInt(due) * 1000n);
        }
      }
      // Every value once, none missing, across both runs.
      const values = rows.map((r) => Number(r.value)).sort((a, b) => a - b);
      expect(values).toEqual(values.map((_, i) => i));
      expect(values.length).toBe(v(Number(progress[progress.length - 1]!.sources[0]!.endOffset)));
      // The offsets log holds Spark's LongOffset: the seconds, alone on the last line.
      const log = readFileSync(join(ckpt, "offsets", String(progress[1]!.batchId)), "utf8").split("\n");
      expect(log[log.length - 1]).toBe(String(progress[1]!.sources[0]!.endOffset));
    } finally {
      rmSync(ckpt, { recursive: true, force: true });
    }
  }, 90_000);
});

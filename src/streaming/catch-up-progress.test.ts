import { describe, expect, it } from "vitest";
import { CatchUpTracker, offsetPosition } from "./catch-up-progress.js";
import type { StreamingQueryProgress } from "./progress.js";

function batch(batchId: number, rows: number, start: unknown, end: unknown): StreamingQueryProgress {
  return {
    id: "q", runId: "r", name: "counts", timestamp: "2026-01-01T00:00:00.000Z", batchId, batchDuration: 10, numInputRows: rows,
    inputRowsPerSecond: 0, processedRowsPerSecond: 0, durationMs: {}, eventTime: {}, stateOperators: [],
    sources: [{ description: "KafkaV2[Subscribe[rides]]", startOffset: start, endOffset: end, latestOffset: end, numInputRows: rows, inputRowsPerSecond: 0, processedRowsPerSecond: 0 }],
    sink: { description: "MemorySink", numOutputRows: 0 },
  };
}

describe("processAllAvailable's progress", () => {
  it("reads one position out of numeric, Kafka and file offsets", () => {
    expect(offsetPosition(42)).toBe(42);
    expect(offsetPosition("17")).toBe(17);
    expect(offsetPosition({ rides: { "0": 1200, "1": 1300 } })).toBe(2500);
    expect(offsetPosition({ logOffset: 3 })).toBe(3);
    expect(offsetPosition(null)).toBeNull();
    expect(offsetPosition({ a: "x" })).toBeNull();
  });

  it("counts the batches and rows after the call and follows the offsets", () => {
    const before = batch(4, 500, { rides: { "0": 0 } }, { rides: { "0": 500 } });
    const t = new CatchUpTracker(before);
    expect(t.observe([before])).toBe(false);
    expect(t.detail()).toBe("waiting for the first batch");
    const b5 = batch(5, 500, { rides: { "0": 500 } }, { rides: { "0": 1000 } });
    const b6 = batch(6, 250, { rides: { "0": 1000 } }, { rides: { "0": 1250 } });
    expect(t.observe([before, b5])).toBe(true);
    expect(t.update()).toEqual({ done: 500, detail: "batch 5 · 1 batch · offsets 500 → 1,000" });
    expect(t.observe([before, b5, b6])).toBe(true);
    expect(t.observe([before, b5, b6])).toBe(false);
    expect(t.update()).toEqual({ done: 750, detail: "batch 6 · 2 batches · offsets 500 → 1,250" });
    expect(t.summary("counts", 1.23)).toBe("processed all available data of counts: 2 batches (5–6), 750 rows, offsets 500 → 1,250 in 1.2 s");
  });

  it("starts from the first batch's start offset when the query had run no batch, and says when there was nothing new", () => {
    const t = new CatchUpTracker(null);
    t.observe([batch(0, 3, 0, 3)]);
    expect(t.summary("q1", 0.04)).toBe("processed all available data of q1: batch 0, 3 rows, offsets 0 → 3 in 0.0 s");
    // A query's first batch reports no start offset (as Spark's): the start is not guessed from a later batch.
    const fresh = new CatchUpTracker(null);
    fresh.observe([batch(0, 100, null, { t: { "0": 100 } })]);
    fresh.observe([batch(0, 100, null, { t: { "0": 100 } }), batch(1, 100, { t: { "0": 100 } }, { t: { "0": 200 } })]);
    expect(fresh.detail()).toBe("batch 1 · 2 batches · offsets at 200");
    expect(fresh.summary("q1", 1)).toBe("processed all available data of q1: 2 batches (0–1), 200 rows, offsets at 200 in 1.0 s");
    expect(new CatchUpTracker(batch(9, 1, 0, 1)).summary("q1", 0.01)).toBe("processAllAvailable on q1: nothing new to process (0.0 s)");
  });
});

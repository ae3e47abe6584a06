import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { vectorFromValues, vectorToValues, type Batch } from "../physical/vector.js";
import { IntegerType, StructType } from "../types/data-types.js";
import type { Checkpoint } from "./checkpoint/checkpoint.js";
import type { BatchInput, BatchOutcome, IncrementalPlan } from "./incremental-plan.js";
import { ListenerBus } from "./listener.js";
import { MicroBatchExecution, type MicroBatchSpec } from "./micro-batch-execution.js";
import type { OffsetJson, ReadLimit, StreamSink, StreamSource } from "./source.js";
import type { Trigger } from "./trigger.js";

const SCHEMA = StructType([{ name: "t", dataType: IntegerType(), nullable: false }]);
const batchOf = (values: number[]): Batch => ({ schema: SCHEMA, columns: [vectorFromValues(IntegerType(), values)], numRows: values.length });

/** A source over an array that grows; the offset is the count of rows, at most `maxPerBatch` per batch. */
class ArraySource implements StreamSource {
  readonly description = "ArraySource";
  readonly schema = SCHEMA;
  readonly rows: number[] = [];
  constructor(private readonly maxPerBatch = Infinity) {}
  async latestOffset(start: OffsetJson | null, limit: ReadLimit): Promise<OffsetJson | null> {
    const from = start === null ? 0 : Number(start);
    const to = limit.all ? this.rows.length : Math.min(this.rows.length, from + this.maxPerBatch);
    return to === 0 ? null : String(to);
  }
  async getBatch(start: OffsetJson | null, end: OffsetJson): Promise<Batch[]> {
    return [batchOf(this.rows.slice(start === null ? 0 : Number(start), Number(end)))];
  }
  async commit(): Promise<void> {}
  async stop(): Promise<void> {}
}

/** The same, able to keep its read limit under availableNow (as Kafka and file sources are). */
class LimitedArraySource extends ArraySource {
  private cap = Infinity;
  override async latestOffset(start: OffsetJson | null, limit: ReadLimit): Promise<OffsetJson | null> {
    const end = await super.latestOffset(start, limit);
    return end === null ? null : String(Math.min(Number(end), this.cap));
  }
  async prepareForTriggerAvailableNow(): Promise<void> {
    this.cap = this.rows.length;
  }
}

/** An ArraySource that announces new rows, as a MemoryStream does (StreamSource.onNewData). */
class AnnouncingSource extends ArraySource {
  private readonly listeners = new Set<() => void>();
  push(...values: number[]): void {
    this.rows.push(...values);
    for (const l of this.listeners) l();
  }
  onNewData(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  get subscribers(): number {
    return this.listeners.size;
  }
}

/** A sink that records every batch id it is given and its rows. */
class RecordingSink implements StreamSink {
  readonly description = "RecordingSink";
  readonly batches: Array<{ batchId: number; rows: unknown[] }> = [];
  async addBatch(batchId: number, batches: readonly Batch[]): Promise<void> {
    this.batches.push({ batchId, rows: batches.flatMap((b) => vectorToValues(b.columns[0]!)) });
  }
}

/** Passes rows through; treats the value as an event time in seconds for one watermark of `delayMs`. */
function passThrough(options: { delayMs?: number; failAt?: number; stateful?: boolean } = {}): IncrementalPlan & { runs: BatchInput[] } {
  const runs: BatchInput[] = [];
  return {
    runs,
    fingerprint: { sources: ["ArraySource"], statefulOperators: [] },
    watermarkDelaysMs: options.delayMs === undefined ? [] : [options.delayMs],
    hasStatefulOperators: options.stateful === true,
    async runBatch(input: BatchInput): Promise<BatchOutcome> {
      runs.push(input);
      if (input.batchId === options.failAt) throw new Error(`boom in batch ${input.batchId}`);
      const output = input.inputs[0] ?? [];
      const values = output.flatMap((b) => vectorToValues(b.columns[0]!) as number[]);
      const max = values.length === 0 ? null : Math.max(...values) * 1000;
      return { output, schema: SCHEMA, eventTimeMaxMs: [max], eventTimeStats: null, stateOperators: [] };
    },
    async commitState(_b: number, _c: Checkpoint | null): Promise<void> {},
    async restoreState(): Promise<void> {},
  };
}

function execution(source: ArraySource | LimitedArraySource, plan: IncrementalPlan, sink: StreamSink, trigger: Trigger, checkpointLocation: string | null, pollingDelayMs = 5): MicroBatchExecution {
  const spec: MicroBatchSpec = { name: "test", sources: [source], plan, sink, trigger, checkpointLocation, conf: {}, listeners: new ListenerBus(), pollingDelayMs };
  return new MicroBatchExecution(spec);
}

async function runToEnd(e: MicroBatchExecution): Promise<void> {
  await e.initialize();
  await e.run();
}

describe("MicroBatchExecution", () => {
  it("with availableNow, reads everything in rate-limited batches numbered from 0, then stops", async () => {
    const source = new LimitedArraySource(2);
    source.rows.push(1, 2, 3, 4, 5);
    const sink = new RecordingSink();
    const e = execution(source, passThrough(), sink, { kind: "availableNow" }, null);
    await runToEnd(e);
    expect(sink.batches).toEqual([
      { batchId: 0, rows: [1, 2] },
      { batchId: 1, rows: [3, 4] },
      { batchId: 2, rows: [5] },
    ]);
    expect(e.isActive).toBe(false);
    expect(e.lastProgress?.batchId).toBe(2);
    expect(e.lastProgress?.numInputRows).toBe(1);
    expect(e.lastProgress?.sources[0]?.startOffset).toBe(4);
    expect(e.lastProgress?.sources[0]?.endOffset).toBe(5);
  });

  it("with availableNow, reads a source that cannot bound itself up to what is there at start, in one batch", async () => {
    const source = new ArraySource(2);
    source.rows.push(1, 2, 3);
    const sink = new RecordingSink();
    await runToEnd(execution(source, passThrough(), sink, { kind: "availableNow" }, null));
    expect(sink.batches).toEqual([{ batchId: 0, rows: [1, 2, 3] }]);
  });

  it("with once, reads all available data in one batch, ignoring the read limit", async () => {
    const source = new ArraySource(2);
    source.rows.push(1, 2, 3, 4, 5);
    const sink = new RecordingSink();
    await runToEnd(execution(source, passThrough(), sink, { kind: "once" }, null));
    expect(sink.batches).toEqual([{ batchId: 0, rows: [1, 2, 3, 4, 5] }]);
  });

  it("continues after the last committed batch when restarted on its checkpoint", async () => {
    const ckpt = mkdtempSync(join(tmpdir(), "kindling-mbe-"));
    const source = new ArraySource();
    source.rows.push(1, 2);
    const sink = new RecordingSink();
    await runToEnd(execution(source, passThrough(), sink, { kind: "availableNow" }, ckpt));
    source.rows.push(3);
    await runToEnd(execution(source, passThrough(), sink, { kind: "availableNow" }, ckpt));
    expect(sink.batches).toEqual([
      { batchId: 0, rows: [1, 2] },
      { batchId: 1, rows: [3] },
    ]);
    expect(readdirSync(join(ckpt, "offsets"))).toEqual(["0", "1"]);
    expect(readdirSync(join(ckpt, "commits"))).toEqual(["0", "1"]);
  });

  it("re-runs a failed batch with the same id and offsets on restart, and fails with the query's name", async () => {
    const ckpt = mkdtempSync(join(tmpdir(), "kindling-mbe-"));
    const source = new LimitedArraySource(2);
    source.rows.push(1, 2, 3, 4);
    const sink = new RecordingSink();
    const failing = execution(source, passThrough({ failAt: 1 }), sink, { kind: "availableNow" }, ckpt);
    await runToEnd(failing);
    expect(failing.exception?.message).toMatch(/^Query test \[id = .*, runId = .*\] terminated with exception in batch 1: boom in batch 1/);
    expect(readdirSync(join(ckpt, "offsets"))).toEqual(["0", "1"]);
    expect(readdirSync(join(ckpt, "commits"))).toEqual(["0"]);

    source.rows.push(5, 6, 7); // more data arrived meanwhile: batch 1 must still be exactly [3, 4]
    const plan = passThrough();
    await runToEnd(execution(source, plan, sink, { kind: "availableNow" }, ckpt));
    expect(plan.runs[0]?.batchId).toBe(1);
    expect(sink.batches).toEqual([
      { batchId: 0, rows: [1, 2] },
      { batchId: 1, rows: [3, 4] },
      { batchId: 2, rows: [5, 6] },
      { batchId: 3, rows: [7] },
    ]);
  });

  it("refuses a checkpoint of a different query", async () => {
    const ckpt = mkdtempSync(join(tmpdir(), "kindling-mbe-"));
    const source = new ArraySource();
    source.rows.push(1);
    await runToEnd(execution(source, passThrough(), new RecordingSink(), { kind: "once" }, ckpt));
    const other = { ...passThrough(), fingerprint: { sources: ["ArraySource"], statefulOperators: ["aggregate(count)"] } };
    await expect(execution(source, other, new RecordingSink(), { kind: "once" }, ckpt).initialize()).rejects.toThrow(/belongs to a different query: it has 0 stateful operator\(s\) and this query has 1/);
  });

  it("advances the watermark at the end of a batch, for the next batch, never backwards", async () => {
    const source = new LimitedArraySource(1);
    source.rows.push(100, 300, 200); // event times in seconds; delay 50 s
    const plan = passThrough({ delayMs: 50_000 });
    const e = execution(source, plan, new RecordingSink(), { kind: "availableNow" }, null);
    await runToEnd(e);
    expect(plan.runs.map((r) => r.watermarkMs)).toEqual([0, 50_000, 250_000]);
    expect(e.currentWatermarkMs).toBe(250_000);
    expect(e.lastProgress?.eventTime["watermark"]).toBe("1970-01-01T00:04:10.000Z");
  });

  it("runs a batch without data when stateful operators may evict after the watermark moved", async () => {
    const source = new ArraySource();
    source.rows.push(100);
    const plan = passThrough({ delayMs: 10_000, stateful: true });
    await runToEnd(execution(source, plan, new RecordingSink(), { kind: "availableNow" }, null));
    expect(plan.runs.map((r) => [r.batchId, r.inputs[0]?.length ?? 0, r.watermarkMs])).toEqual([
      [0, 1, 0],
      [1, 0, 90_000],
    ]);
  });

  it("processAllAvailable waits for data pushed before it, and stop ends a running query", async () => {
    const source = new ArraySource();
    const sink = new RecordingSink();
    const e = execution(source, passThrough(), sink, { kind: "default" }, null);
    await e.initialize();
    const running = e.run();
    source.rows.push(1, 2);
    await e.processAllAvailable();
    expect(sink.batches.flatMap((b) => b.rows)).toEqual([1, 2]);
    source.rows.push(3);
    await e.processAllAvailable();
    expect(sink.batches.flatMap((b) => b.rows)).toEqual([1, 2, 3]);
    await e.stop();
    await running;
    expect(e.isActive).toBe(false);
    expect(e.exception).toBeNull();
  });

  it("an idle query under the default trigger plans at once when its source announces data, instead of at its next poll", async () => {
    const source = new AnnouncingSource();
    const sink = new RecordingSink();
    // A poll of a minute: only the announcement can start these batches within the test's time.
    const e = execution(source, passThrough(), sink, { kind: "default" }, null, 60_000);
    await e.initialize();
    const running = e.run();
    for (let i = 1; i <= 3; i++) {
      for (let w = 0; w < 100 && e.status.message !== "Waiting for data to arrive"; w++) await new Promise((r) => setTimeout(r, 5));
      const t0 = performance.now();
      source.push(i);
      for (let w = 0; w < 400 && sink.batches.length < i; w++) await new Promise((r) => setTimeout(r, 5));
      expect(sink.batches.length).toBe(i);
      expect(performance.now() - t0).toBeLessThan(2_000);
    }
    expect(sink.batches.map((b) => b.rows)).toEqual([[1], [2], [3]]);
    expect(source.subscribers).toBe(1);
    await e.stop();
    await running;
    expect(source.subscribers).toBe(0);
  });

  it("a processingTime trigger keeps its interval when a source announces data", async () => {
    const source = new AnnouncingSource();
    const sink = new RecordingSink();
    const e = execution(source, passThrough(), sink, { kind: "processingTime", intervalMs: 60_000 }, null);
    await e.initialize();
    const running = e.run();
    for (let w = 0; w < 100 && e.status.message !== "Waiting for data to arrive"; w++) await new Promise((r) => setTimeout(r, 5));
    source.push(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.batches).toEqual([]);
    await e.stop();
    await running;
  });
});

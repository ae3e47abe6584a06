import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../../connectors/memory/memory-stream.js";
import * as F from "../../expr/functions.js";
import { SparkSession } from "../../session/spark-session.js";
import type { StreamingQueryProgress } from "../../streaming/progress.js";
import { parseSchemaDDL } from "../../types/ddl.js";
import type { DisplaySink, MimeBundle } from "./kernel-output.js";
import { LiveDisplay } from "./live-display.js";
import { displayQuery } from "./query-display.js";
import { queryPanelBundle, type QuerySnapshot } from "./query-panel.js";
import { sparklineSvg } from "./sparkline.js";

let spark: SparkSession;
beforeAll(() => {
  spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
});
afterAll(() => spark.conf.unset("spark.sql.session.timeZone"));

const HOSTILE = `<script>alert("x")</script>&'`;

function progress(batchId: number, over: Partial<StreamingQueryProgress> = {}): StreamingQueryProgress {
  return {
    id: "q-id", runId: "run-id", name: "counts", timestamp: "2026-01-01T00:00:00.000Z", batchId, batchDuration: 120,
    numInputRows: 1000, inputRowsPerSecond: 2500, processedRowsPerSecond: 8333.3, durationMs: {}, eventTime: {},
    stateOperators: [], sources: [], sink: { description: "MemorySink", numOutputRows: 4 }, ...over,
  };
}

function snapshot(over: Partial<QuerySnapshot> = {}): QuerySnapshot {
  return {
    name: "counts", id: "0123456789abcdef", runId: "run-id", isActive: true,
    status: { message: "Processing new data", isDataAvailable: true, isTriggerActive: true }, progress: [], error: null, ...over,
  };
}

/** A sink that keeps what it is given. */
function recorder(): DisplaySink & { calls: { bundle: MimeBundle; displayId?: string; update?: boolean; final?: boolean }[] } {
  const calls: { bundle: MimeBundle; displayId?: string; update?: boolean; final?: boolean }[] = [];
  return { calls, publish: (bundle, o) => calls.push({ bundle, ...o }) };
}

describe("queryPanelBundle", () => {
  it("shows status, the last batch's numbers, watermark, state rows and a sparkline", () => {
    const p = [progress(0, { processedRowsPerSecond: 100 }), progress(1, {
      eventTime: { watermark: "2020-07-01T00:10:00.000Z" },
      stateOperators: [{ numRowsTotal: 7 } as never, { numRowsTotal: 5 } as never],
    })];
    const b = queryPanelBundle(snapshot({ progress: p }));
    const html = b["text/html"];
    expect(html).toContain(`data-state="active"`);
    expect(html).toContain("<b>streaming query counts</b>");
    expect(html).toContain("<td>Processing new data</td>");
    expect(html).toContain("<td>1 (1,000 input → 4 output rows)</td>");
    expect(html).toContain(`<td class="kd-label">input rows/s</td><td>2,500</td>`);
    expect(html).toContain(`<td class="kd-label">processed rows/s</td><td>8,333</td>`);
    expect(html).toContain(`<td class="kd-label">batch duration</td><td>120 ms</td>`);
    expect(html).toContain(`<td class="kd-label">watermark</td><td>2020-07-01T00:10:00.000Z</td>`);
    expect(html).toContain(`<td class="kd-label">state rows</td><td>12</td>`);
    expect(html).toContain("<svg class=\"kd-sparkline\"");
    expect(html).toContain("batches 0–1");
    expect(b["text/plain"]).toBe([
      "streaming query counts [active]",
      "  status            Processing new data",
      "  batch             1 (1,000 input → 4 output rows)",
      "  input rows/s      2,500",
      "  processed rows/s  8,333",
      "  batch duration    120 ms",
      "  watermark         2020-07-01T00:10:00.000Z",
      "  state rows        12",
    ].join("\n"));
  });

  it("before the first batch, and after a failure with the error escaped", () => {
    const before = queryPanelBundle(snapshot({ name: null }));
    expect(before["text/html"]).toContain("streaming query 01234567");
    expect(before["text/plain"]).toContain("no batch yet");
    expect(before["text/html"]).not.toContain("<svg");
    const failed = queryPanelBundle(snapshot({ name: HOSTILE, isActive: false, error: `boom ${HOSTILE}`, progress: [progress(0)] }));
    expect(failed["text/html"]).toContain(`data-state="failed"`);
    expect(failed["text/html"]).toContain(`<pre class="kd-error">boom &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</pre>`);
    expect(failed["text/html"]).not.toContain("<script");
    expect(failed["text/plain"]).toContain(`error: boom ${HOSTILE}`);
  });

  it("shows the output table, or why it could not be read", () => {
    const model = { columns: [{ name: "k", type: "int", numeric: true }], rows: [["1"]], totalRows: 1 };
    expect(queryPanelBundle(snapshot({ output: { title: "counts", model } }))["text/html"]).toContain(`<div class="kd-caption">counts: 1 row</div>`);
    const bad = queryPanelBundle(snapshot({ output: { title: "counts", error: HOSTILE } }));
    expect(bad["text/html"]).toContain("counts: not readable: &lt;script&gt;");
  });
});

describe("sparklineSvg", () => {
  it("scales to the maximum, marks the last point, survives empty and non-finite input", () => {
    const svg = sparklineSvg([0, 50, 100], { width: 100, height: 20, label: "rows/s" });
    expect(svg).toContain(`points="2,18 50,10 98,2"`);
    expect(svg).toContain(`<circle cx="98" cy="2"`);
    expect(svg).toContain("<title>rows/s: last 100, max 100</title>");
    expect(sparklineSvg([])).not.toContain("polyline");
    expect(sparklineSvg([Number.NaN, Infinity, 3])).toContain("polyline");
    expect(sparklineSvg([1], { label: HOSTILE })).not.toContain("<script");
  });
});

describe("displayQuery (live panel)", () => {
  it("updates in place as batches run, ends with the final state, and clears its timer", async () => {
    const input = new MemoryStream(parseSchemaDDL("k INT"));
    const counts = input.toDF(spark).groupBy("k").agg(F.count("*").alias("n"));
    const q = counts.writeStream.format("memory").queryName("panel_counts").outputMode("complete").start();
    const sink = recorder();
    const panel = displayQuery(q, { sink, output: spark.table("panel_counts").orderBy("k"), outputTitle: "panel_counts" });
    expect(sink.calls).toHaveLength(1);
    const id = sink.calls[0]!.displayId;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(sink.calls[0]!.update).toBeUndefined();

    input.addData([[1], [2], [2]]);
    await q.processAllAvailable();
    await waitFor(() => sink.calls.some((c) => String(c.bundle["text/plain"]).includes("batch             0")));
    input.addData([[3]]);
    await q.processAllAvailable();
    await q.stop();
    await panel.done;
    expect(panel.isLive).toBe(false);
    const last = sink.calls.at(-1)!;
    expect(last).toMatchObject({ displayId: id, update: true, final: true });
    expect(String(last.bundle["text/html"])).toContain(`data-state="stopped"`);
    expect(String(last.bundle["text/plain"])).toContain("batch             1 (1 input → 3 output rows)");
    expect(String(last.bundle["text/plain"])).toMatch(/panel_counts:\nk\s+n\n1\s+1\n2\s+2\n3\s+1\n3 rows/);
    expect(sink.calls.slice(1).every((c) => c.displayId === id && c.update === true)).toBe(true);
    // No more updates after the end: the timer is gone.
    const n = sink.calls.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(sink.calls.length).toBe(n);
  });

  it("updates at most four times a second, and only when something changed", async () => {
    let batch = 0;
    let active = true;
    let end!: () => void;
    const ended = new Promise<void>((r) => (end = r));
    const query = { get isActive() { return active; }, awaitTermination: async () => { await ended; return true; } };
    const sink = recorder();
    const live = new LiveDisplay(query, () => ({ "text/plain": `batch ${batch}` }), () => String(batch), { sink, intervalMs: 10 });
    const timer = setInterval(() => (batch += 1), 5);
    await new Promise((r) => setTimeout(r, 1100));
    clearInterval(timer);
    const updates = sink.calls.length - 1;
    expect(updates).toBeGreaterThanOrEqual(3);
    expect(updates).toBeLessThanOrEqual(5); // 1.1 s at 250 ms at most, though the key changed every 5 ms
    await new Promise((r) => setTimeout(r, 300)); // one tick may still carry the last change
    const before = sink.calls.length;
    await new Promise((r) => setTimeout(r, 600)); // nothing changes: no update
    expect(sink.calls.length).toBe(before);
    active = false;
    end();
    await live.done;
    expect(sink.calls.at(-1)).toMatchObject({ update: true, final: true });
  });

  it("shows a query that has already ended once, without a timer", async () => {
    const input = new MemoryStream(parseSchemaDDL("k INT"));
    input.addData([[1]]);
    const q = input.toDF(spark).writeStream.format("memory").queryName("panel_done").trigger({ availableNow: true }).start();
    await q.awaitTermination();
    const sink = recorder();
    const panel = displayQuery(q, { sink });
    await panel.done;
    expect(sink.calls.map((c) => c.update ?? false)).toEqual([false, true]);
    expect(String(sink.calls[1]!.bundle["text/plain"])).toContain("[stopped]");
  });

  it("shows a failed query's error", async () => {
    const input = new MemoryStream(parseSchemaDDL("s STRING"));
    spark.conf.set("spark.sql.ansi.enabled", true);
    const q = input.toDF(spark).select(F.col("s").cast("int").alias("n")).writeStream.format("memory").queryName("panel_fails").start();
    const sink = recorder();
    const panel = displayQuery(q, { sink });
    input.addData([["not a number"]]);
    await q.awaitTermination().catch(() => undefined);
    await panel.done;
    spark.conf.unset("spark.sql.ansi.enabled");
    const last = sink.calls.at(-1)!;
    expect(String(last.bundle["text/html"])).toContain(`data-state="failed"`);
    expect(String(last.bundle["text/html"])).toContain(`<pre class="kd-error">Query panel_fails`);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

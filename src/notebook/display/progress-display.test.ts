import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setProgressReporter, startProgress } from "../../common/progress.js";
import type { DisplaySink, MimeBundle } from "./kernel-output.js";
import { installNotebookProgress, notebookProgressReporter, ProgressDisplay } from "./progress-display.js";
import { formatElapsed, progressBundle, progressFraction, progressText, textBar, type ProgressState } from "./progress-format.js";

type Call = { bundle: MimeBundle; displayId?: string; update?: boolean; final?: boolean };
function recorder(): DisplaySink & { calls: Call[] } {
  const calls: Call[] = [];
  return { calls, publish: (bundle, o) => calls.push({ bundle, ...o }) };
}
const textOf = (c: Call | undefined): string => String(c?.bundle["text/plain"]);
const htmlOf = (c: Call | undefined): string => String(c?.bundle["text/html"]);

const running = (over: Partial<ProgressState> = {}): ProgressState => ({ title: "producing to rides", unit: "records", phase: "running", done: 0, elapsedMs: 0, ...over });

describe("progress formatting", () => {
  it("formats elapsed time, fractions and the text bar", () => {
    expect([0, 850, 999, 1000, 3210, 9999, 12_400, 59_999, 60_000, 125_500].map(formatElapsed)).toEqual([
      "0 ms", "850 ms", "999 ms", "1.0 s", "3.2 s", "9.9 s", "12 s", "59 s", "1 min 00 s", "2 min 05 s",
    ]);
    expect(formatElapsed(-1)).toBe("–");
    expect(progressFraction({ phase: "running", done: 5, total: 10 })).toBe(0.5);
    expect(progressFraction({ phase: "running", done: 15, total: 10 })).toBe(1);
    expect(progressFraction({ phase: "running", done: 5 })).toBeNull();
    expect(progressFraction({ phase: "running", done: 5, total: 0 })).toBeNull();
    expect(progressFraction({ phase: "done", done: 5 })).toBe(1);
    expect(textBar(0.5, 10)).toBe("[#####.....]");
    expect(textBar(0.99, 10)).toBe("[#########.]");
    expect(textBar(null, 4)).toBe("[????]");
  });

  it("shows a running operation with and without a total", () => {
    expect(progressText(running({ done: 45_000, total: 100_000, elapsedMs: 1200 }))).toBe(
      "producing to rides [#########...........]   45%  45,000 / 100,000 records, 1.2 s, 37,500 records/s",
    );
    expect(progressText(running({ done: 0, elapsedMs: 0 }))).toBe("producing to rides  0 records, 0 ms");
    expect(progressText(running({ title: "processAllAvailable on counts", unit: "rows", done: 1500, elapsedMs: 500, detail: "batch 3 · 3 batches" }))).toBe(
      "processAllAvailable on counts  1,500 rows, 500 ms, 3,000 rows/s\n  batch 3 · 3 batches",
    );
  });

  it("shows only the time and the phase for an operation without a unit (phases)", () => {
    expect(progressText(running({ title: "compare", unit: "", done: 2, elapsedMs: 1500, detail: "starting a PySpark driver" }))).toBe("compare  1.5 s\n  starting a PySpark driver");
  });

  it("keeps the summary when done and the error when failed", () => {
    const done = progressBundle({ ...running({ done: 100_000, total: 100_000, elapsedMs: 3200 }), phase: "done", summary: "produced 100,000 records to rides_csv in 3.2 s" });
    expect(done["text/plain"]).toBe("produced 100,000 records to rides_csv in 3.2 s");
    expect(done["text/html"]).toContain('data-state="done"');
    expect(done["text/html"]).toContain("✓ produced 100,000 records to rides_csv in 3.2 s");
    const failed = progressBundle({ ...running({ done: 10, elapsedMs: 2500 }), phase: "failed", summary: "broker <gone> & away" });
    expect(failed["text/plain"]).toBe("producing to rides failed after 2.5 s: broker <gone> & away");
    expect(failed["text/html"]).toContain('data-state="failed"');
    expect(failed["text/html"]).toContain("broker &lt;gone&gt; &amp; away");
  });

  it("draws an HTML bar, its width the fraction done, and escapes what it shows", () => {
    const html = String(progressBundle(running({ title: "producing to <t>", done: 250, total: 1000, elapsedMs: 1000 }))["text/html"]);
    expect(html).toContain('class="kindling-display kindling-progress" data-state="running" data-done="250" data-total="1000"');
    expect(html).toContain('<span class="kd-bar-fill" style="width:25.0%"></span>');
    expect(html).toContain('aria-valuenow="25"');
    expect(html).toContain("<b>producing to &lt;t&gt;</b>");
    expect(html).toContain("25% · 250 / 1,000 records, 1.0 s, 250 records/s");
    expect(String(progressBundle(running({ done: 5, elapsedMs: 10 }))["text/html"])).toContain("kd-bar-unknown");
  });
});

describe("ProgressDisplay", () => {
  let clock = 0;
  const now = (): number => clock;
  beforeEach(() => {
    clock = 1000;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());
  const advance = (ms: number): void => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };

  it("shows at once, then updates in place under one display id, at most once per interval", () => {
    const sink = recorder();
    const p = new ProgressDisplay({ title: "producing to rides", unit: "records", total: 1000 }, { sink, now, intervalMs: 250 });
    expect(sink.calls).toHaveLength(1);
    expect(sink.calls[0]).toMatchObject({ displayId: p.displayId, update: false, final: false });
    expect(textOf(sink.calls[0])).toContain("0 / 1,000 records");

    // 100 reports within 100 ms: none sent now, the latest one at the end of the interval.
    for (let i = 1; i <= 100; i++) {
      advance(1);
      p.update({ done: i * 5, total: 1000 });
    }
    expect(sink.calls).toHaveLength(1);
    advance(150);
    expect(sink.calls).toHaveLength(2);
    expect(sink.calls[1]).toMatchObject({ displayId: p.displayId, update: true, final: false });
    expect(textOf(sink.calls[1])).toContain("500 / 1,000 records");
    // Nothing new, nothing sent.
    advance(1000);
    expect(sink.calls).toHaveLength(2);
    // A report after a quiet interval goes out at once.
    p.update({ done: 600 });
    expect(sink.calls).toHaveLength(3);
    expect(textOf(sink.calls[2])).toContain(" 60%  600 / 1,000 records");

    // Over 2 s of reports every 10 ms: 8 updates (4 a second), never more.
    for (let i = 0; i < 200; i++) {
      advance(10);
      p.update({ done: 600 + i });
    }
    const sent = sink.calls.length - 3;
    expect(sent).toBeGreaterThanOrEqual(7);
    expect(sent).toBeLessThanOrEqual(8);
    p.finish("produced 1,000 records to rides in 3.2 s", { done: 1000 });
    const last = sink.calls.at(-1);
    expect(last).toMatchObject({ displayId: p.displayId, update: true, final: true });
    expect(textOf(last)).toBe("produced 1,000 records to rides in 3.2 s");
    expect(new Set(sink.calls.map((c) => c.displayId))).toEqual(new Set([p.displayId]));
  });

  it("sends the final state at once, drops a pending update, and ignores reports after the end", () => {
    const sink = recorder();
    const p = new ProgressDisplay({ title: "t", unit: "rows" }, { sink, now });
    advance(10);
    p.update({ done: 1 }); // throttled: a timer is pending
    advance(10);
    p.fail("boom");
    expect(sink.calls.map((c) => [c.update, c.final])).toEqual([[false, false], [true, true]]);
    expect(textOf(sink.calls[1])).toBe("t failed after 20 ms: boom");
    advance(1000);
    p.update({ done: 2 });
    p.finish("late");
    expect(sink.calls).toHaveLength(2);
    expect(p.published).toBe(2);
  });

  it("with showAfterMs, shows nothing for quick work and the latest state once slow work outlasts the delay", () => {
    const quick = recorder();
    const q = new ProgressDisplay({ title: "processAllAvailable on counts", unit: "rows", showAfterMs: 500 }, { sink: quick, now });
    advance(100);
    q.update({ done: 10 });
    advance(100);
    q.finish("processed all available data of counts: batch 3, 10 rows in 0.2 s");
    advance(1000);
    expect(quick.calls).toEqual([]);
    expect(q.isHidden).toBe(true);

    const slow = recorder();
    const p = new ProgressDisplay({ title: "processAllAvailable on counts", unit: "rows", showAfterMs: 500 }, { sink: slow, now });
    advance(300);
    p.update({ done: 10, detail: "batch 3" });
    expect(slow.calls).toEqual([]);
    advance(200);
    expect(slow.calls).toHaveLength(1);
    expect(slow.calls[0]).toMatchObject({ displayId: p.displayId, update: false });
    expect(textOf(slow.calls[0])).toBe("processAllAvailable on counts  10 rows, 500 ms, 20 rows/s\n  batch 3");
    advance(300);
    p.update({ done: 20, detail: "batch 4" });
    p.finish("processed all available data of counts: 2 batches (3–4), 20 rows in 0.8 s");
    expect(slow.calls.map((c) => [c.update, c.final])).toEqual([[false, false], [true, false], [true, true]]);
    expect(textOf(slow.calls.at(-1))).toBe("processed all available data of counts: 2 batches (3–4), 20 rows in 0.8 s");
  });

  it("stops updating when the sink throws (the kernel went away), without throwing", () => {
    let fail = false;
    const calls: Call[] = [];
    const sink: DisplaySink = {
      publish: (bundle, o) => {
        if (fail) throw new Error("socket closed");
        calls.push({ bundle, ...o });
      },
    };
    const p = new ProgressDisplay({ title: "t", unit: "rows" }, { sink, now });
    fail = true;
    advance(300);
    expect(() => p.update({ done: 1 })).not.toThrow();
    fail = false;
    p.finish("done");
    expect(calls).toHaveLength(1);
  });
});

describe("the notebook progress reporter", () => {
  it("shows nothing outside a tslab kernel (a plain Node process, kindling run)", () => {
    const previous = setProgressReporter(null);
    try {
      installNotebookProgress();
      expect(notebookProgressReporter({ title: "t", unit: "rows" })).toBeNull();
      const task = startProgress({ title: "t", unit: "rows" });
      expect(task.shown).toBe(false);
      task.update({ done: 1 });
      task.finish("done");
    } finally {
      setProgressReporter(previous);
    }
  });

  it("never lets a failing reporter fail the work", () => {
    const previous = setProgressReporter(() => {
      throw new Error("display broke");
    });
    try {
      expect(startProgress({ title: "t", unit: "rows" }).shown).toBe(false);
    } finally {
      setProgressReporter(previous);
    }
  });
});

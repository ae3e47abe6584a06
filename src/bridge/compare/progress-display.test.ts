import { describe, expect, it } from "vitest";
import { ProgressDisplay } from "./progress-display.js";

function sink(isTTY: boolean): { out: { write(t: string): boolean; isTTY: boolean; columns: number }; text: () => string } {
  let text = "";
  return { out: { write: (t: string) => ((text += t), true), isTTY, columns: 60 }, text: () => text };
}

describe("the compare progress display", () => {
  it("off a terminal: one plain line per phase and note, a reminder every plainEveryMs, no control characters", () => {
    let now = 0;
    const s = sink(false);
    const p = new ProgressDisplay(s.out, { now: () => now, plainEveryMs: 10_000 });
    let batches = 0;
    p.phase("query 1/1 (stream, update): Spark running", () => `${batches} batches written`);
    now = 4_000;
    p.tick(); // too soon for a reminder
    now = 10_500;
    batches = 2;
    p.tick();
    p.note("Spark is up (app-1, 12000 ms)");
    p.done();
    expect(s.text()).toBe(
      "[compare] query 1/1 (stream, update): Spark running\n" +
        "[compare] query 1/1 (stream, update): Spark running (10 s, 2 batches written)\n" +
        "[compare] Spark is up (app-1, 12000 ms)\n",
    );
    expect(s.text()).not.toMatch(/[\r\x1b]/);
  });

  it("on a terminal: one status line redrawn in place, notes above it, cleared at the end", () => {
    let now = 0;
    const s = sink(true);
    const p = new ProgressDisplay(s.out, { now: () => now });
    p.phase("starting the PySpark driver");
    now = 3_000;
    p.tick();
    p.note("Spark is up");
    p.done();
    const text = s.text();
    expect(text).not.toContain("[compare]");
    expect(text).toContain("\r\x1b[2K⠋ starting the PySpark driver (0 s)");
    expect(text).toContain("\r\x1b[2K⠙ starting the PySpark driver (3 s)");
    expect(text).toContain("\r\x1b[2KSpark is up\n");
    expect(text.endsWith("\r\x1b[2K")).toBe(true);
    // Never wider than the terminal.
    p.phase("x".repeat(200));
    p.done();
    const last = s.text().split("\r\x1b[2K").find((l) => / x{10}/.test(l))!;
    expect(last.length).toBeLessThanOrEqual(59);
  });
});

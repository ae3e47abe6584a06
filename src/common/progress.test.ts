import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { phasedProgress, setProgressReporter, startProgress, type ProgressTask, type ProgressUpdate } from "./progress.js";

/** A task that records what it is told. */
function recordingTask(): ProgressTask & { log: string[] } {
  const log: string[] = [];
  return {
    shown: true,
    log,
    update: (u: ProgressUpdate) => log.push(`update ${u.done} ${u.detail ?? ""}`),
    finish: (s: string) => log.push(`finish ${s}`),
    fail: (m: string) => log.push(`fail ${m}`),
  };
}

describe("progress reporting", () => {
  it("is a no-op until a reporter is installed, and uses the installed one", () => {
    const previous = setProgressReporter(null);
    try {
      expect(startProgress({ title: "t", unit: "rows" }).shown).toBe(false);
      const task = recordingTask();
      setProgressReporter(() => task);
      expect(startProgress({ title: "t", unit: "rows" })).toBe(task);
      setProgressReporter(() => null);
      expect(startProgress({ title: "t", unit: "rows" }).shown).toBe(false);
    } finally {
      setProgressReporter(previous);
    }
  });

  describe("phasedProgress", () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it("reports each phase, re-reads a phase's detail while it lasts, and keeps notes for the end", () => {
      const task = recordingTask();
      const p = phasedProgress(task, 250);
      let batches = 0;
      p.phase("starting the Spark driver");
      p.note("Spark is up (app-1)");
      p.phase("query 1: Spark running", () => `${batches} batches written`);
      batches = 2;
      vi.advanceTimersByTime(250);
      p.phase("comparing 4 and 4 rows");
      vi.advanceTimersByTime(1000); // no detail: nothing re-sent
      p.finish("agree: 4 rows match");
      expect(task.log).toEqual([
        "update 1 starting the Spark driver",
        "update 2 query 1: Spark running · 0 batches written",
        "update 2 query 1: Spark running · 2 batches written",
        "update 3 comparing 4 and 4 rows",
        "finish agree: 4 rows match\n  Spark is up (app-1)",
      ]);
    });

    it("stops polling on failure", () => {
      const task = recordingTask();
      const p = phasedProgress(task, 100);
      p.phase("running", () => "x");
      p.fail("boom");
      vi.advanceTimersByTime(1000);
      expect(task.log).toEqual(["update 1 running · x", "fail boom"]);
    });
  });
});

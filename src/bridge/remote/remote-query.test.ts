import { describe, expect, it } from "vitest";
import type { DriverReply, RemoteSparkDriver } from "./remote-driver.js";
import { FOLLOW_POLL_MS, RemoteQueryExecution } from "./remote-query.js";

/**
 * How the handle of a query on Spark reads its state: a blocking round trip per read, except while
 * processAllAvailable() waits, when reads come from a state refreshed in the background without
 * blocking. The driver here is a recording stand-in (the calls it gets are what is tested; the
 * real driver is exercised by test/bridge/remote-session.test.ts and test/notebook/progress.test.ts).
 */
function state(batchId: number | null): DriverReply {
  const progress = batchId === null ? null : { batchId, numInputRows: 10, sources: [] };
  return { id: "q1", runId: "r1", name: "q", isActive: true, status: {}, lastProgress: progress, recentProgress: progress === null ? [] : [progress], exception: null };
}

function stubDriver() {
  const calls: string[] = [];
  let batch = 0;
  let finishCatchUp: (() => void) | undefined;
  const driver = {
    requestSync(body: Record<string, unknown>): DriverReply {
      calls.push(`sync ${String(body["what"])}`);
      return state(batch);
    },
    request(body: Record<string, unknown>): Promise<DriverReply> {
      const what = String(body["what"]);
      calls.push(`async ${what}`);
      if (what === "await") return new Promise(() => undefined); // the query never ends here
      if (what === "processAllAvailable") return new Promise((r) => (finishCatchUp = () => r(state(batch))));
      batch += 1; // Spark ran a batch since the last look
      return Promise.resolve(state(batch));
    },
  };
  return { driver: driver as unknown as RemoteSparkDriver, calls, finish: () => finishCatchUp!() };
}

describe("a query on Spark, read while processAllAvailable() waits", () => {
  it("reads without blocking round trips, from a state polled in the background, and blocks again afterwards", async () => {
    const { driver, calls, finish } = stubDriver();
    const q = new RemoteQueryExecution(driver, state(null));
    expect(q.lastProgress?.batchId).toBe(0);
    expect(calls).toEqual(["async await", "sync state"]);
    calls.length = 0;

    const catchUp = q.processAllAvailable();
    expect(q.lastProgress?.batchId, "the last state, at once").toBe(0);
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS * 2.5));
    const polled = q.recentProgress.map((p) => p.batchId);
    expect(polled[0]).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => c.startsWith("sync")), "no blocking read while catching up").toEqual([]);
    expect(calls.filter((c) => c === "async state").length).toBeGreaterThanOrEqual(2);

    finish();
    await catchUp;
    const polls = calls.filter((c) => c === "async state").length;
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS * 2));
    expect(calls.filter((c) => c === "async state").length, "polling stops with the call").toBeLessThanOrEqual(polls + 1);
    expect(q.isActive).toBe(true);
    expect(calls.at(-1), "reads are round trips again").toBe("sync state");
  });
});

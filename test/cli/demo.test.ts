import { describe, expect, it } from "vitest";
import { cli } from "../support/cli.js";
import { requireKafka } from "../support/stack.js";

/** The README's main job, through the real CLI against the stack's broker. */
describe("kindling demo", () => {
  it("runs the course's streaming job over the rides it produced, and shows what reached the output topic", async () => {
    await requireKafka();
    const run = `${process.pid}-${Date.now()}`;
    const result = await cli(["demo", "--count", "800", "--topic", `kindling-demo-in-${run}`, "--output", `kindling-demo-out-${run}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("== the parsed rides (append mode, console) ==\n-------------------------------------------\nBatch: 0\n");
    expect(result.stdout).toContain("|vendor_id|tpep_pickup_datetime|tpep_dropoff_datetime|passenger_count|trip_distance|payment_type|total_amount|");
    // The complete-mode table counts every ride once, across vendors (NULL for an empty VendorID).
    const counts = [...result.stdout.matchAll(/^\|\s*(NULL|\d+)\|\s*(\d+)\|$/gm)].map((m) => Number(m[2]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(800);
    const done = /demo done: 800 rides in, (\d+) windowed counts out/.exec(result.stdout);
    expect(done).not.toBeNull();
    expect(Number(done![1])).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/== what arrived on kindling-demo-out-\S+ \(first 10 of \d+\) ==\n {2}key: \d, value: \d+\n/);
    await cli(["topics", "delete", `kindling-demo-in-${run}`]);
    await cli(["topics", "delete", `kindling-demo-out-${run}`]);
  });
});

import { describe, expect, it } from "vitest";
import { cli } from "../support/cli.js";
import { requireKafka } from "../support/stack.js";

/** The README's main job, through the real CLI against the stack's broker. */
describe("kindling demo", () => {
  it("produces rides and reads exactly those back, with a count per vendor", async () => {
    await requireKafka();
    const topic = `kindling-demo-${process.pid}-${Date.now()}`;
    const result = await cli(["demo", "--count", "500", "--topic", topic]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("round trip OK: produced 500, read back 500");
    const perVendor = [...result.stdout.matchAll(/^ {2}(\(empty\)|\d+)\s+(\d+)$/gm)].map((m) => Number(m[2]));
    expect(perVendor.reduce((a, b) => a + b, 0)).toBe(500);
    await cli(["topics", "delete", topic]);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateRides } from "../../src/datagen/rides.js";
import { RIDES_CSV_HEADER } from "../../src/datagen/ride-columns.js";
import { cli } from "../support/cli.js";
import { requireKafka } from "../support/stack.js";

const topic = `kindling-cli-${process.pid}-${Date.now()}`;

/** The course's producer and consumer, and topic admin, through the real CLI and broker. */
describe("kindling produce / consume / topics", () => {
  it("creates and describes a topic", async () => {
    const bootstrap = await requireKafka();
    const created = await cli(["topics", "create", topic, "--partitions", "3", "-b", bootstrap]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`created ${topic} with 3 partition(s)`);
    const listed = await cli(["topics", "list", "-b", bootstrap]);
    expect(listed.stdout.split("\n")).toContain(topic);
  });

  it("produces a CSV file as the course's producer does and consumes it back", async () => {
    const bootstrap = await requireKafka();
    const rows = [...generateRides({ count: 50, seed: 3 })];
    const file = join(mkdtempSync(join(tmpdir(), "kindling-cli-")), "rides.csv");
    writeFileSync(file, [RIDES_CSV_HEADER, ...rows.map((r) => r.join(","))].join("\n") + "\n");

    const produced = await cli(["produce", "--topic", topic, "--file", file, "-b", bootstrap]);
    expect(produced.code, produced.stderr).toBe(0);
    expect(produced.stderr).toContain(`produced 50 records to ${topic}`);

    const consumed = await cli(["consume", "--topic", topic, "--from-beginning", "--max", "50", "-b", bootstrap]);
    expect(consumed.code, consumed.stderr).toBe(0);
    const lines = consumed.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(50);
    // key = VendorID; value = VendorID, pickup, dropoff, passengers, distance, payment type, total — joined by ", ".
    const expected = rows.map((r) => `key: ${r[0]}, value: ${[r[0], r[1], r[2], r[3], r[4], r[9], r[16]].join(", ")}`);
    expect(lines.sort()).toEqual(expected.sort());

    const described = await cli(["topics", "describe", topic, "-b", bootstrap]);
    const ends = [...described.stdout.matchAll(/offsets 0\.\.(\d+)/g)].map((m) => Number(m[1]));
    expect(ends.reduce((a, b) => a + b, 0)).toBe(50);
  });

  it("produces synthetic rides as JSON with a rate limit", async () => {
    const bootstrap = await requireKafka();
    const json = `${topic}-json`;
    const produced = await cli(["produce", "--topic", json, "--generate", "rides", "--count", "40", "--format", "json", "--rate", "200", "-b", bootstrap]);
    expect(produced.code, produced.stderr).toBe(0);
    expect(produced.stderr).toMatch(/produced 40 records/);
    const consumed = await cli(["consume", "--topic", json, "--from-beginning", "--max", "40", "-b", bootstrap]);
    const first = JSON.parse(consumed.stdout.split("\n")[0]!.replace(/^key: [^,]*, value: /, "")) as Record<string, unknown>;
    expect(Object.keys(first)).toHaveLength(18);
    expect(typeof first["tpep_pickup_datetime"]).toBe("string");
    await cli(["topics", "delete", json, "-b", bootstrap]);
  });

  it("names the servers it tried when no broker answers, within 10 seconds", async () => {
    const result = await cli(["topics", "list", "-b", "127.0.0.1:1"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("cannot reach the Kafka broker(s) 127.0.0.1:1");
    expect(result.stderr).toContain("kindling stack up kafka");
    expect(result.ms).toBeLessThan(15_000);
  });

  it("says which topic is missing and lists the existing ones", async () => {
    const result = await cli(["topics", "describe", "no-such-topic-here", "-b", await requireKafka()]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('topic "no-such-topic-here" does not exist');
    await cli(["topics", "delete", topic, "-b", await requireKafka()]);
  });
});

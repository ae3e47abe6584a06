import { describe, expect, it } from "vitest";
import { LOCAL_ONLY_ENV, parseMasterUrl, remoteMasterOf, runLocally } from "./master-url.js";
import { isMissingKafkaConnector, sparkError } from "./spark-error.js";

describe("parseMasterUrl", () => {
  it("reads a standalone master and the local spellings", () => {
    expect(parseMasterUrl("spark://127.0.0.1:7077")).toEqual({ kind: "spark", host: "127.0.0.1", port: 7077, url: "spark://127.0.0.1:7077" });
    for (const m of ["local", "local[2]", "local[*]", "", undefined]) expect(parseMasterUrl(m).kind).toBe("local");
  });
  it("refuses a wrong scheme, naming the spellings that work", () => {
    expect(() => parseMasterUrl("spork://x")).toThrow(/unsupported Spark master URL "spork:\/\/x"/);
    try {
      parseMasterUrl("yarn");
    } catch (e) {
      expect((e as { hint: string }).hint).toMatch(/spark:\/\/host:port.*kindling stack up spark.*local\[N\]/);
    }
  });
  it("refuses a master without a port or with a bad one", () => {
    expect(() => parseMasterUrl("spark://nohost")).toThrow(/has no valid host:port/);
    expect(() => parseMasterUrl("spark://h:99999")).toThrow(/out of range/);
    expect(() => parseMasterUrl("spark://a:7077,b:7077")).toThrow(/master list/);
  });
  it("runs locally when KINDLING_LOCAL_ONLY is set, whatever the master", () => {
    const conf = { get: (_k: string, _d?: string) => "spark://127.0.0.1:7077" };
    expect(remoteMasterOf(conf, {})?.port).toBe(7077);
    expect(remoteMasterOf(conf, { [LOCAL_ONLY_ENV]: "1" })).toBeNull();
  });
  it("runs locally inside runLocally(), after its awaits too, and only there", async () => {
    const conf = { get: (_k: string, _d?: string) => "spark://127.0.0.1:7077" };
    const seen: (number | null)[] = [];
    let later: Promise<void> = Promise.resolve();
    const inside = runLocally(async () => {
      seen.push(remoteMasterOf(conf, {})?.port ?? null);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(remoteMasterOf(conf, {})?.port ?? null);
      // Work started inside (a query's micro-batch loop) stays local after runLocally returned.
      later = new Promise((r) => setTimeout(r, 20)).then(() => void seen.push(remoteMasterOf(conf, {})?.port ?? null));
    });
    seen.push(remoteMasterOf(conf, {})?.port ?? null); // the caller, while fn waits: not inside
    await inside;
    await later;
    expect(seen).toEqual([null, 7077, null, null]);
    expect(remoteMasterOf(conf, {})?.port).toBe(7077);
  });
});

describe("Spark's errors", () => {
  it("keep Spark's message and add the fix for a missing Kafka connector", () => {
    const info = { type: "AnalysisException", message: "Failed to find data source: kafka. Please deploy the application as per the deployment section of Structured Streaming + Kafka Integration Guide." };
    expect(isMissingKafkaConnector(info)).toBe(true);
    const e = sparkError(info);
    expect(e.message).toBe(`AnalysisException: ${info.message}`);
    expect(e.hint).toMatch(/spark-sql-kafka-0-10_2\.13.*kindling stack up spark/);
    expect(sparkError({ type: "AnalysisException", message: "[UNRESOLVED_COLUMN] x", errorClass: "UNRESOLVED_COLUMN" }).hint).toBeUndefined();
  });
});

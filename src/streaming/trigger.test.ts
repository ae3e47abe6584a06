import { describe, expect, it } from "vitest";
import { isBoundedTrigger, parseTrigger } from "./trigger.js";

describe("parseTrigger", () => {
  it("reads PySpark's trigger keywords", () => {
    expect(parseTrigger({ processingTime: "5 seconds" })).toEqual({ kind: "processingTime", intervalMs: 5000 });
    expect(parseTrigger({ processingTime: "1 minute" })).toEqual({ kind: "processingTime", intervalMs: 60_000 });
    expect(parseTrigger({ processingTime: "interval 500 milliseconds" })).toEqual({ kind: "processingTime", intervalMs: 500 });
    expect(parseTrigger({ processingTime: 250 })).toEqual({ kind: "processingTime", intervalMs: 250 });
    expect(parseTrigger({ availableNow: true })).toEqual({ kind: "availableNow" });
    expect(parseTrigger({ once: true })).toEqual({ kind: "once" });
  });

  it("treats a zero interval as the default trigger, as Spark does", () => {
    expect(parseTrigger({ processingTime: "0 seconds" })).toEqual({ kind: "default" });
  });

  it("refuses none, several, or continuous triggers with what to write instead", () => {
    expect(() => parseTrigger({})).toThrow(/exactly one of processingTime, once, availableNow, continuous; got none/);
    expect(() => parseTrigger({ once: true, availableNow: true })).toThrow(/got once, availableNow/);
    expect(() => parseTrigger({ continuous: "1 second" })).toThrow(/continuous processing/);
    expect(() => parseTrigger({ processingTime: "soon" })).toThrow();
  });

  it("knows which triggers end by themselves", () => {
    expect(isBoundedTrigger({ kind: "availableNow" })).toBe(true);
    expect(isBoundedTrigger({ kind: "processingTime", intervalMs: 5 })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { resolvePorts } from "./ports.js";

describe("resolvePorts", () => {
  it("reads the defaults and the variables that move them", () => {
    expect(resolvePorts({}).kafka).toBe(9092);
    expect(resolvePorts({ KINDLING_KAFKA_PORT: "19092" }).kafka).toBe(19092);
  });

  it("refuses a value that is not a port", () => {
    expect(() => resolvePorts({ KINDLING_KAFKA_PORT: "90920" })).toThrow('KINDLING_KAFKA_PORT="90920" is not a TCP port');
  });

  it("refuses two servers on one port, naming both variables", () => {
    expect(() => resolvePorts({ KINDLING_KAFKA_PORT: "9093" })).toThrow(/KINDLING_KAFKA_PORT and KINDLING_KAFKA_CONTROLLER_PORT are both 9093/);
  });
});

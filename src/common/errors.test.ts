import { describe, expect, it } from "vitest";
import {
  AnalysisError,
  ConnectorError,
  InternalError,
  KindlingError,
  fromSerializedError,
  toSerializedError,
} from "./errors.js";

describe("errors", () => {
  it("keep class, domain, context and hint across a structured clone", () => {
    const original = new ConnectorError("offset 42 is out of range", {
      context: { topic: "rides", partition: 3, offset: 42 },
      retriable: true,
      hint: "set failOnDataLoss=false to skip lost offsets",
    });
    const copy = fromSerializedError(structuredClone(toSerializedError(original)));
    expect(copy).toBeInstanceOf(ConnectorError);
    expect(copy.domain).toBe("external");
    expect(copy.retriable).toBe(true);
    expect(copy.context).toEqual({ topic: "rides", partition: 3, offset: 42 });
    expect(copy.describe()).toBe("offset 42 is out of range\n  fix: set failOnDataLoss=false to skip lost offsets");
    expect(copy.stack).toBe(original.stack);
  });

  it("keep an InternalError's message without doubling its suffix", () => {
    const copy = fromSerializedError(toSerializedError(new InternalError("lost a batch")));
    expect(copy.name).toBe("InternalError");
    expect(copy.message).toBe("lost a batch (this is likely a bug in Kindling)");
  });

  it("turn a foreign error into an internal one", () => {
    const copy = fromSerializedError(toSerializedError(new TypeError("x is undefined")));
    expect(copy).toBeInstanceOf(KindlingError);
    expect(copy.name).toBe("TypeError");
    expect(copy.domain).toBe("internal");
  });

  it("name user errors' domain", () => {
    expect(new AnalysisError("no column x").domain).toBe("user");
  });
});

import { describe, expect, it } from "vitest";
import { requestChunks } from "./kafka-sink.js";

describe("KafkaSink request chunks", () => {
  it("keeps every record, in order, in requests under the broker's default message size", () => {
    const value = Buffer.alloc(1000, 1);
    const records = Array.from({ length: 3000 }, (_v, i) => ({ key: Buffer.from(String(i)), value }));
    const chunks = requestChunks(new Map([["a", records.slice(0, 2000)], ["b", records.slice(2000)]]));
    expect(chunks.length).toBeGreaterThan(3);
    const flat = chunks.flatMap((c) => c.flatMap((t) => t.messages.map((m) => `${t.topic}:${m.key?.toString() ?? ""}`)));
    expect(flat).toEqual(records.map((r, i) => `${i < 2000 ? "a" : "b"}:${r.key.toString()}`));
    for (const c of chunks) {
      const bytes = c.reduce((n, t) => n + t.messages.reduce((m, r) => m + (r.key?.length ?? 0) + (r.value?.length ?? 0), 0), 0);
      expect(bytes).toBeLessThan(1024 * 1024);
    }
  });

  it("sends a small batch in one request and a record bigger than the limit alone", () => {
    expect(requestChunks(new Map([["a", [{ key: null, value: Buffer.from("x") }]]]))).toHaveLength(1);
    const big = { key: null, value: Buffer.alloc(900 * 1024) };
    const small = { key: null, value: Buffer.from("x") };
    expect(requestChunks(new Map([["a", [small, big, small]]])).map((c) => c[0]!.messages.length)).toEqual([1, 1, 1]);
    expect(requestChunks(new Map())).toEqual([]);
  });
});

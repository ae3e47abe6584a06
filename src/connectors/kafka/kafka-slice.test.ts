import type { KafkaMessage } from "kafkajs";
import { describe, expect, it } from "vitest";
import { packedBinaryOf } from "../../physical/packed-binary.js";
import { getValue, type Batch } from "../../physical/vector.js";
import { kafkaSchema } from "./kafka-batch.js";
import { kafkaMessagesToBatches } from "./kafka-messages-batch.js";
import { KafkaSliceBuilder, kafkaSliceToBatch, setInt64, sliceTransferList, type KafkaSlice } from "./kafka-slice.js";

/** A message as kafkajs decodes it: key and value are slices of the fetch response's buffer. */
function msg(fields: { key?: Buffer | null; value: Buffer | null; offset: string; timestamp: string; headers?: KafkaMessage["headers"]; ctx?: { timestampType: number } }): KafkaMessage {
  return { key: fields.key ?? null, value: fields.value, offset: fields.offset, timestamp: fields.timestamp, attributes: 0, headers: fields.headers ?? {}, batchContext: fields.ctx } as unknown as KafkaMessage;
}

/** Writes `parts` into one buffer with `gap` framing bytes before each, and returns the slices. */
function framed(parts: readonly string[], gap = 5): Buffer[] {
  const buf = Buffer.alloc(parts.reduce((n, p) => n + gap + Buffer.byteLength(p), 0), 0xee);
  const out: Buffer[] = [];
  let at = 0;
  for (const p of parts) {
    at += gap;
    const len = buf.write(p, at);
    out.push(buf.subarray(at, at + len));
    at += len;
  }
  return out;
}

const text = (x: unknown): string | null => (x === null ? null : Buffer.from(x as Uint8Array).toString("utf8"));

/** Every row as plain values (bytes as text), for comparing whole batches. */
function rows(slice: KafkaSlice | Batch, includeHeaders: boolean): unknown[][] {
  const b = "columns" in slice ? slice : kafkaSliceToBatch(slice, kafkaSchema(includeHeaders));
  return Array.from({ length: b.numRows }, (_v, i) =>
    b.columns.map((c, j) => {
      const v = getValue(c, i);
      if (j <= 1) return text(v);
      if (j === 7) return v === null ? null : (v as [string, Uint8Array | null][]).map(([k, x]) => [k, text(x)]);
      return v;
    }),
  );
}

describe("KafkaSliceBuilder", () => {
  it("packs keys and values with nulls, empty values, several fetch buffers and gaps, as Spark's rows", () => {
    const ctx = { timestampType: 0 };
    const a = framed(["k1", "alpha", "", "k3", "gamma"]); // one fetch buffer: key, value, empty value, key, value
    const far = framed(["far"], 300); // more framing than a run may skip
    const other = framed(["delta"]); // a second buffer (another record batch)
    const b = new KafkaSliceBuilder("t", 3, 10, false);
    b.append(msg({ key: a[0], value: a[1]!, offset: "10", timestamp: "1700000000000", ctx }), 10);
    b.append(msg({ key: null, value: a[2]!, offset: "11", timestamp: "1700000000000", ctx }), 11);
    b.append(msg({ key: a[3], value: a[4]!, offset: "12", timestamp: "1700000000001", ctx }));
    b.append(msg({ key: null, value: null, offset: "14", timestamp: "1700000000002", ctx })); // a tombstone after a gap in offsets
    b.append(msg({ value: far[0]!, offset: "15", timestamp: "1700000000003", ctx }));
    b.endFetch();
    b.append(msg({ value: other[0]!, offset: "16", timestamp: "1700000000004", ctx: { timestampType: 1 } }));
    const slice = b.seal();
    expect(rows(slice, false)).toEqual([
      ["k1", "alpha", "t", 3, 10n, 1_700_000_000_000_000n, 0],
      [null, "", "t", 3, 11n, 1_700_000_000_000_000n, 0],
      ["k3", "gamma", "t", 3, 12n, 1_700_000_000_001_000n, 0],
      [null, null, "t", 3, 14n, 1_700_000_000_002_000n, 0],
      [null, "far", "t", 3, 15n, 1_700_000_000_003_000n, 0],
      [null, "delta", "t", 3, 16n, 1_700_000_000_004_000n, 1],
    ]);
    // An empty value is not a null; a missing one is.
    expect(slice.value.valid).toEqual(new Uint8Array([1, 1, 1, 0, 1, 1]));
    expect(slice.key.valid).toEqual(new Uint8Array([1, 0, 1, 0, 0, 0]));
    // The bytes are copies: overwriting the fetch buffers afterwards changes nothing.
    a[1]!.fill(0x41);
    other[0]!.fill(0x41);
    expect(rows(slice, false).map((r) => r[1])).toEqual(["alpha", "", "gamma", null, "far", "delta"]);
    // The batch keeps the bytes packed (no per-row objects until something reads `values`).
    const batch = kafkaSliceToBatch(slice, kafkaSchema(false));
    expect(packedBinaryOf(batch.columns[1]!)?.data).toBe(slice.value.data);
  });

  it("copies runs of one buffer at once but skips long framing gaps", () => {
    const near = framed(["ab", "cd"], 3);
    const far = framed(["ef", "gh"], 300);
    const b = new KafkaSliceBuilder("t", 0, 4, false);
    for (const [i, v] of [...near, ...far].entries()) b.append(msg({ value: v, offset: String(i), timestamp: "0" }));
    const s = b.seal();
    expect(rows(s, false).map((r) => r[1])).toEqual(["ab", "cd", "ef", "gh"]);
    // ab + 3 framing bytes + cd, then ef and gh as runs of their own (300 bytes between them are not copied).
    expect(s.value.data.length).toBe(2 + 3 + 2 + 2 + 2);
  });

  it("a column without nulls has no validity mask", () => {
    const v = framed(["a", "b"]);
    const b = new KafkaSliceBuilder("t", 0, 2, false);
    b.append(msg({ key: v[0], value: v[1]!, offset: "0", timestamp: "0" }));
    const s = b.seal();
    expect(s.key.valid).toBeNull();
    expect(s.value.valid).toBeNull();
    expect(s.timestampTypes[0]).toBe(0); // no batchContext: CreateTime, as before
  });

  it("keeps offsets and timestamps exact beyond 2^53 and before the epoch", () => {
    const v = framed(["x", "y", "z", "w", "u"]);
    const b = new KafkaSliceBuilder("t", 0, 5, false);
    b.append(msg({ value: v[0]!, offset: "9007199254740993", timestamp: "-1" })); // 2^53 + 1: no double holds it
    b.append(msg({ value: v[1]!, offset: "123456789012345", timestamp: "9007199254741" })); // µs past 2^53
    b.append(msg({ value: v[2]!, offset: "5", timestamp: "-9007199254741" }));
    b.append(msg({ value: v[3]!, offset: "6", timestamp: "4294967295" }), 6); // a low word with its top bit set
    b.append(msg({ value: v[4]!, offset: "7", timestamp: "9007199254740993" })); // ms no double holds
    const s = b.seal();
    expect([...s.offsets]).toEqual([9007199254740993n, 123456789012345n, 5n, 6n, 7n]);
    expect([...s.timestamps]).toEqual([-1000n, 9007199254741000n, -9007199254741000n, 4294967295000n, 9007199254740993000n]);
  });

  it("setInt64 writes what BigInt64Array would hold", () => {
    const big = new BigInt64Array(1);
    const view = new Int32Array(big.buffer);
    for (const x of [0, 1, -1, 2 ** 32, 2 ** 32 - 1, -(2 ** 32), 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1, -(2 ** 53) + 1, 1_700_000_000_000_000, -62_135_596_800_000_000]) {
      setInt64(view, 0, x);
      expect(big[0]).toBe(BigInt(x));
    }
  });

  it("builds Spark's headers: null without any, repeated keys kept, string and byte values, undefined as null", () => {
    const v = framed(["h0", "h1", "h2"]);
    const b = new KafkaSliceBuilder("t", 0, 3, true);
    b.append(msg({ value: v[0]!, offset: "0", timestamp: "0", headers: { a: Buffer.from("1"), b: ["x", Buffer.from("y")] } }));
    b.append(msg({ value: v[1]!, offset: "1", timestamp: "0" }));
    b.append(msg({ value: v[2]!, offset: "2", timestamp: "0", headers: { n: undefined } }));
    const s = b.seal();
    expect(rows(s, true).map((r) => r[7])).toEqual([[["a", "1"], ["b", "x"], ["b", "y"]], null, [["n", null]]]);
    const batch = kafkaSliceToBatch(s, kafkaSchema(true));
    expect(batch.columns[7]!.valid).toEqual(new Uint8Array([1, 0, 1]));
    // Header values own their bytes: a clone never drags a fetch response along.
    const h = (s.headers![0]![0]![1] as Uint8Array);
    expect(h.buffer.byteLength).toBe(1);
  });

  it("says when a slice is full and starts a new one", () => {
    const v = framed(["a", "b", "c"]);
    const b = new KafkaSliceBuilder("t", 0, 2, false);
    expect(b.full).toBe(false);
    b.append(msg({ value: v[0]!, offset: "0", timestamp: "0" }));
    expect(b.full).toBe(false);
    b.append(msg({ value: v[1]!, offset: "1", timestamp: "0" }));
    expect(b.full).toBe(true);
    expect(b.seal().numRows).toBe(2);
  });

  it("crosses a thread boundary by moving its buffers, and arrives the same", () => {
    const v = framed(["one", "two", "three"]);
    const b = new KafkaSliceBuilder("t", 1, 3, false);
    b.append(msg({ key: v[0], value: v[1]!, offset: "0", timestamp: "1000" }));
    b.append(msg({ key: null, value: v[2]!, offset: "1", timestamp: "2000" }));
    const slice = b.seal();
    const before = rows(slice, false);
    const transfer = sliceTransferList(slice);
    const moved = structuredClone(slice, { transfer });
    expect(slice.value.data.byteLength).toBe(0); // detached: moved, not copied
    expect(slice.offsets.length).toBe(0);
    expect(rows(moved, false)).toEqual(before);
  });
});

describe("kafkaMessagesToBatches (the streaming source's)", () => {
  it("gives one batch with the same rows as a slice built from the same messages, keys and values packed", () => {
    const v = framed(["k", "v0", "", "v2", "v3"]);
    const ctx = { timestampType: 1 };
    const messages = [
      msg({ key: v[0], value: v[1]!, offset: "7", timestamp: "1700000000123", ctx, headers: { h: "x" } }),
      msg({ key: null, value: v[2]!, offset: "8", timestamp: "-1", ctx }),
      msg({ key: null, value: null, offset: "9007199254740993", timestamp: "9007199254740993", ctx }),
      msg({ key: null, value: v[3]!, offset: "10", timestamp: "0" }),
    ];
    for (const headers of [false, true]) {
      const b = new KafkaSliceBuilder("t", 2, messages.length, headers);
      for (const m of messages) b.append(m);
      const expected = rows(b.seal(), headers);
      const batches = kafkaMessagesToBatches("t", 2, messages, kafkaSchema(headers), headers);
      expect(batches.length).toBe(1);
      expect(rows(batches[0]!, headers)).toEqual(expected);
      expect(packedBinaryOf(batches[0]!.columns[1]!)).not.toBeNull();
      expect(expected[2]!.slice(4, 6)).toEqual([9007199254740993n, 9007199254740993000n]);
    }
  });
});

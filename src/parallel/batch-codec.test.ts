import { describe, expect, it } from "vitest";
import { BinaryType, DoubleType, IntegerType, StringType, StructType, TimestampType } from "../types/data-types.js";
import { partialBuffersOf, type PartialGroups } from "../physical/kernels/partial-aggregate.js";
import { packedBinaryOf, packedBinaryVec, slicePackedBinary } from "../physical/packed-binary.js";
import { vectorFromValues, vectorToValues, type Batch, type Vec } from "../physical/vector.js";
import { columnarStructVec } from "../physical/columnar-struct.js";
import { decodeBatch, decodeVec, encodeBatch, encodeVec } from "./batch-codec.js";
import { decodePartial, encodePartial } from "./partial-codec.js";

const schema = StructType([
  { name: "value", dataType: BinaryType(), nullable: true },
  { name: "topic", dataType: StringType(), nullable: true },
  { name: "partition", dataType: IntegerType(), nullable: true },
  { name: "ts", dataType: TimestampType(), nullable: true },
]);

function batch(): Batch {
  const pool = Buffer.from("abcdefgh");
  return {
    schema,
    numRows: 3,
    columns: [
      vectorFromValues(BinaryType(), [pool.subarray(0, 3), null, pool.subarray(3, 8)]),
      vectorFromValues(StringType(), ["t", "t", null]),
      vectorFromValues(IntegerType(), [1, null, 3]),
      vectorFromValues(TimestampType(), [1n, 2n, 3n]),
    ],
  };
}

describe("batches across threads", () => {
  it("survive a structured clone: Binary packed into one buffer and offsets, nulls kept", () => {
    const transfer: ArrayBuffer[] = [];
    const wire = encodeBatch(batch(), { transfer, keep: null, ownsBuffers: false });
    const back = decodeBatch(structuredClone(wire, { transfer }));
    const plain = (b: Batch): unknown[][] => b.columns.map((c) => vectorToValues(c).map((v) => (v instanceof Uint8Array ? [...v] : v)));
    expect(plain(back)).toEqual(plain(batch()));
    const value = back.columns[0]!.values as (Uint8Array | null)[];
    expect(value[0]!.buffer).toBe(value[2]!.buffer); // views into one data buffer, no copy per row
    expect(Buffer.from(value[2]!).toString()).toBe("defgh");
    // Both values were slices of one buffer, next to each other: copied as one run.
    expect(value[0]!.buffer.byteLength).toBe(8);
  });

  it("move only buffers the sender may give up, never a caller's typed arrays", () => {
    const input = batch();
    const transfer: ArrayBuffer[] = [];
    const wire = encodeBatch(input, { transfer, keep: null, ownsBuffers: false });
    structuredClone(wire, { transfer });
    // The packed Binary buffers (data, starts, ends, validity) moved; the caller's Int32/BigInt64 columns are intact.
    expect(transfer.length).toBe(4);
    expect(vectorToValues(input.columns[2]!)).toEqual([1, null, 3]);
    expect(vectorToValues(input.columns[3]!)).toEqual([1n, 2n, 3n]);
    // A worker's own result moves its typed arrays too (each buffer once).
    const owned: ArrayBuffer[] = [];
    encodeBatch(input, { transfer: owned, keep: null, ownsBuffers: true });
    expect(owned).toContain((input.columns[3]!.values as BigInt64Array).buffer);
    expect(new Set(owned).size).toBe(owned.length);
  });

  it("copy values of one buffer as a run with the bytes between them, and separate buffers one by one", () => {
    const response = Buffer.from("xxAAAxxxxBBxCCCCyy"); // values with framing bytes between them, as kafkajs slices a fetch response
    const own = Uint8Array.from([7, 8]);
    const vals = [response.subarray(2, 5), null, response.subarray(9, 11), own, response.subarray(12, 16)];
    const wire = encodeBatch({ schema, numRows: 5, columns: [vectorFromValues(BinaryType(), vals), ...batch().columns.slice(1).map((c) => ({ ...c, length: 5 }))] }, { transfer: [], keep: new Set([0]), ownsBuffers: false });
    const back = decodeBatch(wire).columns[0]!.values as (Uint8Array | null)[];
    expect(back.map((v) => (v === null ? null : Buffer.from(v).toString("latin1")))).toEqual(["AAA", null, "BB", "\u0007\b", "CCCC"]);
    // Runs: [AAAxxxxBB], [7 8], [CCCC] (a new run after a foreign buffer).
    expect(back[0]!.buffer.byteLength).toBe(9 + 2 + 4);
  });

  it("copy a view down to its own rows before it crosses (structured clone would copy the whole buffer)", () => {
    const column = BigInt64Array.from({ length: 1000 }, (_v, i) => BigInt(i));
    const view = column.subarray(10, 13);
    const transfer: ArrayBuffer[] = [];
    const wire = encodeVec({ type: TimestampType(), length: 3, values: view, valid: null }, { transfer, keep: null, ownsBuffers: false });
    const back = structuredClone(wire, { transfer }) as { values: BigInt64Array };
    expect([...back.values]).toEqual([10n, 11n, 12n]);
    expect(back.values.buffer.byteLength).toBe(24);
    expect(column[999]).toBe(999n); // the source column is untouched
  });

  it("send only the columns the fragment reads", () => {
    const wire = encodeBatch(batch(), { transfer: [], keep: new Set([2]), ownsBuffers: false });
    expect(wire.columns.map((c) => c.form)).toEqual(["omitted", "omitted", "plain", "omitted"]);
    expect(decodeBatch(wire).columns[0]!.length).toBe(3);
  });

  it("carry a struct of numeric fields (a window) as typed field columns, nulls and -0 kept", () => {
    const t = StructType([
      { name: "start", dataType: TimestampType(), nullable: true },
      { name: "end", dataType: TimestampType(), nullable: true },
      { name: "x", dataType: DoubleType(), nullable: true },
    ]);
    const rows = [[0n, 600000000n, -0], null, [-(2n ** 63n), 2n ** 63n - 1n, NaN], [5n, null, 1.5]];
    const v = vectorFromValues(t, rows);
    const transfer: ArrayBuffer[] = [];
    const wire = encodeVec(v, { transfer, keep: null, ownsBuffers: true });
    expect(wire.form).toBe("struct");
    const back = decodeVec(structuredClone(wire, { transfer }));
    expect(vectorToValues(back)).toEqual(rows);
    expect(Object.is((vectorToValues(back)[0] as unknown[])[2], -0)).toBe(true);
    // A field value of the wrong physical kind cannot be typed: the column crosses as plain rows.
    const odd = { type: t, length: 1, values: [[1, 2n, 0]], valid: null };
    expect(encodeVec(odd, { transfer: [], keep: null, ownsBuffers: true }).form).toBe("plain");
  });

  it("send a packed column's slice as its own span, offsets rebased, and shared bytes as they are", () => {
    const data = Buffer.from("__AAA__BB__CCCC__");
    const starts = Int32Array.from([2, 7, 0, 11]);
    const ends = Int32Array.from([5, 9, 0, 15]);
    const valid = Uint8Array.from([1, 1, 0, 1]);
    const whole = packedBinaryVec(BinaryType(), data, starts, ends, valid);
    const text = (v: Vec): unknown[] => vectorToValues(v).map((x) => (x === null ? null : Buffer.from(x as Uint8Array).toString()));
    const transfer: ArrayBuffer[] = [];
    const wire = encodeVec(slicePackedBinary(whole, packedBinaryOf(whole)!, 1, 4), { transfer, keep: null, ownsBuffers: false });
    const back = decodeVec(structuredClone(wire, { transfer }));
    expect(text(back)).toEqual(["BB", null, "CCCC"]);
    expect(packedBinaryOf(back)!.data.length).toBe(8); // "BB__CCCC": the rows' span, not the whole buffer
    expect(text(whole)).toEqual(["AAA", "BB", null, "CCCC"]); // the sender's column is intact
    const shared = new Uint8Array(new SharedArrayBuffer(data.length));
    shared.set(data);
    const w2 = encodeVec(packedBinaryVec(BinaryType(), shared, starts, ends, valid), { transfer: [], keep: null, ownsBuffers: false });
    expect((w2 as { data: Uint8Array }).data).toBe(shared);
  });

  it("with share, put every typed buffer of a batch in shared memory (once, for all workers), moving nothing", () => {
    const schema = StructType([
      { name: "n", dataType: IntegerType(), nullable: true },
      { name: "b", dataType: BinaryType(), nullable: true },
      { name: "p", dataType: BinaryType(), nullable: true },
      { name: "w", dataType: WINDOW_T, nullable: true },
      { name: "s", dataType: StringType(), nullable: true },
    ]);
    const bytes = (t: string): Uint8Array => new TextEncoder().encode(t);
    const packedData = Buffer.from("xxHELLOyyWORLD");
    const batch: Batch = {
      schema,
      numRows: 2,
      columns: [
        vectorFromValues(IntegerType(), [7, null]),
        vectorFromValues(BinaryType(), [bytes("ab"), null]),
        packedBinaryVec(BinaryType(), packedData, Int32Array.from([2, 9]), Int32Array.from([7, 14]), null),
        columnarStructVec(WINDOW_T, [BigInt64Array.from([1n, 3n]), BigInt64Array.from([2n, 4n])], [null, null], null),
        vectorFromValues(StringType(), ["s", "t"]),
      ],
    };
    const transfer: ArrayBuffer[] = [];
    const wire = encodeBatch(batch, { transfer, keep: null, ownsBuffers: false, share: true });
    expect(transfer).toEqual([]);
    const buffersOf = (x: unknown): ArrayBufferLike[] => {
      if (ArrayBuffer.isView(x)) return [x.buffer];
      if (Array.isArray(x)) return x.flatMap(buffersOf);
      if (x !== null && typeof x === "object") return Object.values(x).flatMap(buffersOf);
      return [];
    };
    const wireBuffers = wire.columns.flatMap((c) => buffersOf(c));
    expect(wireBuffers.length).toBeGreaterThan(5);
    for (const b of wireBuffers) expect(b).toBeInstanceOf(SharedArrayBuffer);
    // Cloning shares the memory (no copy), and the batch reads back the same.
    const back = decodeBatch(structuredClone(wire));
    expect(back.columns.map((c) => vectorToValues(c).map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString() : v)))).toEqual([
      [7, null],
      ["ab", null],
      ["HELLO", "WORLD"],
      [[1n, 2n], [3n, 4n]],
      ["s", "t"],
    ]);
    // The clone's bytes are the wire's bytes: a write to one shows in the other.
    const sent = (wire.columns[2] as { data: Uint8Array }).data;
    sent[0] = 0x21;
    expect(packedBinaryOf(back.columns[2]!)!.data[0]).toBe(0x21);
  });
});

const WINDOW_T = StructType([
  { name: "start", dataType: TimestampType(), nullable: true },
  { name: "end", dataType: TimestampType(), nullable: true },
]);

describe("partial aggregates across threads", () => {
  const keyT = IntegerType();
  it("send all-count buffers as typed counts and rebuild them; other buffers as they are", () => {
    const counts = (): PartialGroups & { dropped: number } => ({ keys: [vectorFromValues(keyT, [1, 2])], numGroups: 2, buffers: [[{ kind: "count", n: 3 }], [{ kind: "count", n: 2 ** 40 }]], dropped: 4 });
    const transfer: ArrayBuffer[] = [];
    const wire = encodePartial(counts(), { transfer, keep: null, ownsBuffers: true });
    expect(wire.buffers).toBeNull();
    const back = decodePartial(structuredClone(wire, { transfer }));
    // Counts stay typed on arrival; read as buffers they are the ones sent.
    expect(back.counts).toEqual([Float64Array.of(3, 2 ** 40)]);
    expect(partialBuffersOf(back)).toEqual(counts().buffers);
    expect(back.keys).toEqual(counts().keys);
    expect(back.dropped).toBe(4);
    // A partial already in the typed form crosses as it is.
    const typed = { ...counts(), buffers: [], counts: [Float64Array.of(5, 6)] };
    const t2: ArrayBuffer[] = [];
    const back2 = decodePartial(structuredClone(encodePartial(typed, { transfer: t2, keep: null, ownsBuffers: false }), { transfer: t2 }));
    expect(partialBuffersOf(back2)).toEqual([[{ kind: "count", n: 5 }], [{ kind: "count", n: 6 }]]);
    expect(Array.from(typed.counts[0]!)).toEqual([5, 6]); // not moved away from a sender that keeps them
    const mixed: PartialGroups & { dropped: number } = { keys: [vectorFromValues(keyT, [1])], numGroups: 1, buffers: [[{ kind: "count", n: 1 }, { kind: "avg", sum: 2.5, n: 1 }]], dropped: 0 };
    const w2 = encodePartial(mixed, { transfer: [], keep: null, ownsBuffers: true });
    expect(w2.counts).toBeNull();
    expect(decodePartial(structuredClone(w2))).toEqual(mixed);
    const none: PartialGroups & { dropped: number } = { keys: [vectorFromValues(keyT, [])], numGroups: 0, buffers: [], dropped: 0 };
    expect(decodePartial(structuredClone(encodePartial(none, { transfer: [], keep: null, ownsBuffers: true })))).toEqual(none);
  });
});

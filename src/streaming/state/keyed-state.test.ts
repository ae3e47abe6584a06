import { describe, expect, it } from "vitest";
import { KeyedState, nullableBigintCodec } from "./keyed-state.js";
import { statePartitionOf } from "./state-partition.js";

/** Every entry, with its partition, in a canonical order. */
function canonical(s: KeyedState<bigint | null>, keys: readonly (string | bigint | number)[]): string[] {
  return keys.filter((k) => s.has(k)).map((k) => `${statePartitionOf(k, s.numPartitions)}:${String(k)}`).sort();
}

const KEYS: (string | bigint | number)[] = ["a", "b", 7, 2n ** 70n, "\u0001\ud800", 9.5, "z"];

describe("KeyedState", () => {
  it("rebuilds itself from a snapshot and the deltas after it, removals included, for string, number and bigint keys", () => {
    const s = new KeyedState<bigint | null>(5, nullableBigintCodec);
    s.trackChanges = true;
    const copy = new KeyedState<bigint | null>(5, nullableBigintCodec);
    KEYS.forEach((k, i) => s.set(k, i % 2 === 0 ? BigInt(i) * 10n : null));
    for (let p = 0; p < 5; p++) copy.restore(s.snapshotPartition(p));
    s.takeChanges(); // the snapshot holds them
    expect(canonical(copy, KEYS)).toEqual(canonical(s, KEYS));
    // A batch: forget the keys whose time is at or below 20, add one, re-add a removed one.
    expect(s.removeWhere((t) => t !== null && t <= 20n)).toBe(2);
    s.set("new", 99n);
    s.set("a", 1n);
    const delta = s.takeChanges();
    expect(delta.size).toBeLessThanOrEqual(5);
    for (const text of delta.values()) copy.applyDelta(text);
    expect(canonical(copy, [...KEYS, "new"])).toEqual(canonical(s, [...KEYS, "new"]));
    expect([copy.has("a"), copy.has(7), copy.has("new"), copy.has(2n ** 70n)]).toEqual([true, false, true, true]);
    expect(s.size).toBe(copy.size);
  });

  it("restores the single-file form of earlier checkpoints into any partition count", () => {
    // What StatefulDedup.snapshot() wrote before: [key, value] pairs, bigint keys tagged.
    const old = JSON.stringify([["a", "5"], [7, null], [{ $big: "12345678901234567890" }, "1"]]);
    const s = new KeyedState<bigint | null>(3, nullableBigintCodec);
    s.restore(old);
    expect([s.has("a"), s.has(7), s.has(12345678901234567890n), s.size]).toEqual([true, true, true, 3]);
  });

  it("records nothing without a checkpoint to take it", () => {
    const s = new KeyedState<bigint | null>(4, nullableBigintCodec);
    s.set("a", 1n);
    s.removeWhere(() => true);
    expect(s.takeChanges().size).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { hashBytes, hashInt, hashLong } from "./xxhash64.js";
import { H, L, hashBytesFast, hashIntFast, hashLongFast } from "./xxhash64-fast.js";

/** A deterministic generator (xorshift32) so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}
const joined = (): bigint => (BigInt(H) << 32n) | BigInt(L);
const split = (x: bigint): [number, number] => [Number(BigInt.asUintN(64, x) >> 32n), Number(BigInt.asUintN(64, x) & 0xffffffffn)];

describe("xxHash64 on 32-bit halves equals the BigInt reference", () => {
  const next = rng(7);
  it("hashInt over random ints and seeds", () => {
    for (let k = 0; k < 2000; k++) {
      const x = next() | 0; const seed = BigInt(next()) << 32n | BigInt(next());
      hashIntFast(x, ...split(seed));
      expect(joined()).toBe(hashInt(x, seed));
    }
  });
  it("hashLong over random longs and seeds", () => {
    for (let k = 0; k < 2000; k++) {
      const x = BigInt.asIntN(64, (BigInt(next()) << 32n) | BigInt(next())); const seed = BigInt(next());
      hashLongFast(...split(x), ...split(seed));
      expect(joined()).toBe(hashLong(x, seed));
    }
  });
  it("hashBytes over every length from 0 to 100", () => {
    for (let len = 0; len <= 100; len++) {
      const b = Uint8Array.from({ length: len }, () => next() & 0xff);
      hashBytesFast(b, len, 0, 42);
      expect(joined()).toBe(hashBytes(b, 42n));
    }
  });
});

/**
 * Spark's xxHash64 (sql/catalyst/.../expressions/XXH64.java, the function behind `xxhash64()` and
 * approx_count_distinct): 64-bit results as unsigned bigints, and Spark's way of hashing each
 * value by its type (`XxHash64Function.hash` in hash.scala): integral types up to int and dates
 * as an int, longs and timestamps as a long, floats/doubles by their bits after normalising -0.0
 * and NaN, strings as their UTF-8 bytes, decimals as the unscaled long (precision <= 18),
 * arrays and structs element by element, each hash seeding the next; a null leaves the seed.
 *
 * The arithmetic is in BigInt, wrapped to 64 bits after each step (Java's long overflow).
 *
 * ```ts
 * xxHash64Value(42, IntegerType(), 42n); // Spark's xxhash64(42) as an unsigned 64-bit bigint
 * ```
 */
import type { DataType } from "../../types/data-types.js";

const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;
const M64 = 0xffffffffffffffffn;

const u64 = (x: bigint): bigint => x & M64;
const rotl = (x: bigint, r: number): bigint => u64((x << BigInt(r)) | (x >> BigInt(64 - r)));

function fmix(h: bigint): bigint {
  h ^= h >> 33n;
  h = u64(h * P2);
  h ^= h >> 29n;
  h = u64(h * P3);
  h ^= h >> 32n;
  return h;
}

/** XXH64.hashInt: a 32-bit value (any JS integer; its low 32 bits are hashed). */
export function hashInt(input: number, seed: bigint): bigint {
  let h = u64(seed + P5 + 4n);
  h ^= u64(BigInt(input >>> 0) * P1);
  h = u64(rotl(h, 23) * P2 + P3);
  return fmix(h);
}

/** XXH64.hashLong: a 64-bit value (signed or unsigned bigint). */
export function hashLong(input: bigint, seed: bigint): bigint {
  let h = u64(seed + P5 + 8n);
  h ^= u64(rotl(u64(input * P2), 31) * P1);
  h = u64(rotl(h, 27) * P1 + P4);
  return fmix(h);
}

function round64(acc: bigint, lane: bigint): bigint {
  return u64(rotl(u64(acc + u64(lane * P2)), 31) * P1);
}

/** XXH64.hashUnsafeBytes over a byte array (little-endian words, as Spark reads them). */
export function hashBytes(b: Uint8Array, seed: bigint): bigint {
  const len = b.length;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let off = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = u64(seed + P1 + P2); let v2 = u64(seed + P2); let v3 = seed; let v4 = u64(seed - P1);
    do {
      v1 = round64(v1, dv.getBigUint64(off, true));
      v2 = round64(v2, dv.getBigUint64(off + 8, true));
      v3 = round64(v3, dv.getBigUint64(off + 16, true));
      v4 = round64(v4, dv.getBigUint64(off + 24, true));
      off += 32;
    } while (off <= len - 32);
    h = u64(rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18));
    for (const v of [v1, v2, v3, v4]) {
      h ^= round64(0n, v);
      h = u64(h * P1 + P4);
    }
  } else {
    h = u64(seed + P5);
  }
  h = u64(h + BigInt(len));
  while (off <= len - 8) {
    h ^= u64(rotl(u64(dv.getBigUint64(off, true) * P2), 31) * P1);
    h = u64(rotl(h, 27) * P1 + P4);
    off += 8;
  }
  if (off + 4 <= len) {
    h ^= u64(BigInt(dv.getUint32(off, true)) * P1);
    h = u64(rotl(h, 23) * P2 + P3);
    off += 4;
  }
  while (off < len) {
    h ^= u64(BigInt(b[off]!) * P5);
    h = u64(rotl(h, 11) * P1);
    off++;
  }
  return fmix(h);
}

const f64 = new Float64Array(1);
const f64bits = new BigInt64Array(f64.buffer);
const f32 = new Float32Array(1);
const f32bits = new Int32Array(f32.buffer);
const utf8 = new TextEncoder();

/** Java's Double.doubleToLongBits after Spark's normaliser (-0.0 -> 0.0, every NaN -> the canonical NaN). */
export function doubleBits(d: number): bigint {
  if (Number.isNaN(d)) return 0x7ff8000000000000n;
  f64[0] = d === 0 ? 0 : d;
  return f64bits[0]!;
}

/** Java's Float.floatToIntBits after Spark's normaliser. */
export function floatBits(f: number): number {
  if (Number.isNaN(f)) return 0x7fc00000;
  f32[0] = f === 0 ? 0 : f;
  return f32bits[0]!;
}

/** Spark's xxHash64 of one physical value of type `t` (see physical/vector.ts), seeded by `seed`. */
export function xxHash64Value(v: unknown, t: DataType, seed: bigint): bigint {
  if (v === null || v === undefined) return seed;
  switch (t.kind) {
    case "boolean": return hashInt(v === true || v === 1 ? 1 : 0, seed);
    case "byte": case "short": case "integer": case "date": return hashInt(v as number, seed);
    case "long": case "timestamp": return hashLong(v as bigint, seed);
    case "float": return hashInt(floatBits(v as number), seed);
    case "double": return hashLong(doubleBits(v as number), seed);
    case "decimal":
      if (t.precision <= 18) return hashLong(v as bigint, seed);
      return hashBytes(bigIntegerBytes(v as bigint), seed);
    case "string": return hashBytes(utf8.encode(v as string), seed);
    case "binary": return hashBytes(v as Uint8Array, seed);
    case "array": {
      let h = seed;
      for (const x of v as unknown[]) h = xxHash64Value(x, t.elementType, h);
      return h;
    }
    case "map": {
      let h = seed;
      for (const [k, x] of v as [unknown, unknown][]) { h = xxHash64Value(k, t.keyType, h); h = xxHash64Value(x, t.valueType, h); }
      return h;
    }
    case "struct": {
      let h = seed;
      t.fields.forEach((f, i) => { h = xxHash64Value((v as unknown[])[i], f.dataType, h); });
      return h;
    }
    default: return hashBytes(utf8.encode(String(v)), seed);
  }
}

/** Java's BigInteger.toByteArray: minimal big-endian two's complement. */
function bigIntegerBytes(x: bigint): Uint8Array {
  const out: number[] = [];
  let v = x;
  for (;;) {
    const byte = Number(BigInt.asUintN(8, v));
    out.unshift(byte);
    v >>= 8n;
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(out);
}

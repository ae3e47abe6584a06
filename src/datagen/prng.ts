/**
 * A tiny seeded PRNG (mulberry32). It only uses 32-bit integer operations (`Math.imul`, shifts),
 * so the same seed gives the same sequence on every machine and every JavaScript engine, which is
 * what makes the generated data byte-identical everywhere. Not for cryptography.
 *
 * @example
 * ```ts
 * const rng = new Mulberry32(42);
 * rng.next(); // a float in [0, 1)
 * rng.int(6); // an integer in [0, 6)
 * ```
 */
export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1) with 32 random bits (dividing by 2^32 is exact, so no platform drift). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

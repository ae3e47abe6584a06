import { describe, expect, it } from "vitest";
import { TimestampType } from "../types/data-types.js";
import type { Vec } from "../physical/vector.js";
import { eventTimeStats } from "./partition-task.js";

/** The stats as exact BigInt arithmetic gives them: ms = micros / 1000n (truncated toward zero). */
function reference(values: readonly (bigint | null)[]): { min: number; max: number; sum: number; count: number } | null {
  const ms = values.filter((v): v is bigint => v !== null).map((v) => Number(v / 1000n));
  if (ms.length === 0) return null;
  return { min: Math.min(...ms), max: Math.max(...ms), sum: ms.reduce((a, b) => a + b, 0), count: ms.length };
}

function column(values: readonly (bigint | null)[]): Vec {
  const big = new BigInt64Array(values.length);
  const valid = new Uint8Array(values.length);
  values.forEach((v, i) => { if (v !== null) { big[i] = v; valid[i] = 1; } });
  return { type: TimestampType(), length: values.length, values: big, valid: values.includes(null) ? valid : null };
}

describe("eventTimeStats", () => {
  const two52 = 2n ** 52n;
  const edges = [0n, 999n, -999n, 1000n, -1000n, 1001n, -1001n, two52 - 1n, -two52, two52, -two52 - 1n, two52 - 999n, -(two52 - 999n), 2n ** 63n - 1n, -(2n ** 63n), 1593561600123999n, -86400000000999n];
  for (const v of edges) {
    it(`reads ${v} µs as ms exactly as BigInt division does`, () => {
      expect(eventTimeStats(column([v]))).toEqual(reference([v]));
    });
  }

  it("matches BigInt division over random values of every magnitude, nulls skipped", () => {
    let seed = 7;
    const next = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const values: (bigint | null)[] = [];
    for (let i = 0; i < 5000; i++) {
      if (next() < 0.05) { values.push(null); continue; }
      const bits = BigInt(Math.floor(next() * 62));
      const mag = BigInt(Math.floor(next() * 2 ** 30)) * 2n ** bits / 2n ** 30n + BigInt(Math.floor(next() * 1000));
      values.push(next() < 0.5 ? -mag : mag);
    }
    expect(eventTimeStats(column(values))).toEqual(reference(values));
    expect(eventTimeStats(column([null, null]))).toBeNull();
  });
});

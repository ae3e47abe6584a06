import { describe, expect, it } from "vitest";
import { LongType, TimestampType } from "../../types/data-types.js";
import { vectorToValues, type Vec } from "../vector.js";
import { takeVector } from "./take.js";

describe("takeVector of 64-bit columns (copied as words)", () => {
  const values = [0n, 1n, -1n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 4294967296n, -4294967297n, 1593563132000000n];
  // A view into a bigger buffer (byteOffset 16), as a slice of a source column is.
  const backing = new BigInt64Array(values.length + 3);
  backing.set(values, 2);
  const view = backing.subarray(2, 2 + values.length);
  const valid = Uint8Array.from(values.map((_v, i) => (i === 2 ? 0 : 1)));

  for (const [name, type] of [["long", LongType()], ["timestamp", TimestampType()]] as const) {
    it(`gathers ${name} values exactly, nulls and -1 indices as nulls`, () => {
      const v: Vec = { type, length: values.length, values: view, valid };
      const indices = Int32Array.from([8, 0, 5, 4, -1, 3, 3, 7, 2, 6, 1]);
      const got = takeVector(v, indices);
      const want = Array.from(indices, (j) => (j < 0 || j === 2 ? null : values[j]!));
      expect(vectorToValues(got)).toEqual(want);
      expect(got.values).toBeInstanceOf(BigInt64Array);
      const noNulls: Vec = { type, length: values.length, values: view, valid: null };
      expect(vectorToValues(takeVector(noNulls, Int32Array.from([5, 4, 0])))).toEqual([values[5], values[4], values[0]]);
    });
  }
});

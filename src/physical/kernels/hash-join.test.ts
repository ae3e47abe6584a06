import { describe, expect, it } from "vitest";
import type { JoinType } from "../../logical/plan.js";
import { DoubleType, IntegerType, LongType, StringType, type DataType } from "../../types/data-types.js";
import { vectorFromValues, type Vec } from "../vector.js";
import { hashJoin } from "./hash-join.js";

/** mulberry32: a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The same key values as strings: strings have no typed-lane form, so this join takes the general
 * Map path, the reference the typed path must reproduce pair for pair (NaN and -0.0 spelt as
 * Spark groups them: NaN = NaN, -0.0 = 0.0).
 */
function asStrings(v: Vec): Vec {
  const out = Array.from({ length: v.length }, (_x, i) => {
    if (v.valid !== null && v.valid[i] === 0) return null;
    const x = v.values[i] as number | bigint;
    return typeof x === "number" && Number.isNaN(x) ? "NaN" : String(x === 0 ? 0 : x);
  });
  return vectorFromValues(StringType(), out);
}

describe("hashJoin on typed keys", () => {
  const types: [string, DataType, (r: () => number) => unknown][] = [
    ["int", IntegerType(), (r) => Math.floor(r() * 20) - 5],
    ["long", LongType(), (r) => BigInt(Math.floor(r() * 20)) * 3_000_000_000n],
    ["double", DoubleType(), (r) => [0, -0, NaN, 1.5, -2.25, 7][Math.floor(r() * 6)]],
  ];
  const joinTypes: JoinType[] = ["inner", "left", "right", "full", "left_semi", "left_anti"];
  for (const [name, type, gen] of types) {
    for (const nullSafe of [[false, false], [true, true], [true, false]]) {
      it(`${name} keys, null-safe ${JSON.stringify(nullSafe)}: same pairs as the general path`, () => {
        const r = rng(name.length * 31 + nullSafe.filter(Boolean).length);
        const make = (n: number): Vec[] => [
          vectorFromValues(type, Array.from({ length: n }, () => (r() < 0.15 ? null : gen(r)))),
          vectorFromValues(IntegerType(), Array.from({ length: n }, () => (r() < 0.1 ? null : Math.floor(r() * 3)))),
        ];
        const left = make(300);
        const right = make(200);
        for (const jt of joinTypes) {
          const typed = hashJoin(left, right, nullSafe, jt, 300, 200, null);
          const general = hashJoin(left.map(asStrings), right.map(asStrings), nullSafe, jt, 300, 200, null);
          expect(Array.from(typed.left)).toEqual(Array.from(general.left));
          expect(Array.from(typed.right)).toEqual(Array.from(general.right));
        }
        expect(hashJoin(left, right, nullSafe, "inner", 300, 200, null).left.length).toBeGreaterThan(0);
      });
    }
  }
});

import { describe, expect, it } from "vitest";
import { IntegerType, LongType } from "../../types/data-types.js";
import { defaultExecContext } from "../exec-context.js";
import { vectorFromValues, vectorToValues } from "../vector.js";
import { arithmetic } from "./arithmetic.js";

describe("arithmetic by zero with ANSI off", () => {
  // Spark: `x % 0` and `x div 0` are NULL when spark.sql.ansi.enabled is false.
  it("nulls the rows whose divisor is zero without touching the operands' null masks", () => {
    for (const t of [IntegerType(), LongType()]) {
      const wrap = (xs: (number | null)[]): unknown[] => xs.map((x) => (x === null || t.kind !== "long" ? x : BigInt(x)));
      const left = vectorFromValues(t, wrap([7, null, 9, 4]));
      const right = vectorFromValues(t, wrap([0, 2, 2, 0]));
      const leftMask = new Uint8Array(left.valid!);
      const out = arithmetic("%", left, right, defaultExecContext({ ansi: false }));
      expect(vectorToValues(out)).toEqual(wrap([null, null, 1, null]));
      expect(left.valid).toEqual(leftMask);
      expect(right.valid).toBeNull();
    }
  });

  it("raises DIVIDE_BY_ZERO-style errors with ANSI on", () => {
    const left = vectorFromValues(IntegerType(), [1]);
    const right = vectorFromValues(IntegerType(), [0]);
    expect(() => arithmetic("div", left, right, defaultExecContext({ ansi: true }))).toThrow(/DIVIDE_BY_ZERO/);
  });
});

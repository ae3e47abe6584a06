import { describe, expect, it } from "vitest";
import { IntegerType, LongType, StringType } from "../../types/data-types.js";
import { getValue, vectorFromValues } from "../vector.js";
import { castVector } from "./cast.js";

const ctx = (ansi: boolean) => ({ ansi, timeZone: "UTC", nowMicros: 0n });
const values = (v: ReturnType<typeof castVector>) => Array.from({ length: v.length }, (_, i) => getValue(v, i));

describe("castVector", () => {
  it("try_cast parses as ANSI does (a fraction is not an int) even with ANSI off", () => {
    const s = vectorFromValues(StringType(), ["-3.5", " 17 ", "x"]);
    expect(values(castVector(s, IntegerType(), ctx(false), true))).toEqual([null, 17, null]);
    expect(values(castVector(s, IntegerType(), ctx(true), true))).toEqual([null, 17, null]);
    expect(values(castVector(s, IntegerType(), ctx(false)))).toEqual([-3, 17, null]);
    const big = vectorFromValues(LongType(), [9223372036854775807n]);
    expect(values(castVector(big, IntegerType(), ctx(false), true))).toEqual([null]);
  });
  it("words CAST_OVERFLOW as Spark 4 does (no advice to turn ANSI off)", () => {
    const big = vectorFromValues(LongType(), [9223372036854775807n]);
    expect(() => castVector(big, IntegerType(), ctx(true))).toThrow(
      '[CAST_OVERFLOW] The value 9223372036854775807L of the type "BIGINT" cannot be cast to "INT" due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead. SQLSTATE: 22003',
    );
  });
});

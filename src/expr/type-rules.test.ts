import { describe, expect, it } from "vitest";
import { DoubleType, FloatType, IntegerType, LongType, ShortType } from "../types/data-types.js";
import { arithmeticTypes, commonType, widerType } from "./type-rules.js";

// Expected types from Spark 4.1.1 (test/differential/expressions.test.ts runs the same queries).
describe("widerType", () => {
  it("widens an integral type with float to double under ANSI, to float otherwise (AnsiTypeCoercion)", () => {
    expect(widerType(IntegerType(), FloatType())).toEqual(DoubleType());
    expect(widerType(FloatType(), LongType(), true)).toEqual(DoubleType());
    expect(widerType(ShortType(), FloatType(), false)).toEqual(FloatType());
    expect(widerType(FloatType(), FloatType())).toEqual(FloatType());
    expect(widerType(FloatType(), DoubleType())).toEqual(DoubleType());
  });
  it("applies to arithmetic and CASE/coalesce branches", () => {
    expect(arithmeticTypes("*", FloatType(), IntegerType(), true)?.resultType).toEqual(DoubleType());
    expect(arithmeticTypes("*", FloatType(), IntegerType(), false)?.resultType).toEqual(FloatType());
    expect(commonType([FloatType(), IntegerType()], true)).toEqual(DoubleType());
    expect(commonType([FloatType(), IntegerType()], false)).toEqual(FloatType());
  });
});

import { describe, expect, it } from "vitest";
import { decimalToPlainString, javaDoubleToString, javaFloatToString } from "./java-format.js";

// Expected strings are Java's documented Double.toString/Float.toString outputs.
describe("javaDoubleToString", () => {
  it.each([
    [1, "1.0"], [1.5, "1.5"], [-2.25, "-2.25"], [0, "0.0"], [-0, "-0.0"], [1e7, "1.0E7"], [9999999, "9999999.0"],
    [1e10, "1.0E10"], [1.2345e10, "1.2345E10"], [0.001, "0.001"], [0.0001, "1.0E-4"], [1.5e-7, "1.5E-7"],
    [123456.789, "123456.789"], [0.1 + 0.2, "0.30000000000000004"], [NaN, "NaN"], [Infinity, "Infinity"],
    [-Infinity, "-Infinity"], [1e21, "1.0E21"], [100, "100.0"], [Number.MAX_VALUE, "1.7976931348623157E308"],
  ])("%s -> %s", (x, s) => expect(javaDoubleToString(x)).toBe(s));
});

describe("javaFloatToString", () => {
  it.each([
    [Math.fround(1.5), "1.5"], [Math.fround(0.1), "0.1"], [Math.fround(3.14159), "3.14159"],
    [Math.fround(1e10), "1.0E10"], [Math.fround(16777216), "1.6777216E7"], [Math.fround(-0.5), "-0.5"],
    [Math.fround(2.2), "2.2"],
  ])("%s -> %s", (x, s) => expect(javaFloatToString(x)).toBe(s));
});

describe("decimalToPlainString", () => {
  it("places the point by scale", () => {
    expect(decimalToPlainString(12345n, 2)).toBe("123.45");
    expect(decimalToPlainString(-5n, 3)).toBe("-0.005");
    expect(decimalToPlainString(7n, 0)).toBe("7");
  });
});

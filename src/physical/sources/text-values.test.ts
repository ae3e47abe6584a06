import { describe, expect, it } from "vitest";
import { parseBigDecimal, parseJavaDouble, parseJavaInt, parseJavaLong, parseScalaBoolean, toDecimalUnscaled } from "./text-values.js";

// Expected values are the JVM's (Integer.parseInt, Double.parseDouble, new BigDecimal).
describe("JVM text parsers", () => {
  it("parseInt allows a sign and leading zeros, not whitespace or overflow", () => {
    expect(parseJavaInt("+2")).toBe(2);
    expect(parseJavaInt("01")).toBe(1);
    expect(parseJavaInt(" 4")).toBeNull();
    expect(parseJavaInt("2147483648")).toBeNull();
    expect(parseJavaLong("2147483648")).toBe(2147483648n);
    expect(parseJavaLong("9223372036854775808")).toBeNull();
  });
  it("parseDouble trims, takes suffixes, NaN and Infinity, rejects 0x10", () => {
    expect(parseJavaDouble(" 4")).toBe(4);
    expect(parseJavaDouble("1.5d")).toBe(1.5);
    expect(parseJavaDouble("Infinity")).toBe(Infinity);
    expect(parseJavaDouble("-NaN")).toBeNaN();
    expect(parseJavaDouble("0x10")).toBeNull();
    expect(parseJavaDouble("0x1p3")).toBe(8);
    expect(parseJavaDouble("1e5")).toBe(100000);
    expect(parseJavaDouble("abc")).toBeNull();
  });
  it("BigDecimal keeps scale and precision; HALF_UP rescaling checks precision", () => {
    expect(parseBigDecimal("1e5")).toEqual({ unscaled: 1n, scale: -5, precision: 1 });
    expect(parseBigDecimal("12345678901234567890")).toEqual({ unscaled: 12345678901234567890n, scale: 0, precision: 20 });
    expect(parseBigDecimal("-1.50")).toEqual({ unscaled: -150n, scale: 2, precision: 3 });
    expect(parseBigDecimal(" 1")).toBeNull();
    expect(toDecimalUnscaled(parseBigDecimal("1.005")!, 10, 2)).toBe(101n);
    expect(toDecimalUnscaled(parseBigDecimal("-1.005")!, 10, 2)).toBe(-101n);
    expect(toDecimalUnscaled(parseBigDecimal("1000")!, 3, 0)).toBeNull();
  });
  it("toBoolean is case-insensitive true/false only", () => {
    expect(parseScalaBoolean("TRUE")).toBe(true);
    expect(parseScalaBoolean("False")).toBe(false);
    expect(parseScalaBoolean("1")).toBeNull();
  });
});

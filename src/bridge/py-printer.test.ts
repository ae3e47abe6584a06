import { describe, expect, it } from "vitest";
import { binop, fcall, float, int, method, name, str, unary } from "./py-ast.js";
import { printExpr, printStmt } from "./py-printer.js";
import { pyFloatLiteral, pyStringLiteral } from "./py-string.js";
import { intervalText } from "./interval-text.js";

const a = fcall("col", [str("a")]);
const b = fcall("col", [str("b")]);

describe("py-printer", () => {
  it("parenthesises comparisons under & and |, and never chains them", () => {
    expect(printExpr(binop("&", binop(">", a, int(1)), binop("<", b, int(2))))).toBe('(F.col("a") > 1) & (F.col("b") < 2)');
    expect(printExpr(binop("==", binop("<", a, b), bool()))).toBe('(F.col("a") < F.col("b")) == True');
    expect(printExpr(binop("|", binop("&", a, b), a))).toBe('F.col("a") & F.col("b") | F.col("a")');
    expect(printExpr(binop("&", a, binop("|", b, a)))).toBe('F.col("a") & (F.col("b") | F.col("a"))');
  });
  it("respects arithmetic precedence and left associativity", () => {
    expect(printExpr(binop("*", binop("+", a, int(1)), int(2)))).toBe('(F.col("a") + 1) * 2');
    expect(printExpr(binop("-", a, binop("-", b, int(1))))).toBe('F.col("a") - (F.col("b") - 1)');
    expect(printExpr(binop("-", binop("-", a, b), int(1)))).toBe('F.col("a") - F.col("b") - 1');
    expect(printExpr(unary("~", binop("==", a, int(1))))).toBe('~(F.col("a") == 1)');
    expect(printExpr(method(binop("%", a, int(2)), "alias", [str("m")]))).toBe('(F.col("a") % 2).alias("m")');
    expect(printExpr(binop("+", a, int(-1)))).toBe('F.col("a") + -1');
    expect(printExpr(method(int(-1), "x"))).toBe("(-1).x()");
  });
  it("lays out chains one method per line", () => {
    const chain = method(method(name("df"), "filter", [binop(">", a, int(1))]), "limit", [int(3)]);
    expect(printStmt({ kind: "assign", target: "r", value: chain })).toBe('r = (\n    df.filter(F.col("a") > 1)\n    .limit(3)\n)');
  });
});

describe("literals", () => {
  it("quotes strings safely", () => {
    expect(pyStringLiteral('a"b\\c\n\u2028\u0000é')).toBe('"a\\"b\\\\c\\n\\u2028\\x00é"');
    expect(pyStringLiteral("🚕")).toBe('"🚕"');
  });
  it("writes floats that stay floats and round-trip", () => {
    expect(pyFloatLiteral(2)).toBe("2.0");
    expect(pyFloatLiteral(0.1)).toBe("0.1");
    expect(pyFloatLiteral(1e21)).toBe("1e+21");
    expect(pyFloatLiteral(-0)).toBe("-0.0");
    expect(pyFloatLiteral(Number.NEGATIVE_INFINITY)).toBe('float("-inf")');
    expect(printExpr(float(Number.NaN))).toBe('float("nan")');
  });
  it("writes intervals with the largest exact unit", () => {
    expect(intervalText(600_000_000)).toBe("10 minutes");
    expect(intervalText(1_000_000)).toBe("1 second");
    expect(intervalText(1_500_000)).toBe("1500 milliseconds");
  });
});

function bool() {
  return { kind: "bool", value: true } as const;
}

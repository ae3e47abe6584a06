import { describe, expect, it } from "vitest";
import { col, first, last, pow } from "./functions.js";
import { exprName } from "./expr-name.js";

// Names as Spark 4.1.1 generates them for PySpark's Column API.
describe("exprName", () => {
  it("names PySpark's -col negative(col), SQL's unary minus (- col)", () => {
    expect(exprName(col("i").negate().expr)).toBe("negative(i)");
    expect(exprName({ kind: "unary", op: "negate", child: col("i").expr })).toBe("(- i)");
  });
  it("names first/last with ignorenulls without an IGNORE NULLS suffix", () => {
    expect(exprName(first("x", true).expr)).toBe("first(x)");
    expect(exprName(last("x", true).expr)).toBe("last(x)");
  });
  it("names pow POWER(a, b) as Spark's Pow prints it", () => {
    expect(exprName(pow("d", 2).expr)).toBe("POWER(d, 2)");
  });
  it("names rlike RLIKE(s, p) and like s LIKE p", () => {
    expect(exprName(col("s").rlike("^\\d+$").expr)).toBe("RLIKE(s, ^\\d+$)");
    expect(exprName(col("s").like("a%").expr)).toBe("s LIKE a%");
  });
});

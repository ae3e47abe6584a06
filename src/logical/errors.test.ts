import { describe, expect, it } from "vitest";
import { suggestions } from "./errors.js";

// Each expected list is what Spark 4.1.1 printed for the same columns and missing name.
describe("suggestions", () => {
  const cols = ["id", "i", "l", "d", "f", "s", "total"].map((c) => [c]);
  it("ranks backquoted candidates by case-sensitive distance to the bare name, ties in name order", () => {
    expect(suggestions("totl", cols)).toEqual(["`total`", "`d`", "`f`", "`i`", "`id`"]);
    expect(suggestions("zzzz", cols)).toEqual(["`d`", "`f`", "`i`", "`id`", "`l`"]);
    expect(suggestions("Total2", cols)).toEqual(["`total`", "`l`", "`d`", "`f`", "`i`"]);
    const abc = ["bbb", "aaa", "ccc", "abc", "xyz", "b", "a"].map((c) => [c]);
    expect(suggestions("abd", abc)).toEqual(["`b`", "`a`", "`abc`", "`aaa`", "`bbb`"]);
  });
  it("strips a qualifier all candidates share", () => {
    expect(suggestions("nme", [["t", "name"], ["t", "id"]])).toEqual(["`name`", "`id`"]);
  });
});

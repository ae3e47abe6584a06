import { describe, expect, it } from "vitest";
import { tokenize, unescapeSqlString } from "./tokenizer.js";

const texts = (src: string): string[] => tokenize(src).map((t) => `${t.kind}:${t.text}`);

describe("tokenize", () => {
  it("splits words, numbers with suffixes, operators and strings with positions", () => {
    expect(texts("a+1.5D<=>`b c` 'x'")).toEqual(["word:a", "op:+", "number:1.5D", "op:<=>", "quoted:b c", "string:x", "eof:"]);
    const toks = tokenize("SELECT  a");
    expect(toks.map((t) => [t.pos, t.end])).toEqual([[0, 6], [8, 9], [9, 9]]);
  });
  it("reads 123abc as an identifier and 1e3 / 10L / .5 as numbers, like Spark's lexer", () => {
    expect(texts("123abc 1e3 10L .5 1.")).toEqual(["word:123abc", "number:1e3", "number:10L", "number:.5", "number:1.", "eof:"]);
  });
  it("skips -- and /* */ comments", () => {
    expect(texts("a--1\n+ /* c */ b")).toEqual(["word:a", "op:+", "word:b", "eof:"]);
  });
  it("unescapes strings as unescapeSQLString does", () => {
    expect(texts(`'it''s' "a\\tb" '\\u0041\\101' 'x\\%'`)).toEqual(["string:it's", "string:a\tb", "string:AA", "string:x\\%", "eof:"]);
    expect(unescapeSqlString("a\\nb\\Z")).toBe("a\nb\u001A");
  });
  it("fails with a position on an unterminated string or an unknown character", () => {
    expect(() => tokenize("a = 'oops")).toThrow(/PARSE_SYNTAX_ERROR.*line 1, pos 4/);
    expect(() => tokenize("a # b")).toThrow(/at or near '#'.*pos 2/);
  });
});

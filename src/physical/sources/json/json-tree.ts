/**
 * A small JSON parser for JSON-lines records that keeps what Spark's Jackson-based reader sees
 * and `JSON.parse` loses: a number's text (so `1` is integral and `1.0` fractional, and
 * 12345678901234567890 stays exact) and each value's source span (a value read into a STRING
 * column is its raw text). Accepts Jackson's options as Spark sets them: single-quoted strings,
 * NaN/Infinity; rejects leading zeros and comments. Text after the first value is ignored, as in Spark.
 *
 * ```ts
 * const v = parseJsonTree('{"a": 1, "b": [1.5]}');
 * v.kind === "object" && v.keys; // ["a", "b"]
 * ```
 */

export type JsonNode =
  | { readonly kind: "object"; readonly keys: string[]; readonly values: JsonNode[]; readonly start: number; readonly end: number }
  | { readonly kind: "array"; readonly items: JsonNode[]; readonly start: number; readonly end: number }
  | { readonly kind: "string"; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: "number"; readonly text: string; readonly integral: boolean; readonly start: number; readonly end: number }
  | { readonly kind: "boolean"; readonly value: boolean; readonly start: number; readonly end: number }
  | { readonly kind: "null"; readonly start: number; readonly end: number };

/** A syntax error at a character offset. */
export class JsonSyntaxError extends Error {
  constructor(readonly offset: number, what: string) { super(`${what} at character ${offset + 1}`); }
}

const NUM_RE = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++; else break;
    }
  }

  value(depth: number): JsonNode {
    if (depth > 1000) throw new JsonSyntaxError(this.i, "nesting too deep");
    this.ws();
    const s = this.s; const start = this.i;
    const c = s[this.i];
    if (c === "{") {
      this.i++;
      const keys: string[] = []; const values: JsonNode[] = [];
      this.ws();
      if (s[this.i] === "}") { this.i++; return { kind: "object", keys, values, start, end: this.i }; }
      for (;;) {
        this.ws();
        const q = s[this.i];
        if (q !== "\"" && q !== "'") throw new JsonSyntaxError(this.i, "expected a field name in double quotes");
        keys.push(this.string(q));
        this.ws();
        if (s[this.i] !== ":") throw new JsonSyntaxError(this.i, "expected ':'");
        this.i++;
        values.push(this.value(depth + 1));
        this.ws();
        if (s[this.i] === ",") { this.i++; continue; }
        if (s[this.i] === "}") { this.i++; return { kind: "object", keys, values, start, end: this.i }; }
        throw new JsonSyntaxError(this.i, "expected ',' or '}'");
      }
    }
    if (c === "[") {
      this.i++;
      const items: JsonNode[] = [];
      this.ws();
      if (s[this.i] === "]") { this.i++; return { kind: "array", items, start, end: this.i }; }
      for (;;) {
        items.push(this.value(depth + 1));
        this.ws();
        if (s[this.i] === ",") { this.i++; continue; }
        if (s[this.i] === "]") { this.i++; return { kind: "array", items, start, end: this.i }; }
        throw new JsonSyntaxError(this.i, "expected ',' or ']'");
      }
    }
    if (c === "\"" || c === "'") { const value = this.string(c); return { kind: "string", value, start, end: this.i }; }
    if (s.startsWith("true", this.i)) { this.i += 4; return { kind: "boolean", value: true, start, end: this.i }; }
    if (s.startsWith("false", this.i)) { this.i += 5; return { kind: "boolean", value: false, start, end: this.i }; }
    if (s.startsWith("null", this.i)) { this.i += 4; return { kind: "null", start, end: this.i }; }
    for (const word of ["NaN", "Infinity", "+Infinity", "-Infinity"]) {
      if (s.startsWith(word, this.i)) { this.i += word.length; return { kind: "number", text: word, integral: false, start, end: this.i }; }
    }
    NUM_RE.lastIndex = this.i;
    const m = NUM_RE.exec(s);
    if (m !== null && m[0].length > 0 && !/^-?0\d/.test(s.slice(this.i, this.i + 3))) {
      this.i += m[0].length;
      return { kind: "number", text: m[0], integral: m[1] === undefined && m[2] === undefined, start, end: this.i };
    }
    throw new JsonSyntaxError(this.i, c === undefined ? "unexpected end of input" : `unexpected character '${c}'`);
  }

  string(q: string): string {
    const s = this.s;
    let i = this.i + 1; let out = ""; let from = i;
    for (;;) {
      if (i >= s.length) throw new JsonSyntaxError(i, "unterminated string");
      const c = s[i]!;
      if (c === q) { out += s.slice(from, i); this.i = i + 1; return out; }
      if (c === "\\") {
        out += s.slice(from, i);
        const e = s[i + 1];
        switch (e) {
          case "\"": case "\\": case "/": case "'": out += e; i += 2; break;
          case "b": out += "\b"; i += 2; break;
          case "f": out += "\f"; i += 2; break;
          case "n": out += "\n"; i += 2; break;
          case "r": out += "\r"; i += 2; break;
          case "t": out += "\t"; i += 2; break;
          case "u": {
            const h = s.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new JsonSyntaxError(i, "bad \\u escape");
            out += String.fromCharCode(parseInt(h, 16)); i += 6; break;
          }
          default: throw new JsonSyntaxError(i, `unrecognized escape '\\${e ?? ""}'`);
        }
        from = i; continue;
      }
      if (s.charCodeAt(i) < 32) throw new JsonSyntaxError(i, "unescaped control character in a string");
      i++;
    }
  }
}

/** Parses the first JSON value of `text`; null for a blank line. Throws JsonSyntaxError. */
export function parseJsonTree(text: string): JsonNode | null {
  const p = new Parser(text);
  p.ws();
  if (p.i >= text.length) return null;
  return p.value(0);
}

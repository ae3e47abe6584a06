/**
 * The SQL lexer: splits text into positioned tokens following the lexer rules of Spark's
 * SqlBaseLexer.g4 (sql/api/src/main/antlr4/org/apache/spark/sql/catalyst/parser/): identifiers are
 * runs of letters, digits and `_` (so `123abc` is an identifier), numbers carry their suffix
 * (`10L`, `1.5D`, `2BD`), strings use `'…'` or `"…"` with backslash escapes and a doubled quote,
 * and `--` / `/* … *\/` are comments.
 *
 * ```ts
 * tokenize("a + 1.5D -- note").map((t) => t.text); // ["a", "+", "1.5D", ""]
 * ```
 */
import { syntaxError } from "./parse-error.js";

export type TokenKind = "word" | "quoted" | "number" | "string" | "op" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** Words and numbers as written; quoted identifiers and strings unescaped; "" at the end. */
  readonly text: string;
  /** Offset of the first character. */
  readonly pos: number;
  /** Offset just past the last character. */
  readonly end: number;
}

/** Multi-character operators first, so the longest one wins (as ANTLR's lexer does). */
const OPERATORS = ["<=>", "<>", "!=", "<=", ">=", "==", "||", "::", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".", "[", "]", "!", "~", "&", "|", "^", ";", ":"];

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:[bB][dD]|[dDfFlLsSyY])?/;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Tokens of `src`, ending with one `eof` token; throws PARSE_SYNTAX_ERROR for an unterminated
 * string, backquoted name or comment, or a character no rule accepts.
 */
export function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "-" && src[i + 1] === "-") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      const close = src.indexOf("*/", i + 2);
      if (close < 0) throw syntaxError(src, i, null, "Close the comment with */.");
      i = close + 2;
      continue;
    }
    if (c === "`") { const t = quotedName(src, i); toks.push(t); i = t.end; continue; }
    if (c === "'" || c === '"') { const t = stringLiteral(src, i, c); toks.push(t); i = t.end; continue; }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m = NUMBER.exec(src.slice(i))!;
      const after = src[i + m[0].length] ?? "";
      if (!WORD_CHAR.test(after)) { toks.push({ kind: "number", text: m[0], pos: i, end: i + m[0].length }); i += m[0].length; continue; }
      // `123abc` is an IDENTIFIER in Spark's lexer (the longest match wins); `1.5x` falls through to it too.
      if (c !== ".") { const t = word(src, i); toks.push(t); i = t.end; continue; }
    }
    if (WORD_CHAR.test(c)) { const t = word(src, i); toks.push(t); i = t.end; continue; }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw syntaxError(src, i, c);
    toks.push({ kind: "op", text: op, pos: i, end: i + op.length });
    i += op.length;
  }
  toks.push({ kind: "eof", text: "", pos: src.length, end: src.length });
  return toks;
}

function word(src: string, start: number): Token {
  let j = start;
  while (j < src.length && WORD_CHAR.test(src[j]!)) j++;
  return { kind: "word", text: src.slice(start, j), pos: start, end: j };
}

function quotedName(src: string, start: number): Token {
  let j = start + 1;
  let text = "";
  for (;;) {
    if (j >= src.length) throw syntaxError(src, start, "`", "Close the backquoted name with `.");
    if (src[j] === "`") {
      if (src[j + 1] === "`") { text += "`"; j += 2; continue; }
      break;
    }
    text += src[j]; j++;
  }
  return { kind: "quoted", text, pos: start, end: j + 1 };
}

function stringLiteral(src: string, start: number, q: string): Token {
  let j = start + 1;
  let raw = "";
  for (;;) {
    if (j >= src.length) throw syntaxError(src, start, q, `Close the string with ${q}.`);
    const ch = src[j]!;
    if (ch === "\\" && j + 1 < src.length) { raw += ch + src[j + 1]!; j += 2; continue; }
    if (ch === q) {
      if (src[j + 1] === q) { raw += `\\${q}`; j += 2; continue; }
      break;
    }
    raw += ch; j++;
  }
  return { kind: "string", text: unescapeSqlString(raw), pos: start, end: j + 1 };
}

/**
 * Spark's `SparkParserUtils.unescapeSQLString` for the body of a literal: `\n \t \r \b \0 \Z`,
 * `\uXXXX`, three-digit octal, and `\%` / `\_` kept with their backslash (they are LIKE escapes).
 */
export function unescapeSqlString(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== "\\" || i + 1 >= raw.length) { out += c; continue; }
    const n = raw[i + 1]!;
    if (n === "u" && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) { out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)); i += 5; continue; }
    if (/^[0-3][0-7]{2}$/.test(raw.slice(i + 1, i + 4))) { out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 4), 8)); i += 3; continue; }
    i++;
    switch (n) {
      case "0": out += "\u0000"; break;
      case "b": out += "\b"; break;
      case "n": out += "\n"; break;
      case "r": out += "\r"; break;
      case "t": out += "\t"; break;
      case "Z": out += "\u001A"; break;
      case "%": out += "\\%"; break;
      case "_": out += "\\_"; break;
      default: out += n;
    }
  }
  return out;
}

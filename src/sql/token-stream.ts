/**
 * A cursor over the tokens of one SQL text, shared by the expression and query parsers: keyword
 * tests are case-insensitive (Spark's lexer is), and every failure becomes a positioned
 * PARSE_SYNTAX_ERROR naming the token where parsing stopped.
 *
 * ```ts
 * const ts = new TokenStream("SELECT a");
 * ts.expectKeyword("select"); ts.peek().text; // "a"
 * ```
 */
import type { AnalysisError } from "../common/errors.js";
import { syntaxError } from "./parse-error.js";
import { tokenize, type Token } from "./tokenizer.js";

/** A cursor over tokens with helpers for keywords and operators. */
export class TokenStream {
  readonly src: string;
  private readonly toks: Token[];
  private i = 0;

  constructor(src: string) {
    this.src = src;
    this.toks = tokenize(src);
  }

  /** The token `ahead` positions from the current one (the eof token past the end). */
  peek(ahead = 0): Token { return this.toks[Math.min(this.i + ahead, this.toks.length - 1)]!; }
  /** Consumes and returns the current token. */
  next(): Token { const t = this.peek(); if (this.i < this.toks.length - 1) this.i++; return t; }
  /** True at the end of the input. */
  atEnd(): boolean { return this.peek().kind === "eof"; }
  /** Position to return to with {@link reset}. */
  mark(): number { return this.i; }
  /** Goes back to a {@link mark}. */
  reset(mark: number): void { this.i = mark; }

  /** True if the token `ahead` is the (unquoted) word `kw`, case-insensitively. */
  isKeyword(kw: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "word" && t.text.toLowerCase() === kw;
  }
  /** True if the token `ahead` is the operator `op`. */
  isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "op" && t.text === op;
  }
  /** Consumes the keyword if present. */
  acceptKeyword(kw: string): boolean { if (!this.isKeyword(kw)) return false; this.next(); return true; }
  /** Consumes the operator if present. */
  acceptOp(op: string): boolean { if (!this.isOp(op)) return false; this.next(); return true; }
  /** Consumes the keyword or fails. */
  expectKeyword(kw: string): Token {
    if (!this.isKeyword(kw)) throw this.error(`Expected ${kw.toUpperCase()}.`);
    return this.next();
  }
  /** Consumes the operator or fails. */
  expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.error(`Expected '${op}'.`);
    return this.next();
  }

  /** Fails unless at the end; ANTLR reports a leftover token as `extra input`. */
  expectEnd(): void {
    if (this.atEnd()) return;
    const t = this.peek();
    const text = this.src.slice(t.pos, t.end);
    throw syntaxError(this.src, t.pos, `${text}': extra input '${text}`, "Remove the extra text or join it with an operator.");
  }

  /** PARSE_SYNTAX_ERROR at the current token (or at `at`). */
  error(hint?: string, at: Token = this.peek()): AnalysisError {
    return syntaxError(this.src, at.pos, at.kind === "eof" ? null : this.src.slice(at.pos, at.end), hint);
  }
}

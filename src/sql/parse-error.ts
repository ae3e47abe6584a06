/**
 * Syntax errors worded and laid out as Spark's parser lays them out
 * (`ParseException.getMessage` in sql/api/.../parser/parsers.scala): the error class, the line and
 * 0-based column, then the SQL text with a `----^^^` marker under the offending token.
 *
 * ```ts
 * syntaxError("SELECT a +", 10, null);
 * // [PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 10)
 * //
 * // == SQL ==
 * // SELECT a +
 * // ----------^^^
 * ```
 */
import { AnalysisError } from "../common/errors.js";

/** 1-based line and 0-based column of an offset, as Spark reports them. */
export function lineAndColumn(src: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < src.length; i++) {
    if (src[i] === "\n") { line++; start = i + 1; }
  }
  return { line, column: pos - start };
}

/** The `== SQL ==` block: the text with a marker line inserted after the line of `pos`. */
export function sqlWithMarker(src: string, pos: number): string {
  const { line, column } = lineAndColumn(src, pos);
  const lines = src.split("\n");
  const marker = `${"-".repeat(column)}^^^`;
  lines.splice(line, 0, marker);
  return `== SQL ==\n${lines.join("\n")}\n`;
}

/**
 * `[PARSE_SYNTAX_ERROR]` at `pos`; `near` is the offending token's text, null at the end of input.
 * `hint` says what Kindling expected there.
 */
export function syntaxError(src: string, pos: number, near: string | null, hint?: string): AnalysisError {
  const { line, column } = lineAndColumn(src, pos);
  const at = near === null ? "end of input" : `'${near}'`;
  return new AnalysisError(
    `[PARSE_SYNTAX_ERROR] Syntax error at or near ${at}. SQLSTATE: 42601 (line ${line}, pos ${column})\n\n${sqlWithMarker(src, pos)}`,
    { context: { line, position: column, near: near ?? "end of input" }, ...(hint === undefined ? {} : { hint }) },
  );
}

/**
 * A parse-time error of another class (a bad literal, an unknown type, a missing view) in the
 * layout Spark uses for errors with a query context: `== SQL (line 1, position 8) ==`
 * (1-based), the line, and `^` under the `length` characters of the fragment.
 */
export function parseError(src: string, pos: number, message: string, hint?: string, length = 1): AnalysisError {
  const { line, column } = lineAndColumn(src, pos);
  const text = src.split("\n")[line - 1] ?? "";
  const carets = "^".repeat(Math.max(1, Math.min(length, text.length - column)));
  return new AnalysisError(`${message}\n== SQL (line ${line}, position ${column + 1}) ==\n${text}\n${" ".repeat(column)}${carets}\n`, {
    context: { line, position: column },
    ...(hint === undefined ? {} : { hint }),
  });
}

/** An error found while building a node, before its position is known; the parser adds it. */
export class UnpositionedError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

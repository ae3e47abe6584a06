/**
 * A small Python syntax tree: just what a PySpark script needs (names, literals, attribute
 * chains, calls with keyword arguments, subscripts, operators, lists, dicts and a few statement
 * forms). The generator builds this tree from a plan; `py-printer.ts` turns it into text, so
 * quoting and parenthesisation live in one place (DataFusion's unparser builds a SQL AST the
 * same way instead of concatenating strings).
 *
 * ```ts
 * const e = call(attr(name("F"), "col"), [str("fare")]);   // F.col("fare")
 * const c = binop(">", e, int(10));                          // F.col("fare") > 10
 * ```
 */

/** Python's binary operators that PySpark overloads on Column. */
export type PyBinOp = "+" | "-" | "*" | "/" | "%" | "&" | "|" | "==" | "!=" | "<" | "<=" | ">" | ">=";

export type PyExpr =
  | { readonly kind: "name"; readonly id: string }
  | { readonly kind: "str"; readonly value: string }
  /** An integer of any size (Python ints are unbounded). */
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "none" }
  /** `b"..."` */
  | { readonly kind: "bytes"; readonly value: Uint8Array }
  | { readonly kind: "attr"; readonly value: PyExpr; readonly attr: string }
  | { readonly kind: "call"; readonly func: PyExpr; readonly args: readonly PyExpr[]; readonly kwargs: readonly (readonly [string, PyExpr])[] }
  | { readonly kind: "subscript"; readonly value: PyExpr; readonly index: PyExpr }
  | { readonly kind: "binop"; readonly op: PyBinOp; readonly left: PyExpr; readonly right: PyExpr }
  | { readonly kind: "unary"; readonly op: "-" | "~"; readonly operand: PyExpr }
  | { readonly kind: "list"; readonly elts: readonly PyExpr[] }
  | { readonly kind: "tuple"; readonly elts: readonly PyExpr[] }
  | { readonly kind: "dict"; readonly entries: readonly (readonly [PyExpr, PyExpr])[] };

export type PyStmt =
  | { readonly kind: "assign"; readonly target: string; readonly value: PyExpr }
  | { readonly kind: "expr"; readonly value: PyExpr }
  /** `import module` or `from module import name [as alias]`. */
  | { readonly kind: "import"; readonly module: string; readonly name?: string; readonly alias?: string }
  /** A `# ...` line; the text is sanitised by the printer (one line, no control characters). */
  | { readonly kind: "comment"; readonly text: string }
  | { readonly kind: "blank" };

/** A Python identifier (the caller guarantees it is one; see `isIdentifier`). */
export const name = (id: string): PyExpr => ({ kind: "name", id });
/** A string literal. */
export const str = (value: string): PyExpr => ({ kind: "str", value });
/** An integer literal. */
export const int = (value: number | bigint): PyExpr => ({ kind: "int", value: BigInt(value) });
/** A float literal (NaN and infinities print as `float("nan")`, `float("inf")`). */
export const float = (value: number): PyExpr => ({ kind: "float", value });
/** `True` / `False`. */
export const bool = (value: boolean): PyExpr => ({ kind: "bool", value });
/** `None`. */
export const none: PyExpr = { kind: "none" };
/** `value.attr` */
export const attr = (value: PyExpr, a: string): PyExpr => ({ kind: "attr", value, attr: a });
/** `func(args..., key=value...)` */
export const call = (func: PyExpr, args: readonly PyExpr[] = [], kwargs: readonly (readonly [string, PyExpr])[] = []): PyExpr => ({ kind: "call", func, args, kwargs });
/** `value.method(args...)`: the building block of method chains. */
export const method = (value: PyExpr, m: string, args: readonly PyExpr[] = [], kwargs: readonly (readonly [string, PyExpr])[] = []): PyExpr => call(attr(value, m), args, kwargs);
/** `value[index]` */
export const subscript = (value: PyExpr, index: PyExpr): PyExpr => ({ kind: "subscript", value, index });
/** `left op right` (the printer adds parentheses where Python's precedence needs them). */
export const binop = (op: PyBinOp, left: PyExpr, right: PyExpr): PyExpr => ({ kind: "binop", op, left, right });
/** `-operand` or `~operand`. */
export const unary = (op: "-" | "~", operand: PyExpr): PyExpr => ({ kind: "unary", op, operand });
/** `[a, b]` */
export const list = (elts: readonly PyExpr[]): PyExpr => ({ kind: "list", elts });
/** `(a, b)` */
export const tuple = (elts: readonly PyExpr[]): PyExpr => ({ kind: "tuple", elts });
/** `{k: v}` */
export const dict = (entries: readonly (readonly [PyExpr, PyExpr])[]): PyExpr => ({ kind: "dict", entries });

/** `F.fn(args...)`: a `pyspark.sql.functions` call. */
export const fcall = (fn: string, args: readonly PyExpr[] = [], kwargs: readonly (readonly [string, PyExpr])[] = []): PyExpr => call(attr(name("F"), fn), args, kwargs);

const KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
  "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
  "return", "try", "while", "with", "yield", "match", "case", "type",
]);

/** True for an ASCII Python identifier that is not a keyword (the only names the generator makes). */
export function isIdentifier(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && !KEYWORDS.has(s);
}

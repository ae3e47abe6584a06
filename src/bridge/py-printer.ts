/**
 * Prints the Python syntax tree of `py-ast.ts` as source text a person would write:
 * - operators get parentheses only where Python's precedence needs them, and always around a
 *   comparison inside another operator (Python chains `a < b < c`, and `&`/`|` bind tighter
 *   than comparisons, so `(a > 1) & (b < 2)` needs them);
 * - a statement whose value is a method chain of two or more calls is laid out one method per
 *   line inside parentheses, as PySpark style guides recommend.
 *
 * ```ts
 * printModule([{ kind: "assign", target: "df", value: chain }]);
 * // df = (
 * //     rides.filter(F.col("fare") > 10)
 * //     .groupBy("vendor")
 * //     .count()
 * // )
 * ```
 */
import { InternalError } from "../common/errors.js";
import type { PyBinOp, PyExpr, PyStmt } from "./py-ast.js";
import { pyBytesLiteral, pyFloatLiteral, pyStringLiteral } from "./py-string.js";

const INDENT = "    ";

// Python's precedence levels (https://docs.python.org/3/reference/expressions.html#operator-precedence).
const CMP = 6;
const BINOP_PREC: Record<PyBinOp, number> = {
  "|": 7, "&": 9, "+": 11, "-": 11, "*": 12, "/": 12, "%": 12,
  "==": CMP, "!=": CMP, "<": CMP, "<=": CMP, ">": CMP, ">=": CMP,
};
const UNARY = 13;
const PRIMARY = 16;
const ATOM = 17;

function precedence(e: PyExpr): number {
  switch (e.kind) {
    case "binop": return BINOP_PREC[e.op];
    case "unary": return UNARY;
    // A negative number is a unary minus to Python's parser: `(-1).bit_length()`.
    case "int": return e.value < 0n ? UNARY : ATOM;
    case "float":
      if (!Number.isFinite(e.value)) return PRIMARY; // float("nan")
      return e.value < 0 || Object.is(e.value, -0) ? UNARY : ATOM;
    case "attr": case "call": case "subscript": return PRIMARY;
    default: return ATOM;
  }
}

/** One expression on one line. Example: `printExpr(binop("+", name("a"), int(1)))` is `a + 1`. */
export function printExpr(e: PyExpr): string {
  switch (e.kind) {
    case "name": return e.id;
    case "str": return pyStringLiteral(e.value);
    case "int": return e.value.toString();
    case "float": return pyFloatLiteral(e.value);
    case "bool": return e.value ? "True" : "False";
    case "none": return "None";
    case "bytes": return pyBytesLiteral(e.value);
    case "attr": return `${primaryOperand(e.value)}.${e.attr}`;
    case "subscript": return `${primaryOperand(e.value)}[${printExpr(e.index)}]`;
    case "call": return `${primaryOperand(e.func)}(${printArgs(e)})`;
    case "binop": {
      const p = BINOP_PREC[e.op];
      // Left-associative; comparisons never chain, so a comparison operand is always wrapped.
      const left = wrapIf(e.left, precedence(e.left) < p || (p === CMP && precedence(e.left) <= CMP));
      const right = wrapIf(e.right, precedence(e.right) <= p);
      return `${left} ${e.op} ${right}`;
    }
    case "unary": return `${e.op}${wrapIf(e.operand, precedence(e.operand) <= UNARY)}`;
    case "list": return `[${e.elts.map(printExpr).join(", ")}]`;
    case "tuple": return e.elts.length === 1 ? `(${printExpr(e.elts[0]!)},)` : `(${e.elts.map(printExpr).join(", ")})`;
    case "dict": return `{${e.entries.map(([k, v]) => `${printExpr(k)}: ${printExpr(v)}`).join(", ")}}`;
  }
}

function primaryOperand(e: PyExpr): string {
  return wrapIf(e, precedence(e) < PRIMARY || e.kind === "int" || e.kind === "float");
}

function wrapIf(e: PyExpr, wrap: boolean): string {
  const s = printExpr(e);
  return wrap ? `(${s})` : s;
}

function printArgs(c: Extract<PyExpr, { kind: "call" }>): string {
  return [...c.args.map(printExpr), ...c.kwargs.map(([k, v]) => `${k}=${printExpr(v)}`)].join(", ");
}

/** The links of a method chain: `base`, then `.a`, `.b(...)`, ... (innermost first). */
interface Link { readonly name: string; readonly args: readonly string[] | null }

const MAX_LINE = 100;

function chainLinks(e: PyExpr): { base: string; links: Link[] } {
  const links: Link[] = [];
  let cur = e;
  for (;;) {
    if (cur.kind === "call" && cur.func.kind === "attr") {
      links.push({ name: cur.func.attr, args: [...cur.args.map(printExpr), ...cur.kwargs.map(([k, v]) => `${k}=${printExpr(v)}`)] });
      cur = cur.func.value;
    } else if (cur.kind === "attr") {
      links.push({ name: cur.attr, args: null });
      cur = cur.value;
    } else break;
  }
  return { base: primaryOperand(cur), links: links.reverse() };
}

/** A link's text; a call too long for one line gets one argument per line. */
function linkText(l: Link, lineStart: string, indent: string): string {
  if (l.args === null) return `.${l.name}`;
  const flat = `.${l.name}(${l.args.join(", ")})`;
  if (l.args.length < 2 || lineStart.length + flat.length <= MAX_LINE) return flat;
  return `.${l.name}(\n${l.args.map((a) => `${indent}${INDENT}${a},`).join("\n")}\n${indent})`;
}

/**
 * An expression as the right-hand side of a statement: a method chain with two or more calls
 * becomes one call per line (attribute-only links such as `.writeStream` stay with the call that
 * follows them), anything else stays on one line unless it is too long.
 */
export function printChain(e: PyExpr, indent = ""): string {
  const { base, links } = chainLinks(e);
  const calls = links.filter((l) => l.args !== null).length;
  if (calls === 0 || (calls === 1 && printExpr(e).length <= MAX_LINE)) return printExpr(e);
  const inner = `${indent}${INDENT}`;
  const lines: string[] = [];
  let line = base;
  let sawCall = false;
  // `pending`: the current line holds only attribute links waiting for their call (`.writeStream`).
  let pending = false;
  for (const l of links) {
    const isCall = l.args !== null;
    if (!sawCall || pending) {
      line += linkText(l, inner + line, inner);
      sawCall ||= isCall;
      pending = pending && !isCall;
      continue;
    }
    lines.push(line);
    line = linkText(l, inner, inner);
    pending = !isCall;
  }
  lines.push(line);
  return `(\n${lines.map((l) => `${inner}${l}`).join("\n")}\n${indent})`;
}

/** One comment line: the text is cut at the first line break and stripped of control characters. */
function commentLine(text: string): string {
  const one = text.split(/[\r\n\u2028\u2029\u0085\f\v]/)[0] ?? "";
  // eslint-disable-next-line no-control-regex
  return `# ${one.replace(/[\u0000-\u001f\u007f]/g, " ")}`.trimEnd();
}

/** A statement (possibly several lines). */
export function printStmt(s: PyStmt): string {
  switch (s.kind) {
    case "assign":
      // Rows of data read best one per line.
      if (s.value.kind === "list" && s.value.elts.length > 0) return `${s.target} = [\n${s.value.elts.map((e) => `${INDENT}${printExpr(e)},`).join("\n")}\n]`;
      return `${s.target} = ${printChain(s.value)}`;
    case "expr": return printChain(s.value);
    case "import":
      if (s.name === undefined) return `import ${s.module}`;
      return `from ${s.module} import ${s.name}${s.alias === undefined ? "" : ` as ${s.alias}`}`;
    case "comment": return commentLine(s.text);
    case "blank": return "";
    default: throw new InternalError(`unknown Python statement ${(s as { kind: string }).kind}`);
  }
}

/** A whole module: statements in order, ending with one newline. */
export function printModule(stmts: readonly PyStmt[]): string {
  return `${stmts.map(printStmt).join("\n")}\n`;
}

/**
 * The SQL expression grammar of Spark's SqlBaseParser.g4 (`namedExpression`, `booleanExpression`,
 * `predicate`, `valueExpression`, `primaryExpression`), by recursive descent. Precedence, loosest
 * first: OR; AND; NOT; a predicate on one value (`BETWEEN`, `IN`, `LIKE`, `RLIKE`, `IS [NOT] NULL`);
 * comparison (`= == <> != < <= > >= <=>`); `|`; `^`; `&`; `+ - ||`; `* / % div`; unary `- + ~`;
 * postfix `[i]`, `.field`, `::type`. Binary operators are left-associative. Nodes are built as
 * Spark's AstBuilder.scala builds them (`a != b` is `NOT (a = b)`, `CASE x WHEN v` compares
 * `x = v`, `-1` is a literal but `-a` a negation).
 *
 * ```ts
 * const p = new ExpressionParser(new TokenStream("a + 1 AS b"), { timeZone: "UTC" });
 * p.namedExpression(); // { kind: "alias", child: (a + 1), name: "b" }
 * ```
 */
import { AnalysisError, NotImplementedError } from "../common/errors.js";
import type { BinaryOp, Expr } from "../expr/expression.js";
import { exprName } from "../expr/expr-name.js";
import { literal } from "../expr/literal.js";
import type { DataType } from "../types/data-types.js";
import { parseTypeDDL } from "../types/ddl.js";
import { isClauseKeyword } from "./keywords.js";
import { keywordLiteral, numberLiteral, typedConstructor } from "./literals.js";
import { parseError, UnpositionedError } from "./parse-error.js";
import { multiUnitInterval, stringInterval, unitToUnitInterval, type IntervalPart } from "./interval-literal.js";
import { sqlFunctionCall } from "./sql-functions.js";
import type { TokenStream } from "./token-stream.js";
import type { Token } from "./tokenizer.js";

/** Settings that change how text becomes values. */
export interface ExpressionParserOptions {
  /** Session time zone, for `TIMESTAMP '…'` literals. */
  readonly timeZone: string;
}

/** Binary operator levels of `valueExpression`, loosest first. */
const LEVELS: readonly (readonly string[])[] = [
  ["=", "==", "<>", "!=", "<", "<=", ">", ">=", "<=>"],
  ["|"],
  ["^"],
  ["&"],
  ["+", "-", "||"],
  ["*", "/", "%", "div"],
];

const INTERVAL_UNITS = /^(year|month|week|day|hour|minute|second|millisecond|microsecond)s?$/i;

/** Quotes one name part if it needs it, so `a.b` parts survive the analyzer's name splitting. */
function namePart(p: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(p) ? p : `\`${p.replace(/`/g, "``")}\``;
}

/** Parses expressions from a {@link TokenStream}. */
export class ExpressionParser {
  constructor(private readonly ts: TokenStream, private readonly opts: ExpressionParserOptions) {}

  /** `expression [AS] alias` (Spark's `namedExpression`). */
  namedExpression(): Expr {
    const e = this.expression();
    const alias = this.optionalAlias();
    if (alias === null) return e;
    // A second alias replaces the first, as Column.alias does.
    return { kind: "alias", child: e.kind === "alias" ? e.child : e, name: alias };
  }

  /** An alias after `AS`, or a bare identifier that is not a clause keyword; null if none. */
  optionalAlias(): string | null {
    const t = this.ts.peek();
    if (this.ts.acceptKeyword("as")) return this.identifier("an alias");
    if (t.kind === "quoted") { this.ts.next(); return t.text; }
    if (t.kind === "word" && !isClauseKeyword(t.text)) { this.ts.next(); return t.text; }
    return null;
  }

  /** An identifier (word or backquoted). */
  identifier(what = "an identifier"): string {
    const t = this.ts.peek();
    if (t.kind !== "word" && t.kind !== "quoted") throw this.ts.error(`Expected ${what}.`);
    this.ts.next();
    return t.text;
  }

  /** A boolean or value expression (Spark's `expression`). */
  expression(): Expr { return this.or(); }

  private or(): Expr {
    let l = this.and();
    while (this.ts.acceptKeyword("or")) l = { kind: "binary", op: "or", left: l, right: this.and() };
    return l;
  }

  private and(): Expr {
    let l = this.not();
    while (this.ts.acceptKeyword("and")) l = { kind: "binary", op: "and", left: l, right: this.not() };
    return l;
  }

  private not(): Expr {
    if (this.ts.acceptKeyword("not") || this.ts.acceptOp("!")) return { kind: "unary", op: "not", child: this.not() };
    if (this.ts.isKeyword("exists") && this.ts.isOp("(", 1)) throw this.unsupported("EXISTS subqueries");
    return this.predicated();
  }

  /** `valueExpression predicate?` */
  private predicated(): Expr {
    const v = this.value(0);
    const negated = this.ts.isKeyword("not") && ["between", "in", "like", "ilike", "rlike", "regexp"].some((k) => this.ts.isKeyword(k, 1));
    if (negated) this.ts.next();
    const neg = (e: Expr): Expr => (negated ? { kind: "unary", op: "not", child: e } : e);
    if (this.ts.acceptKeyword("between")) {
      const lower = this.value(0);
      this.ts.expectKeyword("and");
      const upper = this.value(0);
      // Spark 4 keeps BETWEEN as `between(v, lo, hi)` in names; the value is v >= lo AND v <= hi.
      const body: Expr = { kind: "binary", op: "and", left: { kind: "binary", op: ">=", left: v, right: lower }, right: { kind: "binary", op: "<=", left: v, right: upper } };
      return neg({ kind: "alias", child: body, name: `between(${exprName(v)}, ${exprName(lower)}, ${exprName(upper)})` });
    }
    if (this.ts.acceptKeyword("in")) {
      this.ts.expectOp("(");
      if (this.ts.isKeyword("select") || this.ts.isKeyword("with")) throw this.unsupported("IN subqueries");
      const list = [this.expression()];
      while (this.ts.acceptOp(",")) list.push(this.expression());
      this.ts.expectOp(")");
      return neg({ kind: "in", child: v, list });
    }
    for (const [kw, op] of [["like", "like"], ["ilike", "ilike"], ["rlike", "rlike"], ["regexp", "rlike"]] as const) {
      if (!this.ts.isKeyword(kw)) continue;
      this.ts.next();
      if (this.ts.isKeyword("any") || this.ts.isKeyword("all") || this.ts.isKeyword("some")) throw this.unsupported(`${kw.toUpperCase()} ANY/ALL`);
      const pattern = this.value(0);
      if (this.ts.isKeyword("escape")) {
        const at = this.ts.next();
        const esc = this.ts.next();
        if (esc.kind !== "string" || esc.text !== "\\") throw this.unsupported("LIKE ... ESCAPE with a character other than '\\'", at);
      }
      return neg({ kind: "like", op, child: v, pattern });
    }
    if (negated) throw this.ts.error();
    if (this.ts.acceptKeyword("is")) {
      const not = this.ts.acceptKeyword("not");
      if (this.ts.acceptKeyword("null") || this.ts.acceptKeyword("unknown")) return { kind: "unary", op: not ? "isNotNull" : "isNull", child: v };
      if (this.ts.acceptKeyword("distinct")) {
        this.ts.expectKeyword("from");
        const eq: Expr = { kind: "binary", op: "<=>", left: v, right: this.value(0) };
        return not ? eq : { kind: "unary", op: "not", child: eq };
      }
      for (const b of [true, false]) {
        if (!this.ts.acceptKeyword(String(b))) continue;
        // IsTrue/IsFalse are EqualNullSafe(v, b) underneath (predicates.scala), named `(v IS TRUE)`.
        const eq: Expr = { kind: "binary", op: "<=>", left: v, right: literal(b) };
        const body: Expr = not ? { kind: "unary", op: "not", child: eq } : eq;
        return { kind: "alias", child: body, name: `(${exprName(v)} IS ${not ? "NOT " : ""}${String(b).toUpperCase()})` };
      }
      throw this.ts.error("Expected NULL, NOT NULL, TRUE, FALSE or DISTINCT FROM after IS.");
    }
    return v;
  }

  /** One level of binary operators in `valueExpression`; level LEVELS.length is unary. */
  private value(level: number): Expr {
    if (level === LEVELS.length) return this.unary();
    let l = this.value(level + 1);
    for (;;) {
      const t = this.ts.peek();
      const op = t.kind === "op" ? t.text : t.kind === "word" && t.text.toLowerCase() === "div" ? "div" : null;
      if (op === null || !LEVELS[level]!.includes(op)) return l;
      this.ts.next();
      const r = this.value(level + 1);
      l = this.binary(op, l, r, t);
    }
  }

  private binary(op: string, l: Expr, r: Expr, at: Token): Expr {
    switch (op) {
      case "==": return { kind: "binary", op: "=", left: l, right: r };
      case "<>": case "!=": return { kind: "unary", op: "not", child: { kind: "binary", op: "=", left: l, right: r } };
      case "||": return { kind: "fn", name: "concat", args: [l, r] };
      case "|": case "^": case "&": throw this.unsupported(`the bitwise operator '${op}'`, at);
      default: return { kind: "binary", op: op as BinaryOp, left: l, right: r };
    }
  }

  private unary(): Expr {
    const t = this.ts.peek();
    if (t.kind === "op" && t.text === "-") {
      if (this.ts.peek(1).kind === "number") return this.postfix(this.primary());
      this.ts.next();
      return { kind: "unary", op: "negate", child: this.unary() };
    }
    if (t.kind === "op" && t.text === "+") { this.ts.next(); return this.unary(); }
    if (t.kind === "op" && t.text === "~") throw this.unsupported("the bitwise operator '~'");
    return this.postfix(this.primary());
  }

  /** `[index]`, `.field` and `::type` after a primary expression. */
  private postfix(e0: Expr): Expr {
    let e = e0;
    for (;;) {
      if (this.ts.acceptOp("[")) {
        const key = this.expression();
        this.ts.expectOp("]");
        e = { kind: "getItem", child: e, key };
      } else if (this.ts.isOp(".") && e.kind !== "star") {
        this.ts.next();
        e = { kind: "getField", child: e, field: this.identifier("a field name") };
      } else if (this.ts.acceptOp("::")) {
        e = { kind: "cast", child: e, to: this.dataType(false) };
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.ts.peek();
    switch (t.kind) {
      case "number": this.ts.next(); return this.positioned(t, () => numberLiteral(t.text, false));
      case "string": return this.strings();
      case "quoted": return this.columnRef();
      case "eof": throw this.ts.error();
      case "op":
        if (t.text === "-") {
          this.ts.next();
          const n = this.ts.next();
          return this.positioned(t, () => numberLiteral(n.text, true));
        }
        if (t.text === "*") { this.ts.next(); return { kind: "star" }; }
        if (t.text === "(") {
          this.ts.next();
          if (this.ts.isKeyword("select") || this.ts.isKeyword("with")) throw this.unsupported("scalar subqueries");
          const e = this.expression();
          if (this.ts.isOp(",")) throw this.unsupported("row constructors (a, b)");
          this.ts.expectOp(")");
          return e;
        }
        throw this.ts.error();
      case "word": return this.wordPrimary(t);
    }
  }

  /** Adjacent string literals concatenate (`'a' 'b'` is `'ab'`), as in Spark's `stringLit+`. */
  private strings(): Expr {
    let s = "";
    while (this.ts.peek().kind === "string") s += this.ts.next().text;
    return literal(s);
  }

  private wordPrimary(t: Token): Expr {
    const w = t.text.toLowerCase();
    const next = this.ts.peek(1);
    const kwLit = keywordLiteral(w);
    if (kwLit !== null) { this.ts.next(); return kwLit; }
    if (next.kind === "string") {
      if (w === "interval") return this.interval();
      this.ts.next(); this.ts.next();
      const lit = this.positioned(t, () => typedConstructor(w, next.text, this.opts.timeZone));
      if (lit !== null) return lit;
      if (w === "timestamp_ntz") throw this.unsupported("TIMESTAMP_NTZ literals", t);
      throw this.ts.error(undefined, next);
    }
    if (w === "case") return this.caseWhen();
    if ((w === "cast" || w === "try_cast") && next.kind === "op" && next.text === "(") return this.cast(w === "try_cast");
    if (w === "interval" && (next.kind === "number" || (next.kind === "op" && next.text === "-"))) return this.interval();
    if ((w === "current_date" || w === "current_timestamp") && !(next.kind === "op" && next.text === "(")) {
      this.ts.next();
      return { kind: "fn", name: w, args: [] };
    }
    if (next.kind === "op" && next.text === "(") return this.call();
    // Where an operand is expected, Spark's default mode (enforceReservedKeywords=false) reads a
    // non-reserved keyword as a column: `selectExpr("offset")` on a Kafka source is the common case
    // (OFFSET is in SqlBaseParser.g4's nonReserved). Other clause words stay errors here.
    if (isClauseKeyword(w) && w !== "offset") throw this.ts.error();
    return this.columnRef();
  }

  /** `a`, `t.a`, `` `my col`.x ``, `t.*`. */
  private columnRef(): Expr {
    const parts = [this.identifier()];
    while (this.ts.isOp(".")) {
      const n = this.ts.peek(1);
      if (n.kind === "op" && n.text === "*") {
        this.ts.next(); this.ts.next();
        return { kind: "star", target: parts.map(namePart).join(".") };
      }
      if (n.kind !== "word" && n.kind !== "quoted") break;
      this.ts.next(); this.ts.next();
      parts.push(n.text);
    }
    return { kind: "col", name: parts.map(namePart).join(".") };
  }

  /** `name([DISTINCT|ALL] args | *)`. */
  private call(): Expr {
    const nameTok = this.ts.next();
    this.ts.expectOp("(");
    let distinct = false;
    if (this.ts.acceptKeyword("distinct")) distinct = true;
    else this.ts.acceptKeyword("all");
    let star = false;
    const args: Expr[] = [];
    if (this.ts.isOp("*") && this.ts.isOp(")", 1)) { this.ts.next(); star = true; }
    else if (!this.ts.isOp(")")) {
      args.push(this.expression());
      while (this.ts.acceptOp(",")) args.push(this.expression());
    }
    this.ts.expectOp(")");
    if (this.ts.isKeyword("over")) throw this.unsupported("window functions (OVER)");
    return this.positioned(nameTok, () => sqlFunctionCall(nameTok.text, args, { distinct, star }));
  }

  /** `CASE [x] WHEN … THEN … [ELSE …] END`; the simple form compares `x = v` (AstBuilder.visitSimpleCase). */
  private caseWhen(): Expr {
    this.ts.next();
    const subject = this.ts.isKeyword("when") ? null : this.expression();
    const branches: { when: Expr; then: Expr }[] = [];
    while (this.ts.acceptKeyword("when")) {
      const w = this.expression();
      this.ts.expectKeyword("then");
      const then = this.expression();
      branches.push({ when: subject === null ? w : { kind: "binary", op: "=", left: subject, right: w }, then });
    }
    if (branches.length === 0) throw this.ts.error("Expected WHEN.");
    const otherwise = this.ts.acceptKeyword("else") ? this.expression() : null;
    this.ts.expectKeyword("end");
    return { kind: "caseWhen", branches, otherwise };
  }

  /** `CAST(x AS type)` / `TRY_CAST(x AS type)`. */
  private cast(isTry: boolean): Expr {
    this.ts.next();
    this.ts.expectOp("(");
    const child = this.expression();
    this.ts.expectKeyword("as");
    const to = this.dataType(true);
    this.ts.expectOp(")");
    return isTry ? { kind: "cast", child, to, try: true } : { kind: "cast", child, to };
  }

  /**
   * A data type, parsed by the DDL type parser from its source text: up to the `)` closing a
   * CAST, or one type name with its `(…)` / `<…>` arguments after `::`.
   */
  private dataType(inCast: boolean): DataType {
    const start = this.ts.peek();
    if (start.kind !== "word") throw this.ts.error("Expected a data type.");
    let last = this.ts.next();
    let depth = 0;
    while (!this.ts.atEnd()) {
      const t = this.ts.peek();
      const open = t.kind === "op" && (t.text === "(" || t.text === "<");
      const close = t.kind === "op" && (t.text === ")" || t.text === ">");
      if (depth === 0 && (close || (!inCast && !open))) break;
      if (open) depth++;
      else if (close) depth--;
      last = this.ts.next();
      if (!inCast && depth === 0) break;
    }
    const text = this.ts.src.slice(start.pos, last.end);
    try {
      return parseTypeDDL(text);
    } catch (e) {
      if (!(e instanceof AnalysisError)) throw e;
      const off = typeof e.context.position === "number" ? e.context.position : 0;
      throw parseError(this.ts.src, start.pos + off, e.message.split("\n")[0]!, e.hint, last.end - start.pos - off);
    }
  }

  /**
   * `INTERVAL 5 MINUTES`, `INTERVAL '5' MINUTE`, `INTERVAL 1 HOUR 30 MINUTES`,
   * `INTERVAL '1 02:03:04' DAY TO SECOND`, `INTERVAL '2-3' YEAR TO MONTH`, `INTERVAL '1 hour'`:
   * a typed ANSI interval literal (see interval-literal.ts for the types Spark gives).
   */
  private interval(): Expr {
    const start = this.ts.next();
    const parts: IntervalPart[] = [];
    let last: Token = start;
    for (;;) {
      const sign = this.ts.peek();
      const hasSign = sign.kind === "op" && (sign.text === "-" || sign.text === "+") && ["number", "string"].includes(this.ts.peek(1).kind);
      if (hasSign) this.ts.next();
      const negative = hasSign && sign.text === "-";
      const v = this.ts.peek();
      if (v.kind !== "number" && v.kind !== "string") break;
      this.ts.next();
      const u = this.ts.peek();
      if (u.kind === "word" && INTERVAL_UNITS.test(u.text)) {
        this.ts.next();
        last = u;
        // `'1 02:03:04' DAY TO SECOND` (unitToUnitInterval) takes the whole literal.
        if (parts.length === 0 && v.kind === "string" && this.ts.isKeyword("to")) {
          this.ts.next();
          const to = this.ts.next();
          return this.positioned(start, () => unitToUnitInterval(v.text, negative, u.text, to.text));
        }
        parts.push({ value: v.text, negative, unit: u.text });
        continue;
      }
      if (v.kind === "string" && parts.length === 0 && !negative) {
        return this.positioned(start, () => stringInterval(v.text));
      }
      throw this.ts.error("Expected an interval unit such as MINUTES.");
    }
    if (parts.length === 0) throw this.ts.error("Expected an interval value such as 5 MINUTES.");
    const text = this.ts.src.slice(start.pos, last.end);
    return this.positioned(start, () => multiUnitInterval(parts, text));
  }

  /** Runs `f`, giving an {@link UnpositionedError} the position of `at`. */
  private positioned<T>(at: Token, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof UnpositionedError) throw parseError(this.ts.src, at.pos, e.message, e.hint, at.end - at.pos);
      throw e;
    }
  }

  /** NotImplementedError for valid Spark syntax Kindling does not support yet. */
  unsupported(what: string, at: Token = this.ts.peek()): NotImplementedError {
    const e = parseError(this.ts.src, at.pos, `Kindling does not support ${what} yet.`, undefined, at.end - at.pos);
    return new NotImplementedError(e.message, { context: e.context, hint: "Rewrite the query with the DataFrame API or a supported construct." });
  }
}

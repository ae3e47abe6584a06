/**
 * Parses a query statement (Spark's `singleStatement` → `query` in SqlBaseParser.g4):
 * `[WITH name AS (query), …] SELECT [DISTINCT] items [FROM relations] [WHERE] [GROUP BY] [HAVING]`,
 * combined with `UNION [ALL|DISTINCT]`, then `[ORDER BY …] [LIMIT n]`. Relations are views,
 * parenthesised queries and joins (`[INNER|CROSS|LEFT [OUTER|SEMI|ANTI]|RIGHT [OUTER]|FULL [OUTER]]
 * JOIN … ON …|USING (…)`), with optional aliases; a comma is a cross join.
 *
 * ```ts
 * const stmt = parseSqlStatement("SELECT a, count(*) FROM t GROUP BY a", { timeZone: "UTC" });
 * stmt.query.kind; // "select"
 * ```
 */
import type { Expr } from "../expr/expression.js";
import type { JoinType } from "../logical/plan.js";
import { ExpressionParser, type ExpressionParserOptions } from "./expression-parser.js";
import { isClauseKeyword } from "./keywords.js";
import type { QueryAst, RelationAst, SelectAst } from "./query-ast.js";
import { TokenStream } from "./token-stream.js";

/** A statement: common table expressions, then the query. */
export interface SqlStatement {
  readonly ctes: readonly { readonly name: string; readonly query: QueryAst }[];
  readonly query: QueryAst;
}

/**
 * Parses one SQL query statement; throws `[PARSE_SYNTAX_ERROR]` with line and position.
 *
 * ```ts
 * parseSqlStatement("SELECT * FROM rides WHERE fare > 10 ORDER BY fare DESC LIMIT 5");
 * ```
 */
export function parseSqlStatement(text: string, options: ExpressionParserOptions = { timeZone: "UTC" }): SqlStatement {
  const ts = new TokenStream(text);
  const p = new QueryParser(ts, new ExpressionParser(ts, options));
  const stmt = p.statement();
  ts.acceptOp(";");
  ts.expectEnd();
  return stmt;
}

/** Statements Spark has and Kindling does not run (anything else is a syntax error). */
const OTHER_STATEMENTS = new Set([
  "insert", "create", "drop", "alter", "update", "delete", "merge", "show", "describe", "desc", "explain", "set", "reset",
  "use", "cache", "uncache", "refresh", "truncate", "analyze", "values", "table", "from", "add", "list", "load",
]);

class QueryParser {
  constructor(private readonly ts: TokenStream, private readonly ex: ExpressionParser) {}

  statement(): SqlStatement {
    const ctes: { name: string; query: QueryAst }[] = [];
    if (this.ts.acceptKeyword("with")) {
      do {
        const name = this.ex.identifier("a name for the WITH query");
        this.ts.expectKeyword("as");
        this.ts.expectOp("(");
        ctes.push({ name, query: this.query() });
        this.ts.expectOp(")");
      } while (this.ts.acceptOp(","));
    }
    if (!this.ts.isKeyword("select") && !this.ts.isOp("(")) {
      const t = this.ts.peek();
      if (t.kind === "word" && OTHER_STATEMENTS.has(t.text.toLowerCase())) throw this.ex.unsupported(`${t.text.toUpperCase()} statements (only SELECT queries run in spark.sql)`);
      throw this.ts.error();
    }
    return { ctes, query: this.query() };
  }

  /** `queryTerm [ORDER BY …] [LIMIT n]`. */
  query(): QueryAst {
    let q = this.queryTerm();
    const orderBy: Expr[] = [];
    if (this.ts.acceptKeyword("order")) {
      this.ts.expectKeyword("by");
      do orderBy.push(this.sortItem()); while (this.ts.acceptOp(","));
    }
    let limit: number | null = null;
    if (this.ts.acceptKeyword("limit")) {
      const t = this.ts.next();
      if (t.kind !== "number" || !/^\d+$/.test(t.text)) throw this.ts.error("LIMIT takes a non-negative integer literal.", t);
      limit = Number(t.text);
    }
    if (this.ts.isKeyword("offset")) throw this.ex.unsupported("OFFSET");
    if (orderBy.length > 0 || limit !== null) {
      // An ORDER BY after a parenthesised query wraps it (SELECT … FROM (…) in Spark's plan).
      if (q.orderBy.length > 0 || q.limit !== null) q = { kind: "select", distinct: false, items: [{ kind: "star" }], from: { kind: "subquery", query: q, alias: null }, where: null, groupBy: null, having: null, orderBy: [], limit: null };
      q = { ...q, orderBy, limit };
    }
    return q;
  }

  private queryTerm(): QueryAst {
    let left = this.queryPrimary();
    for (;;) {
      if (this.ts.isKeyword("intersect") || this.ts.isKeyword("except") || this.ts.isKeyword("minus")) throw this.ex.unsupported(this.ts.peek().text.toUpperCase());
      if (!this.ts.acceptKeyword("union")) return left;
      const all = this.ts.acceptKeyword("all");
      if (!all) this.ts.acceptKeyword("distinct");
      const right = this.queryPrimary();
      left = { kind: "union", left, right, all, orderBy: [], limit: null };
    }
  }

  private queryPrimary(): QueryAst {
    if (this.ts.acceptOp("(")) {
      const q = this.query();
      this.ts.expectOp(")");
      return q;
    }
    return { ...this.select(), orderBy: [], limit: null };
  }

  private select(): SelectAst {
    this.ts.expectKeyword("select");
    const distinct = this.ts.acceptKeyword("distinct");
    if (!distinct) this.ts.acceptKeyword("all");
    const items: Expr[] = [];
    do items.push(this.ex.namedExpression()); while (this.ts.acceptOp(","));
    let from: RelationAst | null = null;
    if (this.ts.acceptKeyword("from")) {
      from = this.relation();
      while (this.ts.acceptOp(",")) from = { kind: "join", left: from, right: this.relation(), joinType: "cross", on: null, using: null };
    }
    const where = this.ts.acceptKeyword("where") ? this.ex.expression() : null;
    let groupBy: Expr[] | null = null;
    if (this.ts.acceptKeyword("group")) {
      this.ts.expectKeyword("by");
      if (["rollup", "cube", "grouping"].some((k) => this.ts.isKeyword(k))) throw this.ex.unsupported(`GROUP BY ${this.ts.peek().text.toUpperCase()}`);
      groupBy = [];
      do groupBy.push(this.ex.expression()); while (this.ts.acceptOp(","));
    }
    const having = this.ts.acceptKeyword("having") ? this.ex.expression() : null;
    if (this.ts.isKeyword("window") || this.ts.isKeyword("qualify")) throw this.ex.unsupported(`the ${this.ts.peek().text.toUpperCase()} clause`);
    return { kind: "select", distinct, items, from, where, groupBy, having };
  }

  /** `expr [ASC|DESC] [NULLS FIRST|LAST]`; Spark's defaults: ASC NULLS FIRST, DESC NULLS LAST. */
  private sortItem(): Expr {
    const child = this.ex.expression();
    let ascending = true;
    if (this.ts.acceptKeyword("desc")) ascending = false;
    else this.ts.acceptKeyword("asc");
    let nullsFirst = ascending;
    if (this.ts.acceptKeyword("nulls")) {
      if (this.ts.acceptKeyword("first")) nullsFirst = true;
      else if (this.ts.acceptKeyword("last")) nullsFirst = false;
      else throw this.ts.error("Expected FIRST or LAST after NULLS.");
    }
    return { kind: "sort", child, ascending, nullsFirst };
  }

  /** `relationPrimary joinPart*`. */
  private relation(): RelationAst {
    let left = this.relationPrimary();
    for (;;) {
      const joinType = this.joinType();
      if (joinType === null) return left;
      const right = this.relationPrimary();
      let on: Expr | null = null;
      let using: string[] | null = null;
      if (this.ts.acceptKeyword("on")) { on = this.ex.expression(); }
      else if (this.ts.acceptKeyword("using")) {
        this.ts.expectOp("(");
        using = [this.ex.identifier("a column name")];
        while (this.ts.acceptOp(",")) using.push(this.ex.identifier("a column name"));
        this.ts.expectOp(")");
      }
      // A join without a condition is a cross join (Spark plans Join(Inner, None) as a cartesian product).
      const jt: JoinType = on === null && using === null && joinType === "inner" ? "cross" : joinType;
      left = { kind: "join", left, right, joinType: jt, on, using };
    }
  }

  /** The join keywords before JOIN, or null when no join follows. */
  private joinType(): JoinType | null {
    const ts = this.ts;
    if (ts.isKeyword("natural")) throw this.ex.unsupported("NATURAL JOIN");
    let jt: JoinType | null = null;
    if (ts.acceptKeyword("join")) return "inner";
    if (ts.acceptKeyword("inner")) jt = "inner";
    else if (ts.acceptKeyword("cross")) jt = "cross";
    else if (ts.acceptKeyword("left")) {
      if (ts.acceptKeyword("semi")) jt = "left_semi";
      else if (ts.acceptKeyword("anti")) jt = "left_anti";
      else { ts.acceptKeyword("outer"); jt = "left"; }
    } else if (ts.acceptKeyword("right")) { ts.acceptKeyword("outer"); jt = "right"; }
    else if (ts.acceptKeyword("full")) { ts.acceptKeyword("outer"); jt = "full"; }
    else if (ts.isKeyword("semi") && ts.isKeyword("join", 1)) { ts.next(); jt = "left_semi"; }
    else if (ts.isKeyword("anti") && ts.isKeyword("join", 1)) { ts.next(); jt = "left_anti"; }
    if (jt === null) return null;
    ts.expectKeyword("join");
    return jt;
  }

  /** A view name or `(query)`, with an optional alias. */
  private relationPrimary(): RelationAst {
    if (this.ts.acceptOp("(")) {
      const query = this.query();
      this.ts.expectOp(")");
      return { kind: "subquery", query, alias: this.tableAlias() };
    }
    const t = this.ts.peek();
    if (t.kind === "word" && isClauseKeyword(t.text)) throw this.ts.error("Expected a table or view name.");
    const parts = [this.ex.identifier("a table or view name")];
    while (this.ts.acceptOp(".")) parts.push(this.ex.identifier("a table or view name"));
    if (this.ts.isOp("(")) throw this.ex.unsupported("table-valued functions");
    return { kind: "table", name: parts.join("."), alias: this.tableAlias(), pos: t.pos };
  }

  private tableAlias(): string | null {
    const t = this.ts.peek();
    if (this.ts.acceptKeyword("as")) return this.ex.identifier("an alias");
    if (t.kind === "quoted" || (t.kind === "word" && !isClauseKeyword(t.text) && !["tablesample", "pivot", "unpivot"].includes(t.text.toLowerCase()))) {
      this.ts.next();
      return t.text;
    }
    return null;
  }
}


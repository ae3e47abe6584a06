/**
 * Entry point of the SQL expression parser used by `selectExpr`, `filter("…")`/`where("…")` and
 * `F.expr`: the text must be one `namedExpression` (Spark's `singleExpression` rule), so an alias
 * is allowed (`"a + 1 AS b"`).
 *
 * ```ts
 * parseSqlExpression("fare * 2 AS double_fare");
 * parseSqlExpression("split(value, ', ')[0]");
 * ```
 */
import type { Expr } from "../expr/expression.js";
import { ExpressionParser, type ExpressionParserOptions } from "./expression-parser.js";
import { TokenStream } from "./token-stream.js";

const DEFAULTS: ExpressionParserOptions = { timeZone: "UTC" };

/**
 * Parses one SQL expression to a plain-data {@link Expr}, the same one `functions` builds.
 * Throws AnalysisError `[PARSE_SYNTAX_ERROR]` with line, position and a caret under the text.
 *
 * ```ts
 * parseSqlExpression("a BETWEEN 1 AND 3");
 * parseSqlExpression("CAST(x AS DECIMAL(10,2))", { timeZone: "UTC" });
 * ```
 */
export function parseSqlExpression(text: string, options: ExpressionParserOptions = DEFAULTS): Expr {
  const ts = new TokenStream(text);
  const p = new ExpressionParser(ts, options);
  const e = p.namedExpression();
  ts.expectEnd();
  return e;
}

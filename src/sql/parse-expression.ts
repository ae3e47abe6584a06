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
import { exists } from "../expr/expression.js";
import { ExpressionParser, type ExpressionParserOptions } from "./expression-parser.js";
import { INTERVAL_FN } from "./sql-functions.js";
import { TokenStream } from "./token-stream.js";
import { NotImplementedError } from "../common/errors.js";

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
  checkNoInterval(e);
  return e;
}

/** INTERVAL values have no type in Kindling yet; only window() durations may use them. */
export function checkNoInterval(e: Expr): void {
  if (exists(e, (x) => x.kind === "fn" && x.name === INTERVAL_FN)) {
    throw new NotImplementedError("Kindling does not support INTERVAL values in expressions yet; they are accepted only as window() durations.", {
      hint: "Use window(ts, INTERVAL 10 MINUTES) or string durations; for timestamp arithmetic use unix_timestamp() seconds.",
    });
  }
}

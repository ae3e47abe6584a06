/**
 * `spark.sql(text)` below the session: parses a query statement and plans it over a catalog of
 * temporary views, giving the same {@link LogicalPlan} the DataFrame API builds.
 *
 * ```ts
 * const plan = sqlToPlan("SELECT vendor, count(*) FROM rides GROUP BY vendor", catalog, { ansi: true, caseSensitive: false, timeZone: "UTC" });
 * ```
 */
import type { AnalyzerConf } from "../logical/analyzer.js";
import type { LogicalPlan } from "../logical/plan.js";
import { parseSqlStatement } from "./query-parser.js";
import { planStatement, type SqlCatalog } from "./query-planner.js";

/**
 * The logical plan of one SQL query over the views in `catalog`. Throws AnalysisError
 * `[PARSE_SYNTAX_ERROR]` (with line, position and caret) or `[TABLE_OR_VIEW_NOT_FOUND]`.
 *
 * ```ts
 * sqlToPlan("SELECT * FROM t WHERE a > 1", { view: (n) => views.get(n), viewNames: () => [...views.keys()] }, conf);
 * ```
 */
export function sqlToPlan(text: string, catalog: SqlCatalog, conf: AnalyzerConf): LogicalPlan {
  return planStatement(parseSqlStatement(text, { timeZone: conf.timeZone }), catalog, conf, text);
}

export type { SqlCatalog };

/**
 * Analysis errors worded as Spark words them (error classes from
 * common/utils/src/main/resources/error/error-conditions.json), naming what is missing and what exists.
 */
import { AnalysisError } from "../common/errors.js";
import { splitNameParts } from "../expr/expr-name.js";
import type { Attribute } from "./plan.js";

/** Quotes an identifier the way Spark's `toSQLId` does. */
export function quoteId(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** Spark's `quoteIfNeeded`: plain identifiers stay bare, anything else is backquoted. */
function quoteIfNeeded(part: string): string {
  return /^[a-zA-Z0-9_]+$/.test(part) && !/^\d+$/.test(part) ? part : quoteId(part);
}

/**
 * Candidate names ordered by similarity, at most five, as Spark's
 * `StringUtils.orderSuggestedIdentifiersBySimilarity` (sql/catalyst/.../util/StringUtils.scala)
 * called from `CheckAnalysis.failUnresolvedAttribute`: a shared qualifier is stripped, every
 * candidate is backquoted and ranked by the case-sensitive Levenshtein distance to the missing
 * name as SQL writes it (`a.sql`, quoted only if needed). Ties come out in name order (Spark
 * 4.1.1's observed order, pinned by test/differential/expressions.test.ts).
 */
export function suggestions(name: string, candidates: readonly (readonly string[])[]): string[] {
  const baseParts = splitNameParts(name);
  const base = baseParts.map(quoteIfNeeded).join(".");
  const sameGroups = (drop: number): boolean => new Set(candidates.map((c) => JSON.stringify(c.slice(0, Math.max(0, c.length - drop))))).size === 1;
  const stripped = baseParts.length === 1 && sameGroups(1) ? candidates.map((c) => c.slice(-1))
    : baseParts.length <= 2 && sameGroups(2) ? candidates.map((c) => c.slice(-2))
      : candidates;
  const quoted = stripped.map((c) => c.map(quoteId).join(".")).sort();
  return quoted
    .map((c, i) => ({ c, i, d: levenshtein(c, base) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, 5)
    .map((x) => x.c);
}

function attrId(a: Attribute): string {
  return [...a.qualifier, a.name].map(quoteId).join(".");
}

/** `[UNRESOLVED_COLUMN.WITH_SUGGESTION]` naming the missing column and the ones that exist. */
export function unresolvedColumn(name: string, scope: readonly Attribute[]): AnalysisError {
  const names = scope.map(attrId);
  const parts = scope.map((a) => [...a.qualifier, a.name]);
  const quoted = name.split(".").length > 1 && !name.includes("`") ? name.split(".").map(quoteId).join(".") : quoteId(name.replace(/^`|`$/g, ""));
  if (names.length === 0) {
    return new AnalysisError(
      `[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter with name ${quoted} cannot be resolved. SQLSTATE: 42703`,
      { context: { column: name }, hint: "The input has no columns; check the DataFrame you select from." },
    );
  }
  const sugg = suggestions(name, parts);
  return new AnalysisError(
    `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name ${quoted} cannot be resolved. Did you mean one of the following? [${sugg.join(", ")}]. SQLSTATE: 42703`,
    { context: { column: name, available: scope.map((a) => a.name).join(",") }, hint: `Use one of the existing columns: ${scope.map((a) => a.name).join(", ")}.` },
  );
}

/** `[AMBIGUOUS_REFERENCE]` listing the candidates. */
export function ambiguousReference(name: string, matches: readonly Attribute[]): AnalysisError {
  return new AnalysisError(
    `[AMBIGUOUS_REFERENCE] Reference ${quoteId(name)} is ambiguous, could be: [${matches.map(attrId).join(", ")}]. SQLSTATE: 42704`,
    { context: { column: name }, hint: "Qualify the column with its DataFrame (df.col(name)) or alias the DataFrames and write alias.column." },
  );
}

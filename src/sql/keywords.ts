/**
 * Words that end an expression in Kindling's parser. Spark's default mode
 * (`spark.sql.ansi.enforceReservedKeywords=false`) reserves almost nothing and lets ANTLR's
 * lookahead decide; a hand-written parser needs the list explicitly: these words can never be an
 * implicit alias (`SELECT a x` aliases, `SELECT a FROM t` does not) — the ones SqlBaseParser.g4
 * lists in `strictNonReserved` plus the clause keywords.
 *
 * ```ts
 * isClauseKeyword("from"); // true
 * ```
 */
const CLAUSE_KEYWORDS = new Set([
  "from", "where", "group", "having", "order", "limit", "offset", "join", "inner", "left", "right", "full", "cross",
  "semi", "anti", "outer", "natural", "on", "using", "union", "except", "intersect", "minus", "as", "and", "or", "not",
  "is", "in", "between", "like", "ilike", "rlike", "regexp", "when", "then", "else", "end", "asc", "desc", "nulls",
  "div", "escape", "lateral", "sort", "cluster", "distribute", "select", "by", "all", "distinct",
]);

/** True for a word that cannot be an implicit alias or a bare column name after an expression. */
export function isClauseKeyword(word: string): boolean {
  return CLAUSE_KEYWORDS.has(word.toLowerCase());
}

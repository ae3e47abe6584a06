/**
 * The row comparison of differential tests: the logic lives in src/bridge/compare/compare-rows.ts
 * (it also backs `kindling compare`); this adds the test-only {@link expectSameRows}.
 */
import { compareRows, formatRowDiff, type CompareOptions, type FormatOptions, type Row } from "../../src/bridge/compare/compare-rows.js";

export * from "../../src/bridge/compare/compare-rows.js";

/**
 * Throws an Error carrying {@link formatRowDiff}'s report unless the rows are the same.
 *
 * @example
 * ```ts
 * expectSameRows(kindling.rows, spark.rows, { names: ["kindling", "spark"], columns: ["id", "n"] });
 * ```
 */
export function expectSameRows(left: readonly Row[], right: readonly Row[], options: CompareOptions & FormatOptions = {}): void {
  const cmp = compareRows(left, right, options);
  if (!cmp.equal) throw new Error(formatRowDiff(cmp, options));
}

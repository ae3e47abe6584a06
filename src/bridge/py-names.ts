/**
 * Python variable names for the DataFrames of a generated script: readable hints (`rides` for
 * `rides.csv`, the Kafka topic, a view's alias) made into identifiers, never a keyword nor a name
 * the script already uses (`spark`, `F`, ...), numbered when taken.
 *
 * ```ts
 * const names = new PyNames();
 * names.fresh("rides.csv");  // "rides"
 * names.fresh("rides");      // "rides_2"
 * ```
 */
import { isIdentifier } from "./py-ast.js";

const RESERVED = ["spark", "F", "T", "SparkSession", "datetime", "Decimal", "query", "result"];

/** Hands out unique identifiers. */
export class PyNames {
  readonly #taken = new Set<string>(RESERVED);

  /** Marks a name as used (e.g. the result variable the caller chose). */
  reserve(n: string): void { this.#taken.add(n); }

  /** A new identifier from a hint (any text). */
  fresh(hint: string): string {
    let base = hint.replace(/\.[A-Za-z0-9]+$/, "").toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
    if (base === "" ) base = "df";
    if (/^[0-9]/.test(base)) base = `df_${base}`;
    if (!isIdentifier(base)) base = `${base}_df`;
    let n = base;
    for (let i = 2; this.#taken.has(n); i++) n = `${base}_${i}`;
    this.#taken.add(n);
    return n;
  }
}

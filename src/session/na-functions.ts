/**
 * `df.na` (PySpark's DataFrameNaFunctions): dropping rows with nulls (NaN counts as null for
 * floating columns, as in Spark) and filling nulls with a value of a matching type.
 *
 * ```ts
 * df.na.drop("any", undefined, ["fare"]); df.na.fill({ fare: 0, vendor: "n/a" });
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import { Column } from "../expr/column.js";
import type { Expr } from "../expr/expression.js";
import { literal } from "../expr/literal.js";
import { DoubleType, isNumeric, type DataType } from "../types/data-types.js";
import type { DataFrame } from "./dataframe.js";

/** Null handling for a DataFrame. */
export class DataFrameNaFunctions {
  constructor(private readonly df: DataFrame) {}

  /**
   * Drops rows with nulls: `how="any"` (default) or `"all"`, or rows with fewer than `thresh`
   * non-null values, considering `subset` columns. Example: `df.na.drop()`.
   */
  drop(how: "any" | "all" = "any", thresh?: number, subset?: readonly string[]): DataFrame {
    const fields = this.fields(subset);
    const need = thresh ?? (how === "all" ? 1 : fields.length);
    if (fields.length === 0) return this.df;
    // count of non-null (and non-NaN) values >= need
    const nonNull = fields.map((f): Expr => {
      const c: Expr = { kind: "col", name: quoted(f.name) };
      let ok: Expr = { kind: "unary", op: "isNotNull", child: c };
      if (f.dataType.kind === "double" || f.dataType.kind === "float") ok = { kind: "binary", op: "and", left: ok, right: { kind: "unary", op: "not", child: { kind: "unary", op: "isNaN", child: c } } };
      return { kind: "caseWhen", branches: [{ when: ok, then: literal(1) }], otherwise: literal(0) };
    });
    const total = nonNull.reduce((a, b) => ({ kind: "binary", op: "+", left: a, right: b }));
    return this.df.filter(new Column({ kind: "binary", op: ">=", left: total, right: literal(need) }));
  }

  /**
   * Replaces nulls with `value` in columns of a compatible type (numbers fill numeric columns,
   * strings fill string columns, booleans boolean ones), or per column with a dict.
   * Example: `df.na.fill(0)`, `df.na.fill({ name: "unknown" })`.
   */
  fill(value: number | string | boolean | Record<string, number | string | boolean>, subset?: readonly string[]): DataFrame {
    const schema = this.df.schema;
    const perCol: Record<string, number | string | boolean> = {};
    if (typeof value === "object") Object.assign(perCol, value);
    else for (const f of this.fields(subset)) if (accepts(f.dataType, value)) perCol[f.name] = value;
    // A single number fills as a double cast to each column's type (so an int column stays
    // nullable: double -> int may give NULL), a dict's numbers keep their own literal type:
    // what PySpark's fillna sends to DataFrameNaFunctions.fill (pinned by test/differential/joins.test.ts).
    const lit = (v: number | string | boolean): Expr =>
      typeof v === "number" && typeof value !== "object" ? { kind: "lit", value: v, dataType: DoubleType() } : literal(v);
    const cols: Record<string, Column> = {};
    for (const [name, v] of Object.entries(perCol)) {
      const f = schema.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (f === undefined) throw new AnalysisError(`[UNRESOLVED_COLUMN.WITH_SUGGESTION] Cannot resolve column name "${name}" among (${schema.fields.map((x) => x.name).join(", ")}).`);
      if (!accepts(f.dataType, v)) continue;
      const c: Expr = { kind: "col", name: quoted(f.name) };
      let filled: Expr = { kind: "fn", name: "coalesce", args: [c, { kind: "cast", child: lit(v), to: f.dataType }] };
      if ((f.dataType.kind === "double" || f.dataType.kind === "float") && typeof v === "number") {
        filled = { kind: "caseWhen", branches: [{ when: { kind: "unary", op: "isNaN", child: c }, then: { kind: "cast", child: lit(v), to: f.dataType } }], otherwise: filled };
      }
      cols[f.name] = new Column(filled);
    }
    return Object.keys(cols).length === 0 ? this.df : this.df.withColumns(cols);
  }

  private fields(subset?: readonly string[]): { name: string; dataType: DataType }[] {
    const all = this.df.schema.fields;
    if (subset === undefined) return [...all];
    return subset.map((n) => {
      const f = all.find((x) => x.name.toLowerCase() === n.toLowerCase());
      if (f === undefined) throw new AnalysisError(`[UNRESOLVED_COLUMN.WITH_SUGGESTION] Cannot resolve column name "${n}" among (${all.map((x) => x.name).join(", ")}).`);
      return f;
    });
  }
}

function accepts(t: DataType, v: unknown): boolean {
  if (typeof v === "number") return isNumeric(t);
  if (typeof v === "string") return t.kind === "string";
  if (typeof v === "boolean") return t.kind === "boolean";
  return false;
}

function quoted(n: string): string { return `\`${n.replace(/`/g, "``")}\``; }

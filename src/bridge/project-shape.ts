/**
 * Recognises what a `project` node was written as. DataFrame.withColumn, withColumnRenamed and
 * drop all build a projection of every column; printing them back as `.select(...)` of every
 * column would be correct but unreadable, so the generator asks which shape a projection has
 * over its child's columns and prints the method the user called.
 *
 * ```ts
 * projectShape(plan.exprs, ["id", "fare"]);
 * // { kind: "withColumns", columns: [["tip", <expr>]] }   for df.withColumn("tip", ...)
 * ```
 */
import type { Expr } from "../expr/expression.js";

export type ProjectShape =
  | { readonly kind: "withColumns"; readonly columns: readonly (readonly [string, Expr])[] }
  | { readonly kind: "rename"; readonly from: string; readonly to: string }
  | { readonly kind: "drop"; readonly names: readonly string[] }
  | { readonly kind: "select" };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The column `e` keeps when it is how withColumn/withColumnRenamed/drop refer to a child column:
 * unpinned and backquoted (`` `fare` ``). A user's own `select("fare")` is not backquoted, so it
 * stays a select, as written.
 */
function plainRef(e: Expr): string | null {
  if (e.kind !== "col" || e.planId !== undefined) return null;
  const n = e.name;
  return n.length >= 2 && n.startsWith("`") && n.endsWith("`") ? n.slice(1, -1).replace(/``/g, "`") : null;
}

/** The shape of a projection over a child whose output columns are `columns` (null if unknown). */
export function projectShape(exprs: readonly Expr[], columns: readonly string[] | null): ProjectShape {
  if (columns === null || new Set(columns.map((c) => c.toLowerCase())).size !== columns.length) return { kind: "select" };
  // withColumn(s): every child column in place (kept, or replaced by an alias of the same name), then new aliases.
  if (exprs.length >= columns.length) {
    const changed: [string, Expr][] = [];
    let ok = true;
    columns.forEach((c, i) => {
      const e = exprs[i]!;
      if (plainRef(e) !== null && same(plainRef(e)!, c)) return;
      if (e.kind === "alias" && same(e.name, c)) changed.push([e.name, e.child]);
      else ok = false;
    });
    for (const e of exprs.slice(columns.length)) {
      if (e.kind === "alias" && !columns.some((c) => same(c, e.name))) changed.push([e.name, e.child]);
      else ok = false;
    }
    if (ok && changed.length > 0) return { kind: "withColumns", columns: changed };
  }
  // withColumnRenamed: every column kept in place, exactly one renamed.
  if (exprs.length === columns.length) {
    const renamed = exprs.flatMap((e, i) => {
      if (plainRef(e) !== null && same(plainRef(e)!, columns[i]!)) return [];
      if (e.kind === "alias" && plainRef(e.child) !== null && same(plainRef(e.child)!, columns[i]!)) return [{ from: columns[i]!, to: e.name }];
      return [{ from: "", to: "" }, { from: "", to: "" }];
    });
    if (renamed.length === 1) return { kind: "rename", from: renamed[0]!.from, to: renamed[0]!.to };
  }
  // drop: a strict, in-order subset of the columns.
  const refs = exprs.map(plainRef);
  if (refs.length < columns.length && refs.length > 0 && refs.every((r) => r !== null)) {
    let j = 0;
    const dropped: string[] = [];
    for (const c of columns) {
      if (j < refs.length && same(refs[j]!, c)) j++;
      else dropped.push(c);
    }
    if (j === refs.length) return { kind: "drop", names: dropped };
  }
  return { kind: "select" };
}

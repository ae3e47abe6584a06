/**
 * `explain()` text: the analyzed logical plan and the physical plan as indented trees, in the
 * style of Spark's `QueryExecution.explainString` (operator names follow Spark's where they exist).
 *
 * ```ts
 * explainString(resolved, "extended");
 * ```
 */
import type { Expr } from "../expr/expression.js";
import { exprName } from "../expr/expr-name.js";
import { simpleString } from "../types/data-types.js";
import type { Attribute, ResolvedPlan } from "./plan.js";

const attr = (a: Attribute): string => `${a.name}#${a.exprId}`;

function e2s(e: Expr): string {
  switch (e.kind) {
    case "attr": return `${e.name}#${e.exprId}`;
    case "alias": return `${e2s(e.child)} AS ${e.name}`;
    case "cast": return `cast(${e2s(e.child)} as ${simpleString(e.to)})`;
    case "binary": return `(${e2s(e.left)} ${e.op === "and" ? "AND" : e.op === "or" ? "OR" : e.op} ${e2s(e.right)})`;
    case "fn": return `${e.name}(${e.args.map(e2s).join(", ")})`;
    case "unary": return e.op === "not" ? `NOT ${e2s(e.child)}` : e.op === "isNull" ? `isnull(${e2s(e.child)})` : e.op === "isNotNull" ? `isnotnull(${e2s(e.child)})` : `-${e2s(e.child)}`;
    default: return exprName(e);
  }
}

function node(p: ResolvedPlan, physical: boolean): string {
  const out = `[${p.output.map(attr).join(", ")}]`;
  switch (p.kind) {
    case "localRelation": return physical ? `LocalTableScan ${out}` : `LocalRelation ${out}`;
    case "range": return `Range (${p.start}, ${p.end}, step=${p.step})`;
    case "fileScan": return physical ? `FileScan ${p.format} ${out} Location: [${p.paths.join(", ")}]` : `Relation ${out} ${p.format}`;
    case "project": return `Project [${p.exprs.map((e, i) => (e.kind === "attr" && e.exprId === p.output[i]!.exprId ? e2s(e) : `${e2s(e)} AS ${attr(p.output[i]!)}`)).join(", ")}]`;
    case "filter": return `Filter ${e2s(p.condition)}`;
    case "aggregate":
      return physical
        ? `HashAggregate(keys=[${p.groupExprs.map(e2s).join(", ")}], functions=[${p.aggCalls.map((c) => `${c.name}(${c.distinct ? "distinct " : ""}${c.args.map(e2s).join(", ")})`).join(", ")}])`
        : `Aggregate [${p.groupExprs.map(e2s).join(", ")}], [${p.output.map(attr).join(", ")}]`;
    case "sort": return `Sort [${p.keys.map((k) => `${e2s(k.expr)} ${k.ascending ? "ASC" : "DESC"} NULLS ${k.nullsFirst ? "FIRST" : "LAST"}`).join(", ")}]${physical ? ", true" : ""}`;
    case "limit": return physical ? `CollectLimit ${p.n}` : `GlobalLimit ${p.n}`;
    case "join": {
      const keys = p.leftKeys.map((k, i) => `${e2s(k)} = ${e2s(p.rightKeys[i]!)}`).join(" AND ");
      const name = physical ? (p.leftKeys.length > 0 ? "ShuffledHashJoin" : "BroadcastNestedLoopJoin") : "Join";
      return `${name} ${p.joinType === "left_semi" ? "LeftSemi" : p.joinType === "left_anti" ? "LeftAnti" : p.joinType.charAt(0).toUpperCase() + p.joinType.slice(1)}${keys === "" ? "" : `, ${keys}`}${p.condition === null ? "" : `, ${e2s(p.condition)}`}`;
    }
    case "union": return "Union";
    case "distinct":
      if (p.withinWatermark === true) return `${physical ? "StreamingDeduplicateWithinWatermark" : "DeduplicateWithinWatermark"} [${p.keyIndices.map((i) => attr(p.output[i]!)).join(", ")}]`;
      return physical ? `HashAggregate(keys=[${p.keyIndices.map((i) => attr(p.output[i]!)).join(", ")}], functions=[])` : `Deduplicate [${p.keyIndices.map((i) => attr(p.output[i]!)).join(", ")}]`;
    case "windowExpand": return `${physical ? "Expand" : "TimeWindow"} ${e2s(p.timeExpr)}, ${p.windowMicros}, ${p.slideMicros}, ${p.startMicros}`;
    case "withWatermark": return `EventTimeWatermark ${attr(p.eventTime)}, ${p.delayMicros / 1e6} seconds`;
  }
}

function kids(p: ResolvedPlan): ResolvedPlan[] {
  switch (p.kind) {
    case "localRelation": case "range": case "fileScan": return [];
    case "join": return [p.left, p.right];
    case "union": return [...p.children];
    default: return [p.child];
  }
}

/** A plan tree in Spark's indentation style (`+- ` and `:- `). */
export function treeText(p: ResolvedPlan, physical: boolean): string {
  const lines: string[] = [];
  const walk = (n: ResolvedPlan, prefix: string, last: boolean, root: boolean): void => {
    lines.push(root ? node(n, physical) : `${prefix}${last ? "+- " : ":- "}${node(n, physical)}`);
    const cs = kids(n);
    const next = root ? "" : `${prefix}${last ? "   " : ":  "}`;
    cs.forEach((c, i) => walk(c, next, i === cs.length - 1, false));
  };
  walk(p, "", true, true);
  return lines.join("\n");
}

/** Spark's explain modes: "simple" (physical only) or "extended" (logical and physical). */
export function explainString(p: ResolvedPlan, mode: "simple" | "extended" = "simple"): string {
  const phys = `== Physical Plan ==\n${treeText(p, true)}\n`;
  if (mode === "simple") return phys;
  return `== Analyzed Logical Plan ==\n${p.output.map((a) => `${a.name}: ${simpleString(a.dataType)}`).join(", ")}\n${treeText(p, false)}\n\n${phys}`;
}

/**
 * The analyzer: turns a {@link LogicalPlan} (names) into a {@link ResolvedPlan} (typed attributes),
 * expanding `*`, turning a select with aggregates into a global aggregate, rewriting `window()`
 * into a window-expansion node (Spark's TimeWindowing rule), splitting join conditions into
 * equi-keys and a residual, and coercing union columns.
 *
 * ```ts
 * const resolved = analyze(df.plan, { ansi: true, caseSensitive: false, timeZone: "UTC" });
 * resolved.output.map((a) => a.name);
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import type { Expr } from "../expr/expression.js";
import { colDisplayName, exprName } from "../expr/expr-name.js";
import { commonType } from "../expr/type-rules.js";
import { StructField, StructType, TimestampType, sqlTypeName } from "../types/data-types.js";
import { resolveAggregate } from "./analyze-aggregate.js";
import { resolveJoin } from "./analyze-join.js";
import { ambiguousReference, unresolvedColumn } from "./errors.js";
import { newExprId, type Attribute, type LogicalPlan, type ResolvedPlan, type SortKey } from "./plan.js";
import { attrRef, castTo, lookupName, resolveExpr, typedExprName, WINDOW_TYPE, type AnalysisContext, type Typed } from "./resolve-expr.js";

export interface AnalyzerConf {
  readonly ansi: boolean;
  readonly caseSensitive: boolean;
  readonly timeZone: string;
}

/** Resolves a whole plan; throws AnalysisError on the first problem. */
export function analyze(plan: LogicalPlan, conf: AnalyzerConf): ResolvedPlan {
  const ctx: AnalysisContext = { ...conf, planOutputs: new Map() };
  return analyzeNode(plan, ctx);
}

/** A fresh attribute for a schema field. */
export function attrFor(name: string, dataType: Attribute["dataType"], nullable: boolean, qualifier: readonly string[] = []): Attribute {
  return { exprId: newExprId(), name, dataType, nullable, qualifier };
}

/** The output of a resolved plan as a Spark schema. */
export function schemaOf(output: readonly Attribute[]): StructType {
  return StructType(output.map((a) => StructField(a.name, a.dataType, a.nullable)));
}

function analyzeNode(p: LogicalPlan, ctx: AnalysisContext): ResolvedPlan {
  const out = analyzeInner(p, ctx);
  ctx.planOutputs.set(p.planId, out.output);
  return out;
}

function analyzeInner(p: LogicalPlan, ctx: AnalysisContext): ResolvedPlan {
  switch (p.kind) {
    case "localRelation":
      return { kind: "localRelation", output: p.schema.fields.map((f) => attrFor(f.name, f.dataType, f.nullable)), batches: p.batches };
    case "range":
      return { kind: "range", output: [attrFor("id", { kind: "long" }, false)], start: p.start, end: p.end, step: p.step };
    case "fileScan":
      return { kind: "fileScan", output: p.schema.fields.map((f) => attrFor(f.name, f.dataType, f.nullable)), format: p.format, paths: p.paths, schema: p.schema, options: p.options };
    case "subqueryAlias": {
      const c = analyzeNode(p.child, ctx);
      const output = c.output.map((a) => ({ ...a, qualifier: [p.alias] }));
      return { kind: "project", output, child: c, exprs: c.output.map((a) => attrRef(a).expr) };
    }
    case "project": return analyzeProject(p.child, p.exprs, ctx);
    case "filter": {
      const c = analyzeNode(p.child, ctx);
      const t = resolveExpr(p.condition, c.output, ctx);
      if (t.dataType.kind !== "boolean" && t.dataType.kind !== "null") {
        throw new AnalysisError(
          `[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "${exprName(p.condition)}" due to data type mismatch: Filter expression "${exprName(p.condition)}" of type "${sqlTypeName(t.dataType)}" is not a boolean. SQLSTATE: 42K09`,
          { hint: "Filter with a condition such as F.col(\"a\").gt(1)." },
        );
      }
      return { kind: "filter", output: c.output, child: c, condition: t.expr };
    }
    case "aggregate": {
      const c = analyzeNode(p.child, ctx);
      return resolveAggregate(c, p.groupBy, p.aggs, ctx);
    }
    case "sort": {
      const c = analyzeNode(p.child, ctx);
      const keys: SortKey[] = p.orders.map((o) => {
        const base = o.kind === "sort" ? o.child : o;
        const t = resolveExpr(base, c.output, ctx);
        if (t.dataType.kind === "map") throw new AnalysisError(`[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] The \`sortorder\` does not support ordering on type "${sqlTypeName(t.dataType)}". SQLSTATE: 42K09`);
        return o.kind === "sort" ? { expr: t.expr, ascending: o.ascending, nullsFirst: o.nullsFirst } : { expr: t.expr, ascending: true, nullsFirst: true };
      });
      return { kind: "sort", output: c.output, child: c, keys };
    }
    case "limit": {
      const c = analyzeNode(p.child, ctx);
      return { kind: "limit", output: c.output, child: c, n: p.n };
    }
    case "join": return resolveJoin(analyzeNode(p.left, ctx), analyzeNode(p.right, ctx), p.joinType, p.on, p.using, ctx);
    case "union": return analyzeUnion(analyzeNode(p.left, ctx), analyzeNode(p.right, ctx), p.byName, p.allowMissingColumns, ctx);
    case "distinct": {
      const c = analyzeNode(p.child, ctx);
      const keyIndices = p.subset === null
        ? c.output.map((_, i) => i)
        : p.subset.map((name) => {
          const t = lookupName(name, c.output, ctx);
          const i = t.expr.kind === "attr" ? c.output.findIndex((a) => a.exprId === (t.expr as { exprId: number }).exprId) : -1;
          if (i < 0) throw unresolvedColumn(name, c.output);
          return i;
        });
      return p.withinWatermark === true ? { kind: "distinct", output: c.output, child: c, keyIndices, withinWatermark: true } : { kind: "distinct", output: c.output, child: c, keyIndices };
    }
    case "withWatermark": {
      const c = analyzeNode(p.child, ctx);
      const t = lookupName(p.eventTime, c.output, ctx);
      if (t.expr.kind !== "attr") throw unresolvedColumn(p.eventTime, c.output);
      if (t.dataType.kind !== "timestamp") {
        throw new AnalysisError(`Event time must be defined on a window or a timestamp, but ${p.eventTime} is of type ${sqlTypeName(t.dataType).toLowerCase()}.`, {
          hint: "Convert the column with F.to_timestamp first.",
        });
      }
      const attr = c.output.find((a) => a.exprId === (t.expr as { exprId: number }).exprId)!;
      return { kind: "withWatermark", output: c.output, child: c, eventTime: attr, delayMicros: p.delayMicros };
    }
  }
}

/** Expands `*` / `t.*` into attribute references. */
export function expandStars(exprs: readonly Expr[], scope: readonly Attribute[], ctx: AnalysisContext): Expr[] {
  const out: Expr[] = [];
  for (const e of exprs) {
    if (e.kind === "star") {
      if (e.target === undefined) { for (const a of scope) out.push(attrRef(a).expr); continue; }
      const t = e.target;
      const matches = scope.filter((a) => a.qualifier.some((q) => (ctx.caseSensitive ? q === t : q.toLowerCase() === t.toLowerCase())));
      if (matches.length === 0) {
        // `s.*` on a struct column expands its fields.
        const s = lookupName(t, scope, ctx);
        if (s.dataType.kind !== "struct") throw new AnalysisError(`[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve ${t}.* given input columns ${scope.map((a) => a.name).join(", ")}. SQLSTATE: 42704`);
        for (const f of s.dataType.fields) out.push({ kind: "alias", child: { kind: "getField", child: s.expr, field: f.name }, name: f.name });
        continue;
      }
      for (const a of matches) out.push(attrRef(a).expr);
      continue;
    }
    out.push(e);
  }
  return out;
}

/** Output attribute for a resolved select item: pass-through attributes keep their identity. */
export function outputAttr(original: Expr, t: Typed, scope: readonly Attribute[], ctx?: AnalysisContext): Attribute {
  if (t.expr.kind === "attr" && original.kind !== "alias") {
    const id = t.expr.exprId;
    const a = scope.find((x) => x.exprId === id);
    if (a !== undefined) return a;
  }
  const name = (): string => (ctx === undefined ? exprName(original) : typedExprName(original, scope, ctx, "UTC"));
  return attrFor(original.kind === "alias" ? original.name : castOfNamedName(original) ?? name(), t.dataType, t.nullable);
}

/**
 * The name Spark gives a top-level cast (or chain of casts) of a named expression: the name
 * itself, so `col("s").cast("int")` is called `s` (`toNamed`'s Cast case in
 * sql/core/.../classic/ColumnNodeToExpressionConverter.scala and ResolveAliases's
 * `Cast(ne: NamedExpression)` case in Analyzer.scala). Null for anything else.
 */
export function castOfNamedName(e: Expr): string | null {
  if (e.kind !== "cast") return null;
  let x: Expr = e;
  while (x.kind === "cast") x = x.child;
  if (x.kind === "col") return colDisplayName(x.name);
  if (x.kind === "attr" || x.kind === "alias") return x.name;
  return null;
}

/** Finds the single window() in a list of expressions, if any. */
export function findWindow(exprs: readonly Expr[]): Extract<Expr, { kind: "window" }> | null {
  let found: Extract<Expr, { kind: "window" }> | null = null;
  const visit = (e: Expr): void => {
    if (e.kind === "window") {
      if (found !== null && JSON.stringify(found, bigintSafe) !== JSON.stringify(e, bigintSafe)) {
        throw new AnalysisError("Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.", {
          hint: "Use a single window() per query.",
        });
      }
      found = e;
      return;
    }
    for (const c of childrenOf(e)) visit(c);
  };
  exprs.forEach(visit);
  return found;
}

import { children as childrenOf, transformUp } from "../expr/expression.js";

/** JSON.stringify replacer that keeps bigint literals comparable. */
export function bigintSafe(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? Array.from(v) : v;
}

/**
 * Inserts the window-expansion node under a project/aggregate that uses window(), and rewrites
 * the window() calls into a reference to its `window` column.
 */
export function withWindowExpansion(child: ResolvedPlan, exprs: readonly Expr[], ctx: AnalysisContext): { child: ResolvedPlan; rewrite: (e: Expr) => Expr } {
  const w = findWindow(exprs);
  if (w === null) return { child, rewrite: (e) => e };
  let time = resolveExpr(w.child, child.output, ctx);
  if (time.dataType.kind !== "timestamp") {
    if (time.dataType.kind === "date" || time.dataType.kind === "string") time = castTo(time, TimestampType());
    else {
      throw new AnalysisError(
        `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "window(${exprName(w.child)}, ...)" due to data type mismatch: The first parameter requires the ("TIMESTAMP" or "TIMESTAMP_NTZ") type, however "${exprName(w.child)}" has the type "${sqlTypeName(time.dataType)}". SQLSTATE: 42K09`,
        { hint: "Convert the column with F.to_timestamp first." },
      );
    }
  }
  // Spark's tumbling window is a non-null struct, a sliding one (built through Expand) nullable
  // (TimeWindowing in sql/catalyst/.../analysis/ResolveTimeWindows.scala).
  const attr = attrFor("window", WINDOW_TYPE, w.windowMicros !== w.slideMicros);
  const expanded: ResolvedPlan = {
    kind: "windowExpand", output: [...child.output, attr], child, timeExpr: time.expr,
    windowMicros: w.windowMicros, slideMicros: w.slideMicros, startMicros: w.startMicros,
  };
  const ref = attrRef(attr).expr;
  return {
    child: expanded,
    rewrite: (e) => transformUp(e, (x) => (x.kind === "window" ? (e.kind === "window" ? ref : ref) : x)),
  };
}

function analyzeProject(childPlan: LogicalPlan, exprs: readonly Expr[], ctx: AnalysisContext): ResolvedPlan {
  const c0 = analyzeNode(childPlan, ctx);
  const expanded = expandStars(exprs, c0.output, ctx);
  // A select containing aggregates is a global aggregate (Spark: Project -> Aggregate(Nil, ...)).
  if (expanded.some((e) => hasAgg(e))) return resolveAggregate(c0, [], expanded, ctx);
  const { child, rewrite } = withWindowExpansion(c0, expanded, ctx);
  const resolved = expanded.map((e) => resolveExpr(rewrite(e), child.output, ctx));
  const output = expanded.map((e, i) => (e.kind === "window" ? { ...attrFor("window", WINDOW_TYPE, e.windowMicros !== e.slideMicros) } : outputAttr(e, resolved[i]!, child.output, ctx)));
  return { kind: "project", output, child, exprs: resolved.map((r) => r.expr) };
}

function hasAgg(e: Expr): boolean {
  return e.kind === "agg" || childrenOf(e).some(hasAgg);
}

function analyzeUnion(l: ResolvedPlan, r: ResolvedPlan, byName: boolean, allowMissing: boolean, ctx: AnalysisContext): ResolvedPlan {
  let right = r;
  if (byName) {
    const eq = (a: string, b: string): boolean => (ctx.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase());
    const exprs: Expr[] = [];
    const outs: Attribute[] = [];
    for (const la of l.output) {
      const matches = r.output.filter((ra) => eq(ra.name, la.name));
      if (matches.length > 1) throw ambiguousReference(la.name, matches);
      if (matches.length === 0) {
        if (!allowMissing) {
          throw new AnalysisError(
            `[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns; cannot resolve column ${"`"}${la.name}${"`"} in the second input whose columns are [${r.output.map((a) => `\`${a.name}\``).join(", ")}].`,
            { hint: "Pass allowMissingColumns=true to fill missing columns with nulls." },
          );
        }
        exprs.push({ kind: "lit", value: null, dataType: la.dataType });
        outs.push(attrFor(la.name, la.dataType, true));
        continue;
      }
      exprs.push(attrRef(matches[0]!).expr);
      outs.push(matches[0]!);
    }
    if (!allowMissing && r.output.length > l.output.length) {
      const extra = r.output.find((ra) => !l.output.some((la) => eq(la.name, ra.name)))!;
      throw new AnalysisError(`[NUM_COLUMNS_MISMATCH] Cannot resolve column \`${extra.name}\` of the second input in the first input whose columns are [${l.output.map((a) => `\`${a.name}\``).join(", ")}].`, {
        hint: "Pass allowMissingColumns=true, or select the same columns on both sides.",
      });
    }
    right = { kind: "project", output: outs, child: r, exprs };
    if (allowMissing) {
      // Columns only on the right are appended, with nulls on the left (unionByName(allowMissingColumns=True)).
      const extras = r.output.filter((ra) => !l.output.some((la) => eq(la.name, ra.name)));
      if (extras.length > 0) {
        const lOut = [...l.output, ...extras.map((a) => attrFor(a.name, a.dataType, true))];
        const lExprs: Expr[] = [...l.output.map((a) => attrRef(a).expr), ...extras.map((a) => ({ kind: "lit", value: null, dataType: a.dataType }) as Expr)];
        const rOut = [...outs, ...extras];
        const rExprs = [...exprs, ...extras.map((a) => attrRef(a).expr)];
        return unionOf({ kind: "project", output: lOut, child: l, exprs: lExprs }, { kind: "project", output: rOut, child: r, exprs: rExprs }, ctx.ansi);
      }
    }
  }
  if (l.output.length !== right.output.length) {
    throw new AnalysisError(
      `[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has ${l.output.length} columns and the second input has ${right.output.length} columns. SQLSTATE: 42826`,
      { hint: "Select the same columns on both sides, or use unionByName(allowMissingColumns=true)." },
    );
  }
  return unionOf(l, right, ctx.ansi);
}

function unionOf(l: ResolvedPlan, r: ResolvedPlan, ansi: boolean): ResolvedPlan {
  const types = l.output.map((a, i) => {
    const b = r.output[i]!;
    const t = commonType([a.dataType, b.dataType], ansi);
    if (t === null) {
      throw new AnalysisError(
        `[INCOMPATIBLE_COLUMN_TYPE] UNION can only be performed on tables with compatible column types. The ${i + 1}th column of the second table is "${sqlTypeName(b.dataType)}" type which is not compatible with "${sqlTypeName(a.dataType)}" at the same column of the first table. SQLSTATE: 42825`,
        { hint: "Cast the columns to a common type before the union." },
      );
    }
    return t;
  });
  const coerce = (p: ResolvedPlan): ResolvedPlan => {
    if (p.output.every((a, i) => a.dataType.kind === types[i]!.kind && JSON.stringify(a.dataType) === JSON.stringify(types[i]))) return p;
    const exprs = p.output.map((a, i) => castTo(attrRef(a), types[i]!).expr);
    return { kind: "project", output: p.output.map((a, i) => attrFor(a.name, types[i]!, a.nullable)), child: p, exprs };
  };
  const lc = coerce(l);
  const rc = coerce(r);
  const output = lc.output.map((a, i) => attrFor(a.name, types[i]!, a.nullable || rc.output[i]!.nullable));
  return { kind: "union", output, children: [lc, rc] };
}

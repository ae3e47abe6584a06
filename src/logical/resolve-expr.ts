/**
 * Resolves one expression against the attributes in scope: column names become typed `attr`
 * references (case-insensitively, as Spark's default `spark.sql.caseSensitive=false`), implicit
 * casts are inserted following Spark's coercion rules, and type errors are raised with Spark's
 * error classes.
 *
 * ```ts
 * const r = resolveExpr(F.col("a").plus(1).expr, scopeOf([a]), ctx); // r.dataType: integer
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import { exists, type Expr } from "../expr/expression.js";
import { exprName, splitNameParts } from "../expr/expr-name.js";
import { functionSignature } from "../expr/function-types.js";
import { arithmeticTypes, commonType, comparisonType } from "../expr/type-rules.js";
import {
  ArrayType, BooleanType, DoubleType, LongType, StructField, StructType, TimestampType, sameTypeIgnoringNullability,
  isInterval, isNumeric, sqlTypeName, type DataType,
} from "../types/data-types.js";
import { ambiguousReference, unresolvedColumn } from "./errors.js";
import type { Attribute } from "./plan.js";
import { canCast, castForcesNullable } from "./can-cast.js";
import { resolveIntervalArithmetic } from "./interval-arith.js";

export interface AnalysisContext {
  readonly ansi: boolean;
  readonly caseSensitive: boolean;
  readonly timeZone: string;
  /** Output of every analyzed node that carries a planId, for `df.col(name)` references. */
  readonly planOutputs: Map<number, readonly Attribute[]>;
}

export interface Typed { readonly expr: Expr; readonly dataType: DataType; readonly nullable: boolean }

/** A resolved reference to an attribute. */
export function attrRef(a: Attribute): Typed {
  return { expr: { kind: "attr", exprId: a.exprId, name: a.name, dataType: a.dataType, nullable: a.nullable }, dataType: a.dataType, nullable: a.nullable };
}

/** Wraps `t` in a cast when its type differs from `to`. */
export function castTo(t: Typed, to: DataType): Typed {
  if (sameTypeIgnoringNullability(t.dataType, to)) return t;
  return { expr: { kind: "cast", child: t.expr, to }, dataType: to, nullable: t.nullable };
}

function eqName(a: string, b: string, cs: boolean): boolean {
  return cs ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** Finds the attribute (and nested field path) a possibly qualified, dotted name refers to. */
export function lookupName(name: string, scope: readonly Attribute[], ctx: AnalysisContext): Typed {
  const parts = splitNameParts(name);
  const cs = ctx.caseSensitive;
  // Qualified: `t.a` where t is a DataFrame alias.
  if (parts.length >= 2) {
    const q = parts[0]!;
    const matches = scope.filter((a) => a.qualifier.some((x) => eqName(x, q, cs)) && eqName(a.name, parts[1]!, cs));
    if (matches.length > 1) throw ambiguousReference(name, matches);
    if (matches.length === 1) return fieldPath(attrRef(matches[0]!), parts.slice(2), name, ctx);
  }
  const matches = scope.filter((a) => eqName(a.name, parts[0]!, cs));
  // The same attribute may appear twice (e.g. select("a", "a")); that is not ambiguous.
  const distinct = matches.filter((a, i) => matches.findIndex((b) => b.exprId === a.exprId) === i);
  if (distinct.length > 1) throw ambiguousReference(name, distinct);
  if (distinct.length === 1) return fieldPath(attrRef(distinct[0]!), parts.slice(1), name, ctx);
  throw unresolvedColumn(name, scope);
}

function fieldPath(base: Typed, path: readonly string[], fullName: string, ctx: AnalysisContext): Typed {
  let cur = base;
  for (const f of path) cur = getField(cur, f, ctx, fullName);
  return cur;
}

function getField(t: Typed, field: string, ctx: AnalysisContext, fullName = field): Typed {
  if (t.dataType.kind !== "struct") {
    throw new AnalysisError(
      `[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from "${fullName}". Need a complex type [STRUCT, ARRAY, MAP] but got "${sqlTypeName(t.dataType)}". SQLSTATE: 42000`,
      { hint: "Only struct columns have fields; check the column's type with printSchema()." },
    );
  }
  const fields = t.dataType.fields;
  const idx = fields.findIndex((f) => eqName(f.name, field, ctx.caseSensitive));
  if (idx < 0) {
    throw new AnalysisError(
      `[FIELD_NOT_FOUND] No such struct field ${"`"}${field}${"`"} in ${fields.map((f) => `\`${f.name}\``).join(", ")}. SQLSTATE: 42704`,
      { hint: `Use one of the fields: ${fields.map((f) => f.name).join(", ")}.` },
    );
  }
  const f = fields[idx]!;
  return { expr: { kind: "getField", child: t.expr, field: f.name }, dataType: f.dataType, nullable: t.nullable || f.nullable };
}

function mismatch(what: string, detail: string): AnalysisError {
  return new AnalysisError(`[DATATYPE_MISMATCH.${what}] Cannot resolve expression due to data type mismatch: ${detail} SQLSTATE: 42K09`, {
    hint: "Cast the operands to compatible types with .cast(...).",
  });
}

function requireBoolean(t: Typed, where: string): Typed {
  if (t.dataType.kind === "boolean") return t;
  if (t.dataType.kind === "null") return castTo(t, BooleanType());
  throw mismatch("UNEXPECTED_INPUT_TYPE", `${where} requires the "BOOLEAN" type, however it has the type "${sqlTypeName(t.dataType)}".`);
}

/** Resolves `e` against `scope`. Aggregates and windows must have been handled by the caller. */
export function resolveExpr(e: Expr, scope: readonly Attribute[], ctx: AnalysisContext): Typed {
  const r = (x: Expr): Typed => resolveExpr(x, scope, ctx);
  switch (e.kind) {
    case "col": {
      if (e.planId !== undefined) {
        const outs = ctx.planOutputs.get(e.planId);
        if (outs !== undefined) {
          const t = lookupName(e.name, outs, ctx);
          const base = baseAttr(t.expr);
          if (base !== null && scope.some((a) => a.exprId === base)) return t;
        }
      }
      return lookupName(e.name, scope, ctx);
    }
    case "attr": return { expr: e, dataType: e.dataType, nullable: e.nullable };
    case "star":
      throw new AnalysisError("[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression. SQLSTATE: 42000", {
        hint: "Use '*' only as a whole select item or in count('*').",
      });
    case "lit": return { expr: e, dataType: e.dataType, nullable: e.value === null };
    case "alias": { const c = r(e.child); return { expr: { kind: "alias", child: c.expr, name: e.name }, dataType: c.dataType, nullable: c.nullable }; }
    case "binary": {
      const l = r(e.left); const rt = r(e.right);
      if (e.op === "and" || e.op === "or") {
        const a = requireBoolean(l, `"${e.op.toUpperCase()}" left operand`); const b = requireBoolean(rt, `"${e.op.toUpperCase()}" right operand`);
        return { expr: { ...e, left: a.expr, right: b.expr }, dataType: BooleanType(), nullable: a.nullable || b.nullable };
      }
      if (e.op === "=" || e.op === "<=>" || e.op === "<" || e.op === "<=" || e.op === ">" || e.op === ">=") {
        const t = comparisonType(l.dataType, rt.dataType, ctx.ansi);
        if (t === null) {
          throw mismatch("BINARY_OP_DIFF_TYPES", `the left and right operands of the binary operator have incompatible types ("${sqlTypeName(l.dataType)}" and "${sqlTypeName(rt.dataType)}").`);
        }
        const a = castTo(l, t); const b = castTo(rt, t);
        return { expr: { ...e, left: a.expr, right: b.expr }, dataType: BooleanType(), nullable: e.op === "<=>" ? false : a.nullable || b.nullable };
      }
      const interval = resolveIntervalArithmetic(e.op, l, rt);
      if (interval !== null) return interval;
      const types = arithmeticTypes(e.op, l.dataType, rt.dataType, ctx.ansi);
      if (types === null) {
        throw mismatch("BINARY_OP_WRONG_TYPE", `the binary operator requires the input type "NUMERIC", not "${sqlTypeName(isNumeric(l.dataType) ? rt.dataType : l.dataType)}".`);
      }
      if (types.resultType.kind === "decimal") {
        // Each side becomes a decimal of its own precision; the evaluator computes exactly and the
        // outer cast applies Spark's result precision (DecimalPrecision).
        const toDec = (t: Typed): Typed => (t.dataType.kind === "decimal" ? t : castTo(t, types.operandType.kind === "decimal" ? decimalOf(t.dataType, types.operandType) : types.operandType));
        const a = toDec(l); const b = toDec(rt);
        const inner: Typed = { expr: { ...e, left: a.expr, right: b.expr }, dataType: types.resultType, nullable: true };
        return { expr: { kind: "cast", child: inner.expr, to: types.resultType }, dataType: types.resultType, nullable: true };
      }
      const a = castTo(l, types.operandType); const b = castTo(rt, types.operandType);
      const nullable = a.nullable || b.nullable || e.op === "/" || e.op === "%" || e.op === "div";
      return { expr: { ...e, left: a.expr, right: b.expr }, dataType: types.resultType, nullable };
    }
    case "unary": {
      const c = r(e.child);
      switch (e.op) {
        case "not": { const b = requireBoolean(c, '"NOT"'); return { expr: { ...e, child: b.expr }, dataType: BooleanType(), nullable: b.nullable }; }
        case "negate": {
          if (!isNumeric(c.dataType) && c.dataType.kind !== "null" && !isInterval(c.dataType)) throw mismatch("UNEXPECTED_INPUT_TYPE", `"negative" requires the "NUMERIC" type, however it has the type "${sqlTypeName(c.dataType)}".`);
          const t = c.dataType.kind === "null" ? castTo(c, DoubleType()) : c;
          return { expr: { ...e, child: t.expr }, dataType: t.dataType, nullable: t.nullable };
        }
        case "isNull": case "isNotNull": return { expr: { ...e, child: c.expr }, dataType: BooleanType(), nullable: false };
        case "isNaN": { const d = castTo(c, DoubleType()); return { expr: { ...e, child: d.expr }, dataType: BooleanType(), nullable: false }; }
      }
      break;
    }
    case "in": {
      const c = r(e.child); const list = e.list.map(r);
      const t = commonType([c.dataType, ...list.map((x) => x.dataType)], ctx.ansi) ?? comparisonType(c.dataType, list[0]?.dataType ?? c.dataType, ctx.ansi);
      if (t === null) throw mismatch("DATA_DIFF_TYPES", `Input to \`in\` should all be the same type, but it's [${[c, ...list].map((x) => `"${sqlTypeName(x.dataType)}"`).join(", ")}].`);
      return { expr: { kind: "in", child: castTo(c, t).expr, list: list.map((x) => castTo(x, t).expr) }, dataType: BooleanType(), nullable: c.nullable || list.some((x) => x.nullable) };
    }
    case "like": {
      const c = castTo(r(e.child), { kind: "string" }); const p = castTo(r(e.pattern), { kind: "string" });
      return { expr: { ...e, child: c.expr, pattern: p.expr }, dataType: BooleanType(), nullable: c.nullable || p.nullable };
    }
    case "cast": {
      const c = r(e.child);
      if (!canCast(c.dataType, e.to)) {
        throw new AnalysisError(
          `[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "CAST(... AS ${sqlTypeName(e.to)})" due to data type mismatch: cannot cast "${sqlTypeName(c.dataType)}" to "${sqlTypeName(e.to)}". SQLSTATE: 42K09`,
          { hint: "Cast through STRING, or pick a compatible target type." },
        );
      }
      return { expr: { ...e, child: c.expr }, dataType: e.to, nullable: c.nullable || e.try === true || castForcesNullable(c.dataType, e.to) };
    }
    case "getField": return getField(r(e.child), e.field, ctx);
    case "getItem": {
      const c = r(e.child); const k = r(e.key);
      if (c.dataType.kind === "array") return { expr: { ...e, child: c.expr, key: castTo(k, { kind: "integer" }).expr }, dataType: c.dataType.elementType, nullable: true };
      if (c.dataType.kind === "map") return { expr: { ...e, child: c.expr, key: castTo(k, c.dataType.keyType).expr }, dataType: c.dataType.valueType, nullable: true };
      if (c.dataType.kind === "struct" && k.expr.kind === "lit" && typeof k.expr.value === "string") return getField(c, k.expr.value, ctx);
      throw new AnalysisError(`[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from "${sqlTypeName(c.dataType)}". Need a complex type [STRUCT, ARRAY, MAP]. SQLSTATE: 42000`, { hint: "getItem works on arrays (0-based index) and maps (key)." });
    }
    case "caseWhen": {
      const conds = e.branches.map((b) => requireBoolean(r(b.when), "WHEN"));
      const vals = e.branches.map((b) => r(b.then));
      const other = e.otherwise === null ? null : r(e.otherwise);
      const all = other === null ? vals : [...vals, other];
      const t = commonType(all.map((x) => x.dataType), ctx.ansi);
      if (t === null) throw mismatch("DATA_DIFF_TYPES", `Input to \`casewhen\` should all be the same type, but it's [${all.map((x) => `"${sqlTypeName(x.dataType)}"`).join(", ")}].`);
      return {
        expr: { kind: "caseWhen", branches: conds.map((c, i) => ({ when: c.expr, then: castTo(vals[i]!, t).expr })), otherwise: other === null ? null : castTo(other, t).expr },
        dataType: t,
        nullable: other === null || all.some((x) => x.nullable),
      };
    }
    case "fn": {
      // struct(*) / struct(t.*): a star argument stands for every column it matches (Spark's ResolveStar).
      const argExprs = e.args.some((a) => a.kind === "star") ? e.args.flatMap((a) => (a.kind === "star" ? starColumns(a.target, scope, ctx) : [a])) : e.args;
      const args = argExprs.map(r);
      const named = args.map((a, i) => ({
        dataType: a.dataType, nullable: a.nullable, ...(nameOf(argExprs[i]!) === undefined ? {} : { name: nameOf(argExprs[i]!)! }),
        ...(a.expr.kind === "lit" ? { value: a.expr.value } : {}),
      }));
      const sig = functionSignature(e.name, named, ctx.ansi);
      const cast = args.map((a, i) => { const t = sig.argTypes[i]; return t === null || t === undefined ? a : castTo(a, t); });
      return { expr: { kind: "fn", name: e.name, args: cast.map((a) => a.expr) }, dataType: sig.dataType, nullable: sig.nullable };
    }
    case "agg":
      throw new AnalysisError(
        `[UNSUPPORTED_EXPR_FOR_OPERATOR] Aggregate function ${e.name}() is not allowed here. SQLSTATE: 42K0E`,
        { hint: "Use aggregate functions in groupBy().agg(...), in select() over the whole DataFrame, or in agg()." },
      );
    case "sort":
      throw new AnalysisError("A sort order (asc/desc) can only be used in orderBy/sort.", { hint: "Remove .asc()/.desc() or move the column into orderBy()." });
    case "window":
      throw new AnalysisError("window() can only be used in groupBy() or select().", { hint: "Group by F.window(...) or select it." });
  }
  throw new AnalysisError(`Unknown expression kind ${(e as { kind: string }).kind}`);
}

/**
 * Spark's generated name for `e`, with the types of its parts known: interval arithmetic is named
 * after the expression Spark rewrites it to (see exprName's `typeOf`).
 */
export function typedExprName(e: Expr, scope: readonly Attribute[], ctx: AnalysisContext, timeZone = ctx.timeZone): string {
  const arith = exists(e, (x) => x.kind === "binary" && (x.op === "+" || x.op === "-" || x.op === "*"));
  if (!arith) return exprName(e, timeZone);
  return exprName(e, timeZone, (x) => {
    try { return resolveExpr(x, scope, ctx).dataType; } catch { return null; }
  });
}

function decimalOf(t: DataType, fallback: DataType): DataType {
  switch (t.kind) {
    case "byte": return { kind: "decimal", precision: 3, scale: 0 };
    case "short": return { kind: "decimal", precision: 5, scale: 0 };
    case "integer": return { kind: "decimal", precision: 10, scale: 0 };
    case "long": return { kind: "decimal", precision: 20, scale: 0 };
    default: return fallback;
  }
}

/** The name a struct() argument field gets (Spark uses the column name, else colN). */
function nameOf(e: Expr): string | undefined {
  if (e.kind === "alias") return e.name;
  if (e.kind === "col") return splitNameParts(e.name).at(-1);
  if (e.kind === "attr") return e.name;
  return undefined;
}

/** The columns `*` or `t.*` stands for inside a function call: attributes, or a struct column's fields. */
function starColumns(target: string | undefined, scope: readonly Attribute[], ctx: AnalysisContext): Expr[] {
  if (target === undefined) return scope.map((a) => attrRef(a).expr);
  const byQualifier = scope.filter((a) => a.qualifier.some((q) => eqName(q, target, ctx.caseSensitive)));
  if (byQualifier.length > 0) return byQualifier.map((a) => attrRef(a).expr);
  const s = lookupName(target, scope, ctx);
  if (s.dataType.kind !== "struct") {
    throw new AnalysisError(`[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve ${target}.* given input columns ${scope.map((a) => a.name).join(", ")}. SQLSTATE: 42704`, {
      hint: "Use `*` or `alias.*` for a DataFrame alias, or `s.*` for a struct column s.",
    });
  }
  return s.dataType.fields.map((f) => ({ kind: "alias", child: { kind: "getField", child: s.expr, field: f.name }, name: f.name }));
}

/** The exprId at the root of a chain of field extractions, if any. */
export function baseAttr(e: Expr): number | null {
  if (e.kind === "attr") return e.exprId;
  if (e.kind === "getField") return baseAttr(e.child);
  return null;
}

/** The type of window() output (Spark's TimeWindow dataType). */
export const WINDOW_TYPE: StructType = StructType([StructField("start", TimestampType(), true), StructField("end", TimestampType(), true)]);

export { ArrayType, LongType };

/**
 * Evaluates a resolved expression over a batch, column at a time: each node turns its children's
 * vectors into one result vector. Attribute references are found by exprId through `ordinals`.
 *
 * ```ts
 * const v = evaluate(resolvedExpr, batch, ordinalsOf(inputAttrs), ctx);
 * ```
 */
import { atRow } from "./record-location.js";
import { InternalError } from "../../common/errors.js";
import type { Expr } from "../../expr/expression.js";
import { BooleanType, StructField, StructType, StringType, type DataType } from "../../types/data-types.js";
import type { Attribute } from "../../logical/plan.js";
import type { ExecContext } from "../exec-context.js";
import { constantVector, getValue, vectorFromValues, type Batch, type Vec } from "../vector.js";
import { arithmetic, negate } from "./arithmetic.js";
import { invalidArrayIndex } from "./ansi-errors.js";
import { castVector } from "./cast.js";
import { evalFromCsv, evalFromCsvBinary } from "./csv-functions.js";
import { evalFunction, javaRegex } from "./functions-eval.js";
import { evalIntervalFunction, isIntervalFunction } from "./interval-eval.js";
import { evalFromJson, evalToJson } from "./json-functions.js";
import { and3, compare, inList, isNull, not3, or3 } from "./logic.js";

/** exprId -> column index of a batch. */
export type Ordinals = ReadonlyMap<number, number>;

/** The ordinals of an operator's input attributes. */
export function ordinalsOf(attrs: readonly Attribute[]): Ordinals {
  const m = new Map<number, number>();
  attrs.forEach((a, i) => { if (!m.has(a.exprId)) m.set(a.exprId, i); });
  return m;
}

/** Evaluates `e` over every row of `batch`. */
export function evaluate(e: Expr, batch: Batch, ordinals: Ordinals, ctx: ExecContext): Vec {
  const n = batch.numRows;
  const ev = (x: Expr): Vec => evaluate(x, batch, ordinals, ctx);
  switch (e.kind) {
    case "attr": {
      const i = ordinals.get(e.exprId);
      if (i === undefined) throw new InternalError(`attribute ${e.name}#${e.exprId} is not in the operator's input`);
      return batch.columns[i]!;
    }
    case "lit": return constantVector(e.dataType, e.value, n);
    case "alias": return ev(e.child);
    case "binary": {
      if (e.op === "and") return and3(ev(e.left), ev(e.right));
      if (e.op === "or") return or3(ev(e.left), ev(e.right));
      const l = ev(e.left); const r = ev(e.right);
      switch (e.op) {
        case "=": case "<=>": case "<": case "<=": case ">": case ">=": return compare(e.op, l, r);
        default: return arithmetic(e.op, l, r, ctx);
      }
    }
    case "unary": {
      const c = ev(e.child);
      switch (e.op) {
        case "not": return not3(c);
        case "negate": return negate(c, ctx);
        case "isNull": return isNull(c, false);
        case "isNotNull": return isNull(c, true);
        case "isNaN": {
          const out = new Array<unknown>(n);
          for (let i = 0; i < n; i++) { const x = getValue(c, i); out[i] = x !== null && Number.isNaN(x as number); }
          return vectorFromValues(BooleanType(), out);
        }
      }
      break;
    }
    case "in": return inList(ev(e.child), e.list.map(ev));
    case "like": {
      const c = ev(e.child); const p = ev(e.pattern);
      const out = new Array<unknown>(n);
      let cacheKey: string | null = null; let re: RegExp | null = null;
      for (let i = 0; i < n; i++) {
        const s = getValue(c, i) as string | null; const pat = getValue(p, i) as string | null;
        if (s === null || pat === null) { out[i] = null; continue; }
        if (pat !== cacheKey) { cacheKey = pat; re = e.op === "rlike" ? javaRegex(pat) : likeToRegex(pat, e.op === "ilike"); }
        out[i] = re!.test(s);
      }
      return vectorFromValues(BooleanType(), out);
    }
    case "cast": return castVector(ev(e.child), e.to, ctx, e.try === true);
    case "getField": {
      const c = ev(e.child);
      const t = c.type as StructType;
      const idx = t.fields.findIndex((f) => f.name === e.field);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) { const s = getValue(c, i) as unknown[] | null; out[i] = s === null ? null : (s[idx] ?? null); }
      return vectorFromValues(t.fields[idx]!.dataType, out);
    }
    case "getItem": {
      const c = ev(e.child); const k = ev(e.key);
      const t = c.type;
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        const v = getValue(c, i); const key = getValue(k, i);
        if (v === null || key === null) { out[i] = null; continue; }
        if (t.kind === "array") {
          const a = v as unknown[]; const j = key as number;
          // Under ANSI an index out of bounds fails (GetArrayItem's failOnError); else it is NULL.
          if ((j < 0 || j >= a.length) && ctx.ansi) throw atRow(invalidArrayIndex(j, a.length), i);
          out[i] = j >= 0 && j < a.length ? a[j] : null;
        }
        else { const hit = (v as [unknown, unknown][]).find(([kk]) => kk === key); out[i] = hit === undefined ? null : hit[1]; }
      }
      const outType: DataType = t.kind === "array" ? t.elementType : t.kind === "map" ? t.valueType : StringType();
      return vectorFromValues(outType, out);
    }
    case "caseWhen": {
      const conds = e.branches.map((b) => ev(b.when));
      const vals = e.branches.map((b) => ev(b.then));
      const other = e.otherwise === null ? null : ev(e.otherwise);
      const type = vals[0]!.type;
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        let v: unknown = other === null ? null : getValue(other, i);
        for (let j = 0; j < conds.length; j++) {
          if (getValue(conds[j]!, i) === true) { v = getValue(vals[j]!, i); break; }
        }
        out[i] = v;
      }
      return vectorFromValues(type, out);
    }
    case "fn": {
      // from_csv(CAST(binary AS STRING), ...): parsed from the bytes, with no string per record.
      const a0 = e.args[0];
      if (e.name === "from_csv" && a0?.kind === "cast" && a0.to.kind === "string" && a0.child.kind === "attr" && a0.child.dataType.kind === "binary") {
        return evalFromCsvBinary(e.args, ev(a0.child), ctx, n);
      }
      const args = e.args.map(ev);
      if (e.name === "struct") {
        const type = StructType(args.map((a, i) => StructField(structFieldName(e.args[i]!, i), a.type, true)));
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = args.map((a) => getValue(a, i));
        return vectorFromValues(type, out);
      }
      // Schema and options are literal arguments these evaluators read from the expression.
      if (e.name === "from_json") return evalFromJson(e.args, args[0]!, ctx, n);
      if (e.name === "to_json") return evalToJson(e.args, args[0]!, ctx, n);
      if (e.name === "from_csv") return evalFromCsv(e.args, args[0]!, ctx, n);
      if (isIntervalFunction(e.name)) return evalIntervalFunction(e.name, args, ctx, n);
      return evalFunction(e.name, args, ctx, n);
    }
    default:
      throw new InternalError(`expression kind ${(e as { kind: string }).kind} cannot be evaluated directly (the analyzer should have rewritten it)`);
  }
  throw new InternalError(`unhandled expression ${(e as { kind: string }).kind}`);
}

function structFieldName(e: Expr, i: number): string {
  if (e.kind === "alias" || e.kind === "attr") return e.name;
  if (e.kind === "getField") return e.field;
  return `col${i + 1}`;
}

/** SQL LIKE pattern (with `\` escapes) to an anchored RegExp. */
export function likeToRegex(pattern: string, ignoreCase: boolean): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) { re += pattern[i + 1]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); i++; continue; }
    if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, ignoreCase ? "i" : "");
}

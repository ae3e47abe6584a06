/**
 * Kindling expressions (plain data, src/expr/expression.ts) as PySpark Column code: `F.col`,
 * Python operators (`+`, `==`, `&`, `~`), Column methods (`.alias`, `.cast`, `.isin`,
 * `.isNull`, `.desc`), `F.when(...).otherwise(...)`, `F.window` and the `F.` functions, spelled
 * as the dialect says. A literal on the right of an operator is a plain Python value, as people
 * write it (`F.col("fare") > 10`); one on the left is `F.lit(...)` (Python would otherwise reflect
 * the operator and swap the operands, which changes Spark's column name).
 *
 * ```ts
 * exprToPy(F.col("a").plus(1).alias("b").expr, ctx);  // F.col("a") + 1).alias("b") as a PyExpr
 * ```
 */
import { NotImplementedError } from "../common/errors.js";
import type { BinaryOp, Expr } from "../expr/expression.js";
import type { LitExpr } from "../expr/literal.js";
import { simpleString, type DataType } from "../types/data-types.js";
import { formatDayTimeInterval, formatYearMonthInterval } from "../types/interval-format.js";
import { javaFloatToString } from "../types/java-format.js";
import { intervalText } from "./interval-text.js";
import {
  binop, bool, call, fcall, float, int, method, name, none, str, subscript, unary, type PyBinOp, type PyExpr,
} from "./py-ast.js";
import { pyDate, pyDecimal, pyTimestamp, type PyImports } from "./python-values.js";
import type { SparkDialect } from "./spark-dialect.js";

/** What expression translation needs from the plan generator. */
export interface ExprContext {
  readonly dialect: SparkDialect;
  readonly imports: PyImports;
  /** The Python variable bound to the DataFrame with this planId (for `df["x"]`), if any. */
  dfVar(planId: number): string | undefined;
}

const OPS: Partial<Record<BinaryOp, PyBinOp>> = {
  "+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "=": "==", "<": "<", "<=": "<=", ">": ">", ">=": ">=", and: "&", or: "|",
};

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * A column name as PySpark takes it: Kindling stores names it generated backquoted (`` `fare` ``);
 * the quotes are dropped where they change nothing (no dot or backquote inside).
 */
export function pyColumnName(n: string): string {
  if (n.length >= 2 && n.startsWith("`") && n.endsWith("`")) {
    const inner = n.slice(1, -1);
    if (!inner.includes("`") && !inner.includes(".")) return inner;
  }
  return n;
}

/** A plain (unpinned, unquoted-where-possible) column reference as a name string, else null. */
export function plainColumnName(e: Expr): string | null {
  return e.kind === "col" && e.planId === undefined ? pyColumnName(e.name) : null;
}

/** An expression as a Column. */
export function exprToPy(e: Expr, ctx: ExprContext): PyExpr {
  switch (e.kind) {
    case "col": {
      const n = pyColumnName(e.name);
      const v = e.planId === undefined ? undefined : ctx.dfVar(e.planId);
      return v === undefined ? fcall("col", [str(n)]) : subscript(name(v), str(n));
    }
    case "star": return fcall("col", [str(e.target === undefined ? "*" : `${e.target}.*`)]);
    case "attr":
      throw new NotImplementedError(`the column ${e.name} is known only by its internal id #${e.exprId} and has no PySpark spelling`, {
        hint: "this comes from drop() on a join with duplicate column names: select the columns by name (left.col(...)) instead",
      });
    case "lit": return litToPy(e, ctx, false);
    case "alias": return method(exprToPy(e.child, ctx), "alias", [str(e.name)]);
    case "binary": return binaryToPy(e, ctx);
    case "unary": return unaryToPy(e, ctx);
    case "in": return method(exprToPy(e.child, ctx), "isin", e.list.map((x) => operand(x, ctx)));
    case "like": {
      if (e.pattern.kind === "lit" && typeof e.pattern.value === "string") return method(exprToPy(e.child, ctx), e.op, [str(e.pattern.value)]);
      return fcall("call_function", [str(e.op), exprToPy(e.child, ctx), exprToPy(e.pattern, ctx)]);
    }
    case "cast": {
      if (e.try === true && !ctx.dialect.hasTryCast) {
        throw new NotImplementedError(`try_cast to ${simpleString(e.to)} has no Column method in PySpark ${ctx.dialect.label}`, { hint: "generate for PySpark 4 (the default), or use cast()" });
      }
      return method(exprToPy(e.child, ctx), e.try === true ? "try_cast" : "cast", [str(simpleString(e.to))]);
    }
    case "getField": return method(exprToPy(e.child, ctx), "getField", [str(e.field)]);
    case "getItem": return method(exprToPy(e.child, ctx), "getItem", [operand(e.key, ctx)]);
    case "caseWhen": {
      const [first, ...more] = e.branches;
      let out = fcall("when", [exprToPy(first!.when, ctx), operand(first!.then, ctx)]);
      for (const b of more) out = method(out, "when", [exprToPy(b.when, ctx), operand(b.then, ctx)]);
      return e.otherwise === null ? out : method(out, "otherwise", [operand(e.otherwise, ctx)]);
    }
    case "fn": return fnToPy(e.name, e.args, ctx);
    case "agg": return aggToPy(e, ctx);
    case "sort": {
      const base = e.ascending ? "asc" : "desc";
      // Spark's defaults: asc is nulls first, desc nulls last; say so only when it differs.
      const dflt = e.ascending === e.nullsFirst;
      return method(exprToPy(e.child, ctx), dflt ? base : `${base}_nulls_${e.nullsFirst ? "first" : "last"}`);
    }
    case "window": {
      const args = [exprToPy(e.child, ctx), str(intervalText(e.windowMicros))];
      if (e.slideMicros !== e.windowMicros || e.startMicros !== 0) args.push(str(intervalText(e.slideMicros)));
      if (e.startMicros !== 0) args.push(str(intervalText(e.startMicros)));
      return fcall("window", args);
    }
  }
}

/** An operand where PySpark accepts a plain Python value: literals as values, the rest as Columns. */
export function operand(e: Expr, ctx: ExprContext): PyExpr {
  return e.kind === "lit" ? litToPy(e, ctx, true) : exprToPy(e, ctx);
}

function binaryToPy(e: Extract<Expr, { kind: "binary" }>, ctx: ExprContext): PyExpr {
  const left = exprToPy(e.left, ctx);
  if (e.op === "<=>") return method(left, "eqNullSafe", [operand(e.right, ctx)]);
  if (e.op === "div") return fcall("call_function", [str("div"), left, exprToPy(e.right, ctx)]);
  return binop(OPS[e.op]!, left, operand(e.right, ctx));
}

function unaryToPy(e: Extract<Expr, { kind: "unary" }>, ctx: ExprContext): PyExpr {
  switch (e.op) {
    case "not":
      // PySpark's `a != b` is Not(EqualTo(a, b)), the very plan Kindling's ne() builds.
      if (e.child.kind === "binary" && e.child.op === "=") return binop("!=", exprToPy(e.child.left, ctx), operand(e.child.right, ctx));
      return unary("~", exprToPy(e.child, ctx));
    case "negate": return unary("-", exprToPy(e.child, ctx));
    case "isNull": return method(exprToPy(e.child, ctx), "isNull");
    case "isNotNull": return method(exprToPy(e.child, ctx), "isNotNull");
    case "isNaN": return fcall("isnan", [exprToPy(e.child, ctx)]);
  }
}

/**
 * A literal. `raw`: where PySpark turns a Python value into a literal itself (operator operands,
 * `when` values, `isin`), values whose inferred type is the literal's own (int in int range,
 * float, str, bool, None) are written bare; everything else is built so Spark gets the same type.
 */
export function litToPy(e: LitExpr, ctx: ExprContext, raw: boolean): PyExpr {
  const wrap = (v: PyExpr): PyExpr => (raw ? v : fcall("lit", [v]));
  const v = e.value;
  if (v === null || v === undefined) return wrap(none);
  const t: DataType = e.dataType;
  switch (t.kind) {
    case "boolean": return wrap(bool(v === true || v === 1));
    case "integer": return wrap(int(v as number));
    case "double": return wrap(float(v as number));
    case "string": return wrap(str(v as string));
    case "long": {
      const n = v as bigint;
      if (n < BigInt(INT_MIN) || n > BigInt(INT_MAX)) return wrap(int(n));
      // A small Python int would be an INT literal; `5L` is Spark SQL's BIGINT literal (named `5`, like Kindling's).
      return fcall("expr", [str(`${n}L`)]);
    }
    case "byte": return fcall("expr", [str(`${v as number}Y`)]);
    case "short": return fcall("expr", [str(`${v as number}S`)]);
    case "float": {
      const f = v as number;
      if (Number.isFinite(f)) return fcall("expr", [str(`${javaFloatToString(f)}F`)]);
      return method(fcall("lit", [float(f)]), "cast", [str("float")]);
    }
    case "decimal": {
      const d = fcall("lit", [pyDecimal(v as bigint, t.scale, ctx.imports)]);
      const digits = (v as bigint < 0n ? -(v as bigint) : (v as bigint)).toString().length;
      // Spark types a BigDecimal literal as DECIMAL(max(digits, scale), scale); cast when the plan's type differs.
      return Math.max(digits, t.scale) === t.precision ? d : method(d, "cast", [str(simpleString(t))]);
    }
    case "date": return fcall("lit", [pyDate(v as number, ctx.imports)]);
    case "timestamp": return fcall("lit", [pyTimestamp(v as bigint, ctx.imports)]);
    // An ANSI interval as the SQL literal Spark prints for it, which parses back to the same value
    // and type (`INTERVAL '0 01:30:00' DAY TO SECOND`) and is also the column name Spark gives it.
    case "dayTimeInterval": return fcall("expr", [str(formatDayTimeInterval(v as bigint, t.startField, t.endField))]);
    case "yearMonthInterval": return fcall("expr", [str(formatYearMonthInterval(v as number, t.startField, t.endField))]);
    case "binary": return fcall("lit", [call(name("bytearray"), [{ kind: "bytes", value: v as Uint8Array }])]);
    case "map":
      // An options map (from_json/to_json/from_csv) is a Python dict where PySpark takes a value.
      if (raw && t.keyType.kind === "string" && t.valueType.kind === "string") {
        return { kind: "dict", entries: (v as [string, string][]).map(([k, x]) => [str(k), str(x)] as const) };
      }
      throw new NotImplementedError(`a literal of type ${simpleString(t)} has no PySpark spelling in the generator yet`, { hint: "build it with F.create_map of simple literals" });
    default:
      throw new NotImplementedError(`a literal of type ${simpleString(t)} has no PySpark spelling in the generator yet`, {
        hint: "build it with F.array/F.struct of simple literals",
      });
  }
}

function fnToPy(fnName: string, args: readonly Expr[], ctx: ExprContext): PyExpr {
  const spec = ctx.dialect.functions.get(fnName);
  const generic = (): PyExpr => fcall("call_function", [str(fnName), ...args.map((a) => exprToPy(a, ctx))]);
  if (spec === undefined) return generic();
  // F.unix_timestamp() with no column means "now": Kindling stores current_timestamp() for it.
  if (fnName === "unix_timestamp" && args[0]?.kind === "fn" && args[0].name === "current_timestamp" && isLit(args[1], "yyyy-MM-dd HH:mm:ss")) {
    return fcall("unix_timestamp");
  }
  const kinds = args.map((_, i) => spec.params[i] ?? spec.rest);
  if (kinds.some((k, i) => k === undefined || (k === "value" && args[i]!.kind !== "lit"))) return generic();
  // Leave out trailing arguments equal to PySpark's defaults.
  let n = args.length;
  while (n > 0 && spec.defaults?.[n - 1] !== undefined && isLit(args[n - 1], spec.defaults[n - 1]!)) n--;
  if (spec.maxArgs !== undefined && n > spec.maxArgs) return generic();
  const py = args.slice(0, n).map((a, i) => (kinds[i] === "value" ? litToPy(a as LitExpr, ctx, true) : exprToPy(a, ctx)));
  if (spec.method === true) return method(py[0]!, spec.py, py.slice(1));
  return fcall(spec.py, py);
}

function isLit(e: Expr | undefined, value: string | number): boolean {
  if (e === undefined || e.kind !== "lit") return false;
  return typeof e.value === "bigint" ? e.value === BigInt(value) : e.value === value;
}

function aggToPy(e: Extract<Expr, { kind: "agg" }>, ctx: ExprContext): PyExpr {
  const args = e.args.map((a) => exprToPy(a, ctx));
  if (e.name === "count" && !e.distinct && e.args.length === 1 && isLit(e.args[0], 1)) return fcall("count", [str("*")]);
  if (e.distinct) {
    if (e.name === "count") return fcall("count_distinct", args);
    if (e.name === "sum") return fcall("sum_distinct", args);
    throw new NotImplementedError(`${e.name}(DISTINCT ...) has no pyspark.sql.functions spelling`, { hint: "deduplicate first (dropDuplicates) and aggregate without DISTINCT" });
  }
  if ((e.name === "first" || e.name === "last") && e.ignoreNulls === true) return fcall(e.name, args, [["ignorenulls", bool(true)]]);
  if (e.name === "approx_count_distinct") {
    // PySpark takes rsd as a float, not a Column; 0.05 is its default.
    const rsd = e.args[1];
    return rsd === undefined || isLit(rsd, 0.05) ? fcall(e.name, args.slice(0, 1)) : fcall(e.name, [args[0]!, operand(rsd, ctx)]);
  }
  return fcall(e.name, args);
}

/**
 * The column name Spark generates for an unaliased expression (`toPrettySQL` in
 * sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/util/package.scala): `(a + 1)`,
 * `count(1)`, `CAST(a AS INT)`, `CASE WHEN (a > 1) THEN x END`. Literals inside are unquoted.
 *
 * ```ts
 * exprName({ kind: "binary", op: "+", left: { kind: "col", name: "a" }, right: literal(1) }); // "(a + 1)"
 * ```
 */
import { isInterval, sqlTypeName, type DataType } from "../types/data-types.js";
import type { Expr } from "./expression.js";
import { literalToString } from "./literal.js";

/** Functions whose pretty name Spark prints in upper case (UnaryMathExpression names). */
const UPPER_NAMES: Record<string, string> = {
  sqrt: "SQRT", power: "POWER", floor: "FLOOR", ceil: "CEIL", exp: "EXP", ln: "ln", log10: "LOG10", sin: "SIN", cos: "COS",
  tan: "TAN", cbrt: "CBRT", signum: "SIGNUM",
};

const OP_TEXT: Record<string, string> = { and: "AND", or: "OR", div: "div" };

/** The last part of a dotted column name (`s.x` selects a field named `x`). */
export function colDisplayName(name: string): string {
  if (name.startsWith("`") && name.endsWith("`")) return name.slice(1, -1).replace(/``/g, "`");
  const parts = splitNameParts(name);
  return parts[parts.length - 1] ?? name;
}

/** Splits `a.b.`c.d`` into [a, b, c.d], honouring backquotes. */
export function splitNameParts(name: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === "`") {
      if (quoted && name[i + 1] === "`") { cur += "`"; i++; continue; }
      quoted = !quoted; continue;
    }
    if (c === "." && !quoted) { parts.push(cur); cur = ""; continue; }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

/** The type of a sub-expression when the analyzer can tell (names of interval arithmetic depend on it). */
export type TypeOf = (e: Expr) => DataType | null;

/**
 * The name of `l op r` when an interval makes Spark rewrite it (BinaryArithmeticWithDatetimeResolver):
 * TimeAdd and friends print `ts + INTERVAL '01' HOUR` without parentheses and with the datetime
 * first, DateAdd prints `date_add(d, extractansiintervaldays(i))`, MultiplyDTInterval puts the
 * interval first (`2 * i` is `(i * 2)`). Null when the ordinary `(l op r)` applies.
 */
function intervalOpName(e: Extract<Expr, { kind: "binary" }>, n: (x: Expr) => string, typeOf: TypeOf): string | null {
  if (e.op !== "+" && e.op !== "-" && e.op !== "*") return null;
  const lt = typeOf(e.left); const rt = typeOf(e.right);
  if (lt === null || rt === null) return null;
  const li = isInterval(lt); const ri = isInterval(rt);
  if (li === ri) return null;
  if (e.op === "*") return li ? null : `(${n(e.right)} * ${n(e.left)})`;
  const [d, i, dn, iname] = ri ? [lt, rt, n(e.left), n(e.right)] : [rt, lt, n(e.right), n(e.left)];
  if (d.kind !== "date" && d.kind !== "timestamp") return null;
  if (e.op === "-" && !ri) return null;
  const dayOnly = i.kind === "dayTimeInterval" && i.startField === 0 && i.endField === 0;
  if (d.kind === "date" && dayOnly) {
    return e.op === "+" ? `date_add(${dn}, extractansiintervaldays(${iname}))` : `date_add(${dn}, (- extractansiintervaldays(${iname})))`;
  }
  return `${dn} ${e.op} ${iname}`;
}

/** Spark's generated name for an expression; `typeOf` (from the analyzer) names interval arithmetic as Spark does. */
export function exprName(e: Expr, timeZone = "UTC", typeOf?: TypeOf): string {
  const n = (x: Expr): string => exprName(x, timeZone, typeOf);
  switch (e.kind) {
    case "col": return colDisplayName(e.name);
    case "star": return e.target === undefined ? "*" : `${e.target}.*`;
    case "attr": return e.name;
    case "lit": return literalToString(e.value, e.dataType, timeZone);
    case "alias": return e.name;
    case "binary": {
      const special = typeOf === undefined ? null : intervalOpName(e, n, typeOf);
      return special ?? `(${n(e.left)} ${OP_TEXT[e.op] ?? e.op} ${n(e.right)})`;
    }
    case "unary":
      switch (e.op) {
        case "not": return `(NOT ${n(e.child)})`;
        // PySpark's -col calls the function `negative`, whose alias tag UnaryMinus.sql prints
        // (sql/catalyst/.../expressions/arithmetic.scala); SQL's `-a` prints `(- a)`.
        case "negate": return e.fnAlias === "negative" ? `negative(${n(e.child)})` : `(- ${n(e.child)})`;
        case "isNull": return `(${n(e.child)} IS NULL)`;
        case "isNotNull": return `(${n(e.child)} IS NOT NULL)`;
        case "isNaN": return `isnan(${n(e.child)})`;
      }
      break;
    case "in": return `(${n(e.child)} IN (${e.list.map(n).join(", ")}))`;
    case "like":
      // Spark names LIKE by its SQL (`a LIKE p`) but RLike by its toString, `RLIKE(a, p)`
      // (sql/catalyst/.../expressions/regexpExpressions.scala).
      if (e.op === "ilike") return `ilike(${n(e.child)}, ${n(e.pattern)})`;
      return e.op === "rlike" ? `RLIKE(${n(e.child)}, ${n(e.pattern)})` : `${n(e.child)} LIKE ${n(e.pattern)}`;
    case "cast": return `${e.try === true ? "TRY_CAST" : "CAST"}(${n(e.child)} AS ${sqlTypeName(e.to)})`;
    case "getField": return `${n(e.child)}.${e.field}`;
    case "getItem": return `${n(e.child)}[${n(e.key)}]`;
    case "caseWhen":
      return `CASE${e.branches.map((b) => ` WHEN ${n(b.when)} THEN ${n(b.then)}`).join("")}${e.otherwise === null ? "" : ` ELSE ${n(e.otherwise)}`} END`;
    case "fn": {
      if (e.name === "window" || e.name === "session_window") return e.name;
      // The schema and options are parameters, not children (JsonToStructs, StructsToJson, CsvToStructs).
      if (e.name === "from_json" || e.name === "to_json" || e.name === "from_csv") return `${e.name}(${n(e.args[0]!)})`;
      const name = UPPER_NAMES[e.name] ?? e.name;
      return `${name}(${e.args.map(n).join(", ")})`;
    }
    case "agg": {
      // approx_count_distinct's rsd is a parameter, not a child (HyperLogLogPlusPlus.children).
      const args = (e.name === "approx_count_distinct" ? e.args.slice(0, 1) : e.args).map(n).join(", ");
      // first/last name no IGNORE NULLS, from PySpark or SQL alike (First.sql in Spark 4.1).
      return `${e.name}(${e.distinct ? "DISTINCT " : ""}${args})`;
    }
    case "sort":
      return `${n(e.child)} ${e.ascending ? "ASC" : "DESC"} NULLS ${e.nullsFirst ? "FIRST" : "LAST"}`;
    case "window": return "window";
  }
  return "?";
}

/**
 * Function calls in SQL text to the same {@link Expr} that `functions` (F.*) builds, with the
 * defaults Spark's FunctionRegistry fills in (`round(x)` is `round(x, 0)`, `split(s, p)` is
 * `split(s, p, -1)`, `substring(s, 2)` is `substring(s, 2, 2147483647)`), so plans and generated
 * column names match the DataFrame API and Spark.
 *
 * ```ts
 * sqlFunctionCall("count", [], { distinct: false, star: true }); // F.count("*").expr
 * ```
 */
import { Column } from "../expr/column.js";
import type { AggName, Expr } from "../expr/expression.js";
import { exprName } from "../expr/expr-name.js";
import { window } from "../expr/functions.js";
import { literal } from "../expr/literal.js";
import { UnpositionedError } from "./parse-error.js";

/** How a call was written: `f(DISTINCT …)`, `f(*)`. */
export interface CallShape { readonly distinct: boolean; readonly star: boolean }

const AGGREGATES: Record<string, AggName> = {
  count: "count", sum: "sum", avg: "avg", mean: "avg", min: "min", max: "max", first: "first", last: "last",
  first_value: "first", last_value: "last", collect_list: "collect_list", collect_set: "collect_set", array_agg: "collect_list",
  approx_count_distinct: "approx_count_distinct",
};

/**
 * Names Spark accepts for a function Kindling stores under another name. Spark keeps the name as
 * written in the generated column name (`SELECT ceiling(a)` is named `ceiling(a)`, `pow(a, 2)`
 * is `pow(a, 2)`), so the call is wrapped in an alias carrying that name.
 */
const RENAMED: Record<string, string> = {
  ceiling: "ceil", pow: "power", mean: "avg", lcase: "lower", ucase: "upper", day: "dayofmonth",
  char_length: "length", character_length: "length", now: "current_timestamp", first_value: "first", last_value: "last",
  array_agg: "collect_list",
};


const DEFAULT_TS_FORMAT = "yyyy-MM-dd HH:mm:ss";

/** The expression for `name(args)`; unknown names stay calls, which the analyzer reports. */
export function sqlFunctionCall(name: string, args: readonly Expr[], shape: CallShape): Expr {
  const lower = name.toLowerCase();
  const agg = AGGREGATES[lower];
  const built = agg !== undefined ? aggregateCall(lower, agg, args, shape) : scalarCall(lower, [...args], shape);
  const renamedTo = RENAMED[lower];
  if (renamedTo === undefined || lower === "now") return built;
  const argText = shape.star ? "1" : args.map((a) => exprName(a)).join(", ");
  return { kind: "alias", child: built, name: `${lower}(${shape.distinct ? "DISTINCT " : ""}${argText})` };
}

function aggregateCall(name: string, agg: AggName, args: readonly Expr[], shape: CallShape): Expr {
  if (shape.star) {
    if (agg !== "count" || shape.distinct) throw new UnpositionedError(`Invalid usage of '*' in ${name}(*).`, "Only count(*) accepts '*'.");
    return { kind: "agg", name: "count", args: [literal(1)], distinct: false };
  }
  if (agg === "first" || agg === "last") {
    // first(x, isIgnoreNull) takes a boolean literal (Spark's First/Last constructors).
    if (args.length === 2) {
      const flag = args[1]!;
      if (flag.kind !== "lit" || typeof flag.value !== "boolean") {
        throw new UnpositionedError(`The second argument of ${name} must be a boolean literal (ignoreNulls).`, `Write ${name}(x, true).`);
      }
      return { kind: "agg", name: agg, args: [args[0]!], distinct: shape.distinct, ...(flag.value ? { ignoreNulls: true } : {}) };
    }
  }
  if (args.length === 0) throw wrongArgs(name, agg === "count" ? "at least 1" : "1", 0);
  if (agg === "approx_count_distinct") {
    if (args.length < 1 || args.length > 2) throw wrongArgs(name, "[1, 2]", args.length);
    return { kind: "agg", name: agg, args: args.length === 1 ? [args[0]!, { kind: "lit", value: 0.05, dataType: { kind: "double" } }] : [...args], distinct: shape.distinct };
  }
  if (agg !== "count" && args.length !== 1) throw wrongArgs(name, "1", args.length);
  return { kind: "agg", name: agg, args: [...args], distinct: shape.distinct };
}

function wrongArgs(name: string, expected: string, actual: number): UnpositionedError {
  return new UnpositionedError(
    `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires ${expected} parameters but the actual number is ${actual}. SQLSTATE: 42605`,
    `Call ${name} with ${expected} arguments.`,
  );
}

function scalarCall(name: string, args: Expr[], shape: CallShape): Expr {
  if (shape.distinct) throw new UnpositionedError(`DISTINCT is only allowed in aggregate functions, not in ${name}().`, "Remove DISTINCT.");
  if (shape.star) throw new UnpositionedError(`Invalid usage of '*' in ${name}(*).`, "Only count(*) accepts '*'.");
  const fn = (n: string, a: Expr[]): Expr => ({ kind: "fn", name: n, args: a });
  switch (name) {
    case "isnull": case "isnotnull": case "isnan": case "not": {
      if (args.length !== 1) throw wrongArgs(name, "1", args.length);
      const op = name === "isnull" ? "isNull" : name === "isnotnull" ? "isNotNull" : name === "isnan" ? "isNaN" : "not";
      return { kind: "unary", op, child: args[0]! };
    }
    case "window": return windowCall(args);
    case "round": case "bround": return fn(name, args.length === 1 ? [...args, literal(0)] : args);
    case "split": return fn(name, args.length === 2 ? [...args, literal(-1)] : args);
    case "regexp_replace": return fn(name, args.length === 3 ? [...args, literal(1)] : args);
    case "regexp_extract": return fn(name, args.length === 2 ? [...args, literal(1)] : args);
    case "substring": case "substr": return fn(name, args.length === 2 ? [...args, literal(2147483647)] : args);
    case "unix_timestamp":
      if (args.length === 0) return fn(name, [fn("current_timestamp", []), literal(DEFAULT_TS_FORMAT)]);
      return fn(name, args.length === 1 ? [...args, literal(DEFAULT_TS_FORMAT)] : args);
    case "from_unixtime": return fn(name, args.length === 1 ? [...args, literal(DEFAULT_TS_FORMAT)] : args);
    default: return fn(RENAMED[name] ?? name, args);
  }
}

/** `window(ts, '10 minutes' [, '5 minutes' [, '0 seconds']])`: durations as strings or INTERVAL literals. */
function windowCall(args: readonly Expr[]): Expr {
  if (args.length < 2 || args.length > 4) throw wrongArgs("window", "[2, 3, 4]", args.length);
  const durations = args.slice(1).map((a, i) => {
    if (a.kind === "lit" && typeof a.value === "string") return a.value;
    // An INTERVAL literal: a day-time interval as its microseconds (year-month ones fail in window()).
    if (a.kind === "lit" && a.dataType.kind === "dayTimeInterval" && typeof a.value === "bigint") return `${a.value} microseconds`;
    if (a.kind === "lit" && a.dataType.kind === "yearMonthInterval") return `${String(a.value)} months`;
    throw new UnpositionedError(
      `The ${["window duration", "slide duration", "start time"][i]} of window() must be a string or INTERVAL literal such as '10 minutes', not ${exprName(a)}.`,
      "Write window(ts, '10 minutes', '5 minutes').",
    );
  });
  return window(new Column(args[0]!), durations[0]!, durations[1], durations[2]).expr;
}

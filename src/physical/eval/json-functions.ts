/**
 * from_json and to_json (Spark's JsonToStructs and StructsToJson over JacksonParser /
 * JacksonGenerator, sql/catalyst/.../json/), on top of the JSON reader's tree parser and value
 * converters:
 * - from_json: a null or blank string is null; a syntax error (or a non-object for a struct
 *   schema) gives a struct of nulls (PERMISSIVE) or MALFORMED_RECORD_IN_PARSING (FAILFAST); a
 *   value that does not fit its field's type nulls that field only, in nested structs too
 *   (spark.sql.json.enablePartialResults, on by default), while a bad element nulls its whole
 *   array or map; text after the first value is ignored; a STRING field takes any other value as
 *   compact JSON text (Jackson's copyCurrentStructure: numbers re-printed, no spaces).
 * - to_json: see json-text.ts.
 *
 * ```ts
 * evalFromJson([col, lit("a INT")], [strings], ctx, n); // struct<a:int> values
 * ```
 */
import { ExecutionError } from "../../common/errors.js";
import type { Expr } from "../../expr/expression.js";
import { functionParseMode, literalOptions, parseFunctionSchema } from "../../expr/text-format-types.js";
import { StringType, type DataType, type StructType } from "../../types/data-types.js";
import { javaDoubleToString } from "../../types/java-format.js";
import type { ExecContext } from "../exec-context.js";
import { JsonConversionError, jsonValue, type JsonConvertContext } from "../sources/json/json-convert.js";
import { JsonSyntaxError, parseJsonTree, type JsonNode } from "../sources/json/json-tree.js";
import { getValue, vectorFromValues, type Vec } from "../vector.js";
import { jacksonString, jsonValueText } from "./json-text.js";

/** The options map of a call (its literal argument at `index`). */
export function callOptions(args: readonly Expr[], index: number): Record<string, string> {
  const a = args[index];
  return a !== undefined && a.kind === "lit" ? literalOptions(a.value) : {};
}

/** Spark's FAILFAST error for a record that does not parse. */
export function malformedInParsing(record: string, cause: string): ExecutionError {
  return new ExecutionError(
    "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [null].\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.  SQLSTATE: 22023",
    { context: { record, cause }, hint: "Fix the record, or use the default mode PERMISSIVE to get nulls for what does not parse." },
  );
}

/** Java's String.trim().isEmpty(): nothing above U+0020. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 32) return false;
  return true;
}

interface State { bad: string | null; readonly text: string; readonly cctx: JsonConvertContext }

/** Jackson's copyCurrentStructure of a value: compact, strings re-escaped, numbers re-printed. */
function compactJson(n: JsonNode): string {
  switch (n.kind) {
    case "object": return `{${n.keys.map((k, i) => `${jacksonString(k)}:${compactJson(n.values[i]!)}`).join(",")}}`;
    case "array": return `[${n.items.map(compactJson).join(",")}]`;
    case "string": return jacksonString(n.value);
    case "boolean": return n.value ? "true" : "false";
    case "null": return "null";
    case "number": {
      if (n.integral) return BigInt(n.text).toString();
      const d = n.text === "NaN" ? Number.NaN : n.text.endsWith("Infinity") ? (n.text.startsWith("-") ? -Infinity : Infinity) : Number(n.text);
      return Number.isFinite(d) ? javaDoubleToString(d) : `"${javaDoubleToString(d)}"`;
    }
  }
}

/** A field's value; throws JsonConversionError when it does not fit (the caller nulls the field). */
function valueOf(n: JsonNode, t: DataType, st: State): unknown {
  if (n.kind === "null") return null;
  switch (t.kind) {
    case "struct":
      if (n.kind !== "object") throw new JsonConversionError(`expected an object for ${t.kind}`);
      return structOf(n, t, st);
    case "array":
      if (n.kind !== "array") throw new JsonConversionError("expected an array");
      return n.items.map((x) => valueOf(x, t.elementType, st));
    case "map":
      if (n.kind !== "object") throw new JsonConversionError("expected an object for a map");
      return n.keys.map((k, i) => [k, valueOf(n.values[i]!, t.valueType, st)]);
    case "string":
      return n.kind === "string" ? n.value : compactJson(n);
    default:
      return jsonValue(n, t, st.text, st.cctx);
  }
}

/** A struct with partial results: a field that does not fit is null, the record is marked bad. */
function structOf(n: Extract<JsonNode, { kind: "object" }>, t: StructType, st: State): unknown[] {
  const out = new Array<unknown>(t.fields.length).fill(null);
  t.fields.forEach((f, i) => {
    const k = n.keys.lastIndexOf(f.name);
    if (k < 0) return;
    try { out[i] = valueOf(n.values[k]!, f.dataType, st); } catch (e) {
      if (!(e instanceof JsonConversionError)) throw e;
      st.bad ??= `field ${f.name}: ${e.message}`;
    }
  });
  return out;
}

/** The top-level value for one record (never throws for bad input; sets st.bad). */
function topValue(node: JsonNode | null, t: DataType, st: State): unknown {
  const nulls = (): unknown => (t.kind === "struct" ? new Array<unknown>(t.fields.length).fill(null) : null);
  if (node === null) return nulls();
  try {
    if (t.kind === "struct") {
      if (node.kind !== "object") { st.bad = "the record is not a JSON object"; return nulls(); }
      return structOf(node, t, st);
    }
    // An array-of-structs schema reads a single object as a one-element array (JacksonParser.makeRootConverter).
    if (t.kind === "array" && t.elementType.kind === "struct" && node.kind === "object") return [structOf(node, t.elementType, st)];
    if (t.kind === "array" && node.kind === "array") {
      const et = t.elementType;
      return node.items.map((x) => (et.kind === "struct" && x.kind === "object" ? structOf(x, et, st) : valueOf(x, et, st)));
    }
    if (t.kind === "map" && node.kind === "object") return valueOf(node, t, st);
    st.bad = `the record does not match ${t.kind}`;
    return null;
  } catch (e) {
    if (!(e instanceof JsonConversionError)) throw e;
    st.bad = e.message;
    return null;
  }
}

/** from_json(input, schema[, options]) over a batch. */
export function evalFromJson(args: readonly Expr[], input: Vec, ctx: ExecContext, n: number): Vec {
  const schema = parseFunctionSchema("from_json", String((args[1] as { value: unknown }).value));
  const opts = callOptions(args, 2);
  const failFast = functionParseMode("from_json", opts) === "FAILFAST";
  const cctx: JsonConvertContext = { timeZone: opts["timezone"] ?? ctx.timeZone, timestampFormat: opts["timestampformat"] ?? null, dateFormat: opts["dateformat"] ?? null };
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const s = getValue(input, i) as string | null;
    if (s === null || isBlank(s)) { out[i] = null; continue; }
    const st: State = { bad: null, text: s, cctx };
    let node: JsonNode | null = null;
    try { node = parseJsonTree(s); } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      st.bad = e.message;
    }
    out[i] = st.bad === null ? topValue(node, schema, st) : topValue(null, schema, st);
    if (st.bad !== null && failFast) throw malformedInParsing(s, st.bad);
  }
  return vectorFromValues(schema, out);
}

/** to_json(value[, options]) over a batch. */
export function evalToJson(args: readonly Expr[], input: Vec, ctx: ExecContext, n: number): Vec {
  const opts = callOptions(args, 1);
  const wopts = {
    timeZone: opts["timezone"] ?? ctx.timeZone,
    timestampFormat: opts["timestampformat"] ?? null,
    dateFormat: opts["dateformat"] ?? null,
    ignoreNullFields: (opts["ignorenullfields"] ?? "true").toLowerCase() !== "false",
  };
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const v = getValue(input, i);
    out[i] = v === null ? null : jsonValueText(v, input.type, wopts);
  }
  return vectorFromValues(StringType(), out);
}

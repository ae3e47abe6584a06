/**
 * Analysis rules of from_json, to_json and from_csv (Spark's JsonToStructs, StructsToJson and
 * CsvToStructs): the schema is a literal string (DDL such as `a INT, b STRING` or
 * `ARRAY<STRUCT<a: INT>>`) parsed once, options are a literal string map, the parse mode is
 * PERMISSIVE or FAILFAST, and the result schema is made nullable everywhere as Spark does
 * (`schema.asNullable`).
 *
 * ```ts
 * parseFunctionSchema("from_json", "a INT, b STRING"); // StructType [a int, b string]
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import { parseSchemaDDL, parseTypeDDL } from "../types/ddl.js";
import {
  ArrayType, MapType, StringType, StructField, StructType, sqlTypeName, type DataType,
} from "../types/data-types.js";
import type { Signature, TypedArg } from "./function-types.js";

/** The functions whose schema and options are literal arguments. */
export const TEXT_FORMAT_FUNCTIONS = ["from_json", "to_json", "from_csv"] as const;

/** Every nested field, element and value nullable (Spark's DataType.asNullable). */
export function asNullable(t: DataType): DataType {
  switch (t.kind) {
    case "struct": return StructType(t.fields.map((f) => StructField(f.name, asNullable(f.dataType), true)));
    case "array": return ArrayType(asNullable(t.elementType), true);
    case "map": return MapType(asNullable(t.keyType), asNullable(t.valueType), true);
    default: return t;
  }
}

const schemaCache = new Map<string, DataType>();

/** The type a schema string denotes: a table schema (`a INT, b STRING`) or one type (`ARRAY<INT>`). */
export function parseFunctionSchema(fn: string, text: string): DataType {
  const key = `${fn}\u0000${text}`;
  const hit = schemaCache.get(key);
  if (hit !== undefined) return hit;
  let t: DataType;
  const head = text.trimStart().toLowerCase();
  try {
    t = head.startsWith("array<") || head.startsWith("map<") ? parseTypeDDL(text) : parseSchemaDDL(text);
  } catch (e) {
    throw new AnalysisError(`[PARSE_SYNTAX_ERROR] Syntax error in the schema ${JSON.stringify(text)}: ${(e as Error).message} SQLSTATE: 42601`, {
      cause: e, hint: "Write the schema as DDL, e.g. 'a INT, b STRING' or 'ARRAY<STRUCT<a: INT>>', or pass a StructType.",
    });
  }
  const ok = fn === "from_csv" ? t.kind === "struct" : t.kind === "struct" || t.kind === "array" || t.kind === "map";
  if (!ok) {
    throw new AnalysisError(`[INVALID_SCHEMA.NON_STRUCT_TYPE] The input schema ${JSON.stringify(text)} is not a valid schema string. The input expression should be evaluated to ${fn === "from_csv" ? "struct" : "struct, array or map"} type, but got "${sqlTypeName(t)}". SQLSTATE: 42K07`, {
      hint: fn === "from_csv" ? "from_csv needs a struct schema such as 'a INT, b STRING'." : "Use a struct, array or map schema.",
    });
  }
  t = asNullable(t);
  schemaCache.set(key, t);
  return t;
}

/** Options of a map literal (`[[key, value], ...]`), keys lower-cased as Spark's CaseInsensitiveMap reads them. */
export function literalOptions(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || value === undefined) return out;
  for (const [k, v] of value as [unknown, unknown][]) out[String(k).toLowerCase()] = String(v);
  return out;
}

/** The parse mode of from_json/from_csv: PERMISSIVE (default) or FAILFAST. */
export function functionParseMode(fn: string, options: Record<string, string>): "PERMISSIVE" | "FAILFAST" {
  const m = (options["mode"] ?? "PERMISSIVE").toUpperCase();
  if (m === "PERMISSIVE" || m === "FAILFAST") return m;
  throw new AnalysisError(`[PARSE_MODE_UNSUPPORTED] The function \`${fn}\` doesn't support the ${m} mode. Acceptable modes are PERMISSIVE and FAILFAST. SQLSTATE: 42601`, {
    hint: "Set the option mode to PERMISSIVE or FAILFAST.",
  });
}

function literalArg(fn: string, a: TypedArg | undefined, what: string, kind: "string" | "map"): unknown {
  if (a === undefined) return undefined;
  if (!("value" in a) || (a.dataType.kind !== kind && a.dataType.kind !== "null")) {
    throw new AnalysisError(`[INVALID_${kind === "string" ? "SCHEMA" : "OPTIONS"}.NON_${kind === "string" ? "STRING_LITERAL" : "MAP_FUNCTION"}] The ${what} of \`${fn}\` must be a ${kind} literal. SQLSTATE: 42K07`, {
      hint: kind === "string" ? "Pass the schema as a DDL string or a StructType." : "Pass the options as a map of string literals.",
    });
  }
  return a.value;
}

/** Signature of from_json(str, schema[, options]), to_json(complex[, options]), from_csv(str, schema[, options]). */
export function textFormatSignature(name: string, args: readonly TypedArg[]): Signature {
  const arity = (min: number, max: number): void => {
    if (args.length < min || args.length > max) {
      throw new AnalysisError(`[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires [${min}, ${max}] parameters but the actual number is ${args.length}. SQLSTATE: 42605`, {
        hint: `Call ${name} with ${min} to ${max} arguments.`,
      });
    }
  };
  if (name === "to_json") {
    arity(1, 2);
    const t = args[0]!.dataType;
    if (t.kind !== "struct" && t.kind !== "array" && t.kind !== "map") {
      throw new AnalysisError(`[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve "to_json(...)" due to data type mismatch: Input schema "${sqlTypeName(t)}" must be a struct, an array, a map or a variant. SQLSTATE: 42K09`, {
        hint: "Wrap the columns in F.struct(...) first.",
      });
    }
    literalArg(name, args[1], "options", "map");
    return { argTypes: args.map(() => null), dataType: StringType(), nullable: true };
  }
  arity(2, 3);
  const input = args[0]!.dataType;
  if (input.kind !== "string" && input.kind !== "null") {
    throw new AnalysisError(`[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(...)" due to data type mismatch: The first parameter requires the "STRING" type, however it has the type "${sqlTypeName(input)}". SQLSTATE: 42K09`, {
      hint: "Cast the column to STRING first (e.g. col(\"value\").cast(\"string\")).",
    });
  }
  const schema = parseFunctionSchema(name, String(literalArg(name, args[1], "schema", "string")));
  functionParseMode(name, literalOptions(literalArg(name, args[2], "options", "map")));
  return { argTypes: [StringType(), null, null].slice(0, args.length), dataType: schema, nullable: true };
}

/**
 * Signatures of the scalar functions: which implicit casts their arguments get and what they
 * return (the `inputTypes`/`dataType` of each Spark expression class). The evaluator in
 * physical/eval implements the same names.
 *
 * ```ts
 * functionSignature("upper", [{ dataType: IntegerType(), nullable: true }]);
 * // { argTypes: [StringType], dataType: StringType, nullable: true }
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import {
  ArrayType, BooleanType, DateType, DoubleType, IntegerType, LongType, StringType, StructField, StructType,
  TimestampType, isIntegral, isNumeric, simpleString, sqlTypeName, type DataType,
} from "../types/data-types.js";
import { intervalFunctionType } from "./interval-functions.js";
import { TEXT_FORMAT_FUNCTIONS, textFormatSignature } from "./text-format-types.js";
import { boundedDecimal, commonType } from "./type-rules.js";

/** `value` is set for a literal argument (from_json's schema, options maps). */
export interface TypedArg { readonly dataType: DataType; readonly nullable: boolean; readonly name?: string; readonly value?: unknown }

export interface Signature {
  /** Per argument, the type to cast it to, or null to leave it. */
  readonly argTypes: readonly (DataType | null)[];
  readonly dataType: DataType;
  readonly nullable: boolean;
}

/** Names of the scalar functions Kindling evaluates (for "did you mean" errors). */
export const SCALAR_FUNCTIONS = [
  "coalesce", "struct", "array", "round", "bround", "abs", "floor", "ceil", "sqrt", "exp", "power", "concat", "concat_ws",
  "split", "substring", "substr", "upper", "lower", "trim", "ltrim", "rtrim", "length", "regexp_replace",
  "regexp_extract", "startswith", "endswith", "contains", "to_timestamp", "to_date", "date_format",
  "unix_timestamp", "from_unixtime", "current_timestamp", "current_date", "year", "month", "dayofmonth",
  "dayofweek", "hour", "minute", "second", "isnull", "isnotnull", "nvl", "ifnull", ...TEXT_FORMAT_FUNCTIONS, "session_window",
] as const;

const anyNull = (args: readonly TypedArg[]): boolean => args.some((a) => a.nullable);

function arity(name: string, args: readonly TypedArg[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `[${min}, ${max}]`;
    throw new AnalysisError(
      `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires ${expected} parameters but the actual number is ${args.length}. SQLSTATE: 42605`,
      { hint: `Call ${name} with ${expected} arguments.` },
    );
  }
}

function typeMismatch(name: string, i: number, arg: TypedArg, required: string): AnalysisError {
  return new AnalysisError(
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(...)" due to data type mismatch: The ${ordinal(i)} parameter requires the ${required} type, however it has the type "${sqlTypeName(arg.dataType)}". SQLSTATE: 42K09`,
    { hint: `Cast the argument to ${required} first.` },
  );
}

function ordinal(i: number): string {
  return ["first", "second", "third", "fourth", "fifth"][i] ?? `${i + 1}th`;
}

const S = StringType();
const strArgs = (n: number): DataType[] => new Array<DataType>(n).fill(S);

/** Validates a call and returns its casts and result type; throws AnalysisError otherwise. */
export function functionSignature(name: string, args: readonly TypedArg[], ansi = true): Signature {
  const interval = intervalFunctionType(name, args);
  if (interval !== null) {
    arity(name, args, name === "extractansiintervaldays" ? 1 : 2, name === "extractansiintervaldays" ? 1 : 2);
    // date_add(d, n) as a user function casts n to INT (DateAdd's inputTypes); the rest come resolved.
    const argTypes = name === "date_add" ? [DateType(), args[1]!.dataType.kind === "integer" ? null : IntegerType()] : args.map(() => null);
    return { argTypes, ...interval };
  }
  switch (name) {
    case "coalesce": case "nvl": case "ifnull": {
      arity(name, args, name === "coalesce" ? 1 : 2, name === "coalesce" ? Infinity : 2);
      const t = commonType(args.map((a) => a.dataType), ansi);
      if (t === null) throw new AnalysisError(`[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "${name}(...)" due to data type mismatch: Input to \`${name}\` should all be the same type, but it's [${args.map((a) => `"${sqlTypeName(a.dataType)}"`).join(", ")}]. SQLSTATE: 42K09`);
      return { argTypes: args.map(() => t), dataType: t, nullable: args.every((a) => a.nullable) };
    }
    case "struct":
      return {
        argTypes: args.map(() => null),
        dataType: StructType(args.map((a, i) => StructField(a.name ?? `col${i + 1}`, a.dataType, a.nullable))),
        nullable: false,
      };
    case "array": {
      const t = args.length === 0 ? StringType() : commonType(args.map((a) => a.dataType), ansi);
      if (t === null) throw new AnalysisError(`[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Input to \`array\` should all be the same type, but it's [${args.map((a) => `"${sqlTypeName(a.dataType)}"`).join(", ")}].`);
      return { argTypes: args.map(() => t), dataType: ArrayType(t, anyNull(args)), nullable: false };
    }
    case "round": case "bround": {
      arity(name, args, 1, 2);
      const t = args[0]!.dataType;
      if (!isNumeric(t) && t.kind !== "null" && t.kind !== "string") throw typeMismatch(name, 0, args[0]!, '"NUMERIC"');
      const scaleArg = args[1]?.dataType;
      if (scaleArg !== undefined && !isIntegral(scaleArg)) throw typeMismatch(name, 1, args[1]!, '"INT"');
      if (t.kind === "decimal") {
        // Scale argument is a literal in practice; the evaluator re-reads it. Spark's Round.dataType.
        return { argTypes: [null, IntegerType()], dataType: t, nullable: args[0]!.nullable };
      }
      const out = t.kind === "string" || t.kind === "null" ? DoubleType() : t;
      return { argTypes: [out, IntegerType()], dataType: out, nullable: args[0]!.nullable };
    }
    case "abs": {
      arity(name, args, 1, 1);
      const t = args[0]!.dataType;
      if (!isNumeric(t) && t.kind !== "null") throw typeMismatch(name, 0, args[0]!, '"NUMERIC"');
      return { argTypes: [null], dataType: t.kind === "null" ? DoubleType() : t, nullable: args[0]!.nullable };
    }
    case "floor": case "ceil": {
      arity(name, args, 1, 1);
      const t = args[0]!.dataType;
      if (t.kind === "decimal") return { argTypes: [null], dataType: boundedDecimal(t.precision - t.scale + 1, 0), nullable: args[0]!.nullable };
      if (!isNumeric(t) && t.kind !== "null" && t.kind !== "string") throw typeMismatch(name, 0, args[0]!, '("DOUBLE" or "DECIMAL" or "BIGINT")');
      return { argTypes: [isIntegral(t) ? LongType() : DoubleType()], dataType: LongType(), nullable: args[0]!.nullable };
    }
    case "sqrt": case "exp":
      arity(name, args, 1, 1);
      return { argTypes: [DoubleType()], dataType: DoubleType(), nullable: args[0]!.nullable };
    case "power":
      arity(name, args, 2, 2);
      return { argTypes: [DoubleType(), DoubleType()], dataType: DoubleType(), nullable: anyNull(args) };
    case "concat":
      return { argTypes: strArgs(args.length), dataType: S, nullable: anyNull(args) };
    case "concat_ws":
      arity(name, args, 1, Infinity);
      return { argTypes: args.map((a) => (a.dataType.kind === "array" ? null : S)), dataType: S, nullable: args[0]!.nullable };
    case "split":
      arity(name, args, 2, 3);
      return { argTypes: [S, S, IntegerType()], dataType: ArrayType(S, false), nullable: anyNull(args) };
    case "substring": case "substr":
      arity(name, args, 2, 3);
      return { argTypes: [args[0]!.dataType.kind === "binary" ? null : S, IntegerType(), IntegerType()], dataType: args[0]!.dataType.kind === "binary" ? args[0]!.dataType : S, nullable: anyNull(args) };
    case "upper": case "lower": case "trim": case "ltrim": case "rtrim":
      arity(name, args, 1, 1);
      return { argTypes: [S], dataType: S, nullable: args[0]!.nullable };
    case "length":
      arity(name, args, 1, 1);
      return { argTypes: [args[0]!.dataType.kind === "binary" ? null : S], dataType: IntegerType(), nullable: args[0]!.nullable };
    case "regexp_replace":
      arity(name, args, 3, 4);
      return { argTypes: [S, S, S, IntegerType()], dataType: S, nullable: anyNull(args) };
    case "regexp_extract":
      arity(name, args, 2, 3);
      return { argTypes: [S, S, IntegerType()], dataType: S, nullable: anyNull(args) };
    case "startswith": case "endswith": case "contains":
      arity(name, args, 2, 2);
      return { argTypes: [S, S], dataType: BooleanType(), nullable: anyNull(args) };
    case "to_timestamp":
      arity(name, args, 1, 2);
      return { argTypes: args.length === 2 ? [S, S] : [null], dataType: TimestampType(), nullable: true };
    case "to_date":
      arity(name, args, 1, 2);
      return { argTypes: args.length === 2 ? [S, S] : [null], dataType: DateType(), nullable: true };
    case "date_format":
      arity(name, args, 2, 2);
      return { argTypes: [TimestampType(), S], dataType: S, nullable: true };
    case "unix_timestamp":
      arity(name, args, 1, 2);
      return { argTypes: [args[0]!.dataType.kind === "string" ? S : TimestampType(), S], dataType: LongType(), nullable: true };
    case "from_unixtime":
      arity(name, args, 1, 2);
      return { argTypes: [LongType(), S], dataType: S, nullable: true };
    case "current_timestamp":
      arity(name, args, 0, 0);
      return { argTypes: [], dataType: TimestampType(), nullable: false };
    case "current_date":
      arity(name, args, 0, 0);
      return { argTypes: [], dataType: DateType(), nullable: false };
    case "year": case "month": case "dayofmonth": case "dayofweek":
      arity(name, args, 1, 1);
      return { argTypes: [DateType()], dataType: IntegerType(), nullable: args[0]!.nullable };
    case "hour": case "minute": case "second":
      arity(name, args, 1, 1);
      return { argTypes: [TimestampType()], dataType: IntegerType(), nullable: args[0]!.nullable };
    case "from_json": case "to_json": case "from_csv":
      return textFormatSignature(name, args);
    case "session_window": {
      // Only meaningful as a groupBy key (logical/analyze-session-window.ts); the type is SessionWindow's.
      arity(name, args, 2, 2);
      // A string time column is cast to TIMESTAMP, as Spark's implicit cast does.
      const t = args[0]!.dataType;
      if (t.kind !== "timestamp" && t.kind !== "string") throw typeMismatch(name, 0, args[0]!, '("TIMESTAMP" or "TIMESTAMP_NTZ")');
      const ts = TimestampType();
      return { argTypes: [ts, S], dataType: StructType([StructField("start", ts, true), StructField("end", ts, true)]), nullable: false };
    }
    default:
      throw new AnalysisError(
        `[UNRESOLVED_ROUTINE] Cannot resolve routine \`${name}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`]. SQLSTATE: 42883`,
        { hint: `Kindling implements: ${SCALAR_FUNCTIONS.join(", ")}.` },
      );
  }
}

/** A short description of a type for messages. */
export function describeType(t: DataType): string {
  return simpleString(t);
}

/**
 * The run-time errors Spark raises under ANSI mode, with Spark's error classes and wording
 * (common/utils/src/main/resources/error/error-conditions.json).
 */
import { ExecutionError } from "../../common/errors.js";

const ANSI_OFF = 'If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.';

/** `[ARITHMETIC_OVERFLOW]` for + - * on integral types. */
export function overflowError(typeWord: "integer" | "long" | "short" | "byte", tryFn: string): ExecutionError {
  return new ExecutionError(
    `[ARITHMETIC_OVERFLOW] ${typeWord} overflow. Use '${tryFn}' to tolerate overflow and return NULL instead. ${ANSI_OFF} SQLSTATE: 22003`,
    { hint: "Cast to a wider type (e.g. bigint) before the arithmetic, or set spark.sql.ansi.enabled=false to wrap around." },
  );
}

/**
 * `[ARITHMETIC_OVERFLOW]` without a try_ function to suggest: negation and abs of the minimum
 * value (MathUtils.negateExact), or `"Overflow"` for round/bround of an integral to a negative
 * scale (RoundBase in mathExpressions.scala).
 */
export function plainOverflowError(what: "integer overflow" | "long overflow" | "short overflow" | "byte overflow" | "Overflow"): ExecutionError {
  return new ExecutionError(`[ARITHMETIC_OVERFLOW] ${what}. ${ANSI_OFF} SQLSTATE: 22003`, {
    hint: "Cast to a wider type (e.g. bigint) first, or set spark.sql.ansi.enabled=false to wrap around.",
  });
}

/** `[INVALID_ARRAY_INDEX]` for `arr[i]` out of bounds under ANSI (GetArrayItem). */
export function invalidArrayIndex(index: number, length: number): ExecutionError {
  return new ExecutionError(
    `[INVALID_ARRAY_INDEX] The index ${index} is out of bounds. The array has ${length} elements. Use the SQL function \`get()\` to tolerate accessing element at invalid index and return NULL instead. SQLSTATE: 22003`,
    { context: { index, length }, hint: "Check the array's size first, or set spark.sql.ansi.enabled=false to get NULL instead." },
  );
}

/** `[DIVIDE_BY_ZERO]`. */
export function divideByZeroError(): ExecutionError {
  return new ExecutionError(
    `[DIVIDE_BY_ZERO] Division by zero. Use \`try_divide\` to tolerate divisor being 0 and return NULL instead. ${ANSI_OFF} SQLSTATE: 22012`,
    { hint: "Filter out zero divisors, or use try_divide." },
  );
}

/** `[REMAINDER_BY_ZERO]`. */
export function remainderByZeroError(): ExecutionError {
  return new ExecutionError(
    `[REMAINDER_BY_ZERO] Remainder by zero. Use \`try_mod\` to tolerate divisor being 0 and return NULL instead. ${ANSI_OFF} SQLSTATE: 22012`,
    { hint: "Filter out zero divisors, or use try_mod." },
  );
}

/** `[CAST_INVALID_INPUT]` for a malformed string. */
export function castInvalidInput(value: string, fromSql: string, toSql: string): ExecutionError {
  return new ExecutionError(
    `[CAST_INVALID_INPUT] The value '${value}' of the type "${fromSql}" cannot be cast to "${toSql}" because it is malformed. Correct the value as per the syntax, or change its target type. Use \`try_cast\` to tolerate malformed input and return NULL instead. SQLSTATE: 22018`,
    { context: { value }, hint: "Use try_cast, clean the input, or set spark.sql.ansi.enabled=false to get NULL instead." },
  );
}

/** `[CAST_OVERFLOW]` for a value out of the target type's range (Spark 4's text has no "set ansi off" advice). */
export function castOverflow(valueText: string, fromSql: string, toSql: string): ExecutionError {
  return new ExecutionError(
    `[CAST_OVERFLOW] The value ${valueText} of the type "${fromSql}" cannot be cast to "${toSql}" due to an overflow. Use \`try_cast\` to tolerate overflow and return NULL instead. SQLSTATE: 22003`,
    { hint: "Cast to a wider type, or use try_cast." },
  );
}

/** `[NUMERIC_VALUE_OUT_OF_RANGE]` for a decimal that does not fit its precision. */
export function decimalOutOfRange(valueText: string, precision: number, scale: number): ExecutionError {
  return new ExecutionError(
    `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] ${valueText} cannot be represented as Decimal(${precision}, ${scale}). ${ANSI_OFF} SQLSTATE: 22003`,
    { hint: "Use a decimal type with a larger precision." },
  );
}

/**
 * `[INTERVAL_ARITHMETIC_OVERFLOW]` for ANSI interval + - and unary minus (IntervalMathUtils /
 * QueryExecutionErrors.intervalArithmeticOverflowError), raised whatever spark.sql.ansi.enabled says.
 */
export function intervalOverflowError(tryFn: "try_add" | "try_subtract" | null): ExecutionError {
  const detail = tryFn === null
    ? "WITHOUT_SUGGESTION] Integer overflow while operating with intervals. Try devising appropriate values for the interval parameters."
    : `WITH_SUGGESTION] Integer overflow while operating with intervals. Use \`${tryFn}\` to tolerate overflow and return NULL instead.`;
  return new ExecutionError(`[INTERVAL_ARITHMETIC_OVERFLOW.${detail} SQLSTATE: 22015`, { hint: "Use smaller interval values, or try_add/try_subtract." });
}

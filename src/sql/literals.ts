/**
 * SQL literals to typed {@link Expr} literals, as Spark's AstBuilder types them
 * (`visitIntegerLiteral`, `visitDecimalLiteral`, `visitExponentLiteral`, `visitTypeConstructor`
 * in sql/catalyst/.../parser/AstBuilder.scala): a plain integer is INT, else BIGINT, else
 * DECIMAL(digits, 0); `1.5` is DECIMAL(2,1) (not double!); `1e3` and `1.5D` are DOUBLE; suffixes
 * `L S Y F BD` give BIGINT, SMALLINT, TINYINT, FLOAT and DECIMAL.
 *
 * ```ts
 * numberLiteral("1.50", false); // { kind: "lit", value: 150n, dataType: decimal(3,2) }
 * numberLiteral("7", false);    // INT 7
 * ```
 */
import type { Expr } from "../expr/expression.js";
import { literal, typedLiteral, type LitExpr } from "../expr/literal.js";
import {
  BinaryType, ByteType, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, MAX_DECIMAL_PRECISION,
  ShortType, TimestampType,
} from "../types/data-types.js";
import { parseDate, parseTimestamp } from "../types/datetime.js";
import { UnpositionedError as LiteralError } from "./parse-error.js";


const RANGES = {
  bigint: [-(2n ** 63n), 2n ** 63n - 1n], smallint: [-32768n, 32767n], tinyint: [-128n, 127n], int: [-(2n ** 31n), 2n ** 31n - 1n],
} as const;

function rangeError(text: string, type: string, min: string, max: string): LiteralError {
  return new LiteralError(
    `[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal ${text} is outside the valid range for ${type} with minimum value of ${min} and maximum value of ${max}. Please adjust the value accordingly. SQLSTATE: 22003`,
  );
}

/** Unscaled value and scale of a decimal text (Java's `new BigDecimal(text)`), scale >= 0. */
function bigDecimal(text: string): { unscaled: bigint; scale: number } {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null) throw new LiteralError(`Invalid number ${text}.`);
  const frac = m[2] ?? "";
  let unscaled = BigInt(`${m[1] ?? ""}${frac}` || "0");
  let scale = frac.length - Number(m[3] ?? 0);
  // Spark turns a negative scale into zero (spark.sql.legacy.allowNegativeScaleOfDecimal=false).
  if (scale < 0) { unscaled *= 10n ** BigInt(-scale); scale = 0; }
  return { unscaled, scale };
}

function decimalLiteral(text: string, negative: boolean): LitExpr {
  const { unscaled, scale } = bigDecimal(text);
  const precision = Math.max(unscaled === 0n ? 1 : unscaled.toString().length, scale);
  if (precision > MAX_DECIMAL_PRECISION) {
    throw new LiteralError(`[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision ${precision} exceeds max precision ${MAX_DECIMAL_PRECISION}. SQLSTATE: 22003`);
  }
  return typedLiteral(negative ? -unscaled : unscaled, DecimalType(precision, scale));
}

/** The literal for a number token (`negative` when a minus sign precedes it, part of Spark's `number` rule). */
export function numberLiteral(text: string, negative: boolean): LitExpr {
  const shown = `${negative ? "-" : ""}${text}`;
  const lower = text.toLowerCase();
  if (lower.endsWith("bd")) return decimalLiteral(text.slice(0, -2), negative);
  const suffix = /[dflsy]$/.test(lower) ? lower[lower.length - 1]! : "";
  const body = suffix === "" ? text : text.slice(0, -1);
  const isIntegral = /^\d+$/.test(body);
  switch (suffix) {
    case "d": case "f": {
      const v = Number(`${negative ? "-" : ""}${body}`);
      if (suffix === "d") {
        if (!Number.isFinite(v)) throw rangeError(shown, "double", "-1.7976931348623157E+308", "1.7976931348623157E+308");
        return typedLiteral(v, DoubleType());
      }
      if (!Number.isFinite(Math.fround(v))) throw rangeError(shown, "float", "-3.4028234663852886E+38", "3.4028234663852886E+38");
      return typedLiteral(Math.fround(v), FloatType());
    }
    case "l": case "s": case "y": {
      if (!isIntegral) throw new LiteralError(`Invalid number ${text}.`);
      const v = negative ? -BigInt(body) : BigInt(body);
      const name = suffix === "l" ? "bigint" : suffix === "s" ? "smallint" : "tinyint";
      const [min, max] = RANGES[name];
      if (v < min || v > max) throw rangeError(shown, name, String(min), String(max));
      if (suffix === "l") return typedLiteral(v, LongType());
      return typedLiteral(Number(v), suffix === "s" ? ShortType() : ByteType());
    }
  }
  if (isIntegral) {
    const v = negative ? -BigInt(body) : BigInt(body);
    if (v >= RANGES.int[0] && v <= RANGES.int[1]) return typedLiteral(Number(v), IntegerType());
    if (v >= RANGES.bigint[0] && v <= RANGES.bigint[1]) return typedLiteral(v, LongType());
    return decimalLiteral(body, negative);
  }
  if (/e/.test(lower)) {
    const v = Number(`${negative ? "-" : ""}${body}`);
    if (!Number.isFinite(v)) throw rangeError(shown, "double", "-1.7976931348623157E+308", "1.7976931348623157E+308");
    return typedLiteral(v, DoubleType());
  }
  return decimalLiteral(body, negative);
}

function invalidTyped(type: string, value: string): LiteralError {
  return new LiteralError(`[INVALID_TYPED_LITERAL] The value of the typed literal "${type}" is invalid: '${value}'. SQLSTATE: 42604`);
}

/**
 * `DATE '…'`, `TIMESTAMP '…'` (in the session time zone) and `X'…'` literals (Spark's
 * `visitTypeConstructor`); null for other type names.
 */
export function typedConstructor(typeName: string, value: string, timeZone: string): LitExpr | null {
  switch (typeName.toLowerCase()) {
    case "date": {
      const d = parseDate(value);
      if (d === null) throw invalidTyped("DATE", value);
      return typedLiteral(d, DateType());
    }
    case "timestamp": case "timestamp_ltz": {
      const t = parseTimestamp(value, timeZone);
      if (t === null) throw invalidTyped(typeName.toUpperCase(), value);
      return typedLiteral(t, TimestampType());
    }
    case "x": {
      if (!/^([0-9a-fA-F]{2})*$/.test(value)) throw invalidTyped("X", value);
      const bytes = new Uint8Array(value.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(value.slice(2 * i, 2 * i + 2), 16);
      return typedLiteral(bytes, BinaryType());
    }
    default: return null;
  }
}

/** TRUE, FALSE and NULL; null for other words. */
export function keywordLiteral(word: string): Expr | null {
  switch (word.toLowerCase()) {
    case "true": return literal(true);
    case "false": return literal(false);
    case "null": return literal(null);
    default: return null;
  }
}

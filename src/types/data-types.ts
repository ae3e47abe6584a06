/**
 * Spark SQL data types as plain, serialisable data (a closed union tagged by `kind`).
 *
 * Names follow Spark's `DataType.typeName` ("integer", "long", "string", ...), so the tag is
 * also what `printSchema()` prints for simple types. Constructors mirror PySpark's
 * `pyspark.sql.types` (`IntegerType()`, `StructType([...])`) but return plain objects, so a
 * schema can cross a worker boundary or be written into a golden file unchanged.
 *
 * ```ts
 * const schema = StructType([StructField("id", LongType(), false), StructField("name", StringType())]);
 * simpleString(schema); // "struct<id:bigint,name:string>"
 * ```
 */
import { AnalysisError } from "../common/errors.js";

export interface BooleanType { readonly kind: "boolean" }
export interface ByteType { readonly kind: "byte" }
export interface ShortType { readonly kind: "short" }
export interface IntegerType { readonly kind: "integer" }
export interface LongType { readonly kind: "long" }
export interface FloatType { readonly kind: "float" }
export interface DoubleType { readonly kind: "double" }
export interface DecimalType { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
export interface StringType { readonly kind: "string" }
export interface BinaryType { readonly kind: "binary" }
export interface DateType { readonly kind: "date" }
/** Microseconds since the epoch, UTC; shown in `spark.sql.session.timeZone`. */
export interface TimestampType { readonly kind: "timestamp" }
/** The type of an untyped NULL literal (Spark's `void`). */
export interface NullType { readonly kind: "null" }
/**
 * Spark's ANSI `DayTimeIntervalType(startField, endField)`: microseconds in a bigint (like a
 * timestamp). Fields: 0 DAY, 1 HOUR, 2 MINUTE, 3 SECOND; they only change how a value prints.
 */
export interface DayTimeIntervalType { readonly kind: "dayTimeInterval"; readonly startField: DayTimeField; readonly endField: DayTimeField }
/** Spark's ANSI `YearMonthIntervalType(startField, endField)`: months in an int. Fields: 0 YEAR, 1 MONTH. */
export interface YearMonthIntervalType { readonly kind: "yearMonthInterval"; readonly startField: YearMonthField; readonly endField: YearMonthField }
/** DayTimeIntervalType's fields (Spark's DayTimeIntervalType.DAY ... SECOND). */
export type DayTimeField = 0 | 1 | 2 | 3;
/** YearMonthIntervalType's fields (Spark's YearMonthIntervalType.YEAR, MONTH). */
export type YearMonthField = 0 | 1;
export interface StructField {
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
}
export interface StructType { readonly kind: "struct"; readonly fields: readonly StructField[] }
export interface ArrayType { readonly kind: "array"; readonly elementType: DataType; readonly containsNull: boolean }
export interface MapType {
  readonly kind: "map";
  readonly keyType: DataType;
  readonly valueType: DataType;
  readonly valueContainsNull: boolean;
}

export type DataType =
  | BooleanType | ByteType | ShortType | IntegerType | LongType | FloatType | DoubleType | DecimalType
  | StringType | BinaryType | DateType | TimestampType | NullType | StructType | ArrayType | MapType
  | DayTimeIntervalType | YearMonthIntervalType;

export type DataTypeKind = DataType["kind"];

const BOOLEAN: BooleanType = Object.freeze({ kind: "boolean" });
const BYTE: ByteType = Object.freeze({ kind: "byte" });
const SHORT: ShortType = Object.freeze({ kind: "short" });
const INTEGER: IntegerType = Object.freeze({ kind: "integer" });
const LONG: LongType = Object.freeze({ kind: "long" });
const FLOAT: FloatType = Object.freeze({ kind: "float" });
const DOUBLE: DoubleType = Object.freeze({ kind: "double" });
const STRING: StringType = Object.freeze({ kind: "string" });
const BINARY: BinaryType = Object.freeze({ kind: "binary" });
const DATE: DateType = Object.freeze({ kind: "date" });
const TIMESTAMP: TimestampType = Object.freeze({ kind: "timestamp" });
const NULL: NullType = Object.freeze({ kind: "null" });

/** Spark's `BooleanType`. */
export const BooleanType = (): BooleanType => BOOLEAN;
/** Spark's `ByteType` (8-bit signed). */
export const ByteType = (): ByteType => BYTE;
/** Spark's `ShortType` (16-bit signed). */
export const ShortType = (): ShortType => SHORT;
/** Spark's `IntegerType` (32-bit signed). */
export const IntegerType = (): IntegerType => INTEGER;
/** Spark's `LongType` (64-bit signed). */
export const LongType = (): LongType => LONG;
/** Spark's `FloatType` (IEEE single precision). */
export const FloatType = (): FloatType => FLOAT;
/** Spark's `DoubleType` (IEEE double precision). */
export const DoubleType = (): DoubleType => DOUBLE;
/** Spark's `StringType` (UTF-8). */
export const StringType = (): StringType => STRING;
/** Spark's `BinaryType` (bytes). */
export const BinaryType = (): BinaryType => BINARY;
/** Spark's `DateType` (days since the epoch). */
export const DateType = (): DateType => DATE;
/** Spark's `TimestampType` (microseconds since the epoch, shown in the session time zone). */
export const TimestampType = (): TimestampType => TIMESTAMP;
/** Spark's `NullType` (`void`), the type of `lit(null)`. */
export const NullType = (): NullType => NULL;

/** Names of DayTimeIntervalType's fields, as Spark's `DayTimeIntervalType.fieldToString` gives them. */
export const DAY_TIME_FIELDS = ["day", "hour", "minute", "second"] as const;
/** Names of YearMonthIntervalType's fields. */
export const YEAR_MONTH_FIELDS = ["year", "month"] as const;

/**
 * Spark's `DayTimeIntervalType(startField, endField)`; the default is DAY TO SECOND.
 *
 * ```ts
 * DayTimeIntervalType(1, 1); // interval hour
 * ```
 */
export function DayTimeIntervalType(startField: DayTimeField = 0, endField: DayTimeField = 3): DayTimeIntervalType {
  if (endField < startField) {
    throw new AnalysisError(`Invalid interval type: ${DAY_TIME_FIELDS[startField]} to ${DAY_TIME_FIELDS[endField]}; the start field must not come after the end field.`, {
      hint: "Use DayTimeIntervalType(start, end) with 0 DAY <= start <= end <= 3 SECOND.",
    });
  }
  return { kind: "dayTimeInterval", startField, endField };
}

/**
 * Spark's `YearMonthIntervalType(startField, endField)`; the default is YEAR TO MONTH.
 *
 * ```ts
 * YearMonthIntervalType(0, 0); // interval year
 * ```
 */
export function YearMonthIntervalType(startField: YearMonthField = 0, endField: YearMonthField = 1): YearMonthIntervalType {
  if (endField < startField) {
    throw new AnalysisError("Invalid interval type: month to year; the start field must not come after the end field.", {
      hint: "Use YearMonthIntervalType(0, 1) for YEAR TO MONTH.",
    });
  }
  return { kind: "yearMonthInterval", startField, endField };
}

/** `interval day to second`, `interval hour`: Spark's simpleString/typeName of an interval type. */
function intervalTypeString(t: DayTimeIntervalType | YearMonthIntervalType): string {
  const names: readonly string[] = t.kind === "dayTimeInterval" ? DAY_TIME_FIELDS : YEAR_MONTH_FIELDS;
  const from = names[t.startField]!;
  return t.startField === t.endField ? `interval ${from}` : `interval ${from} to ${names[t.endField]!}`;
}

/** True for the two ANSI interval types. */
export function isInterval(t: DataType): t is DayTimeIntervalType | YearMonthIntervalType {
  return t.kind === "dayTimeInterval" || t.kind === "yearMonthInterval";
}

/** The most digits a Spark decimal holds. */
export const MAX_DECIMAL_PRECISION = 38;

/**
 * Spark's `DecimalType(precision, scale)`; PySpark's default is (10, 0).
 *
 * ```ts
 * DecimalType(10, 2); // decimal(10,2)
 * ```
 */
export function DecimalType(precision = 10, scale = 0): DecimalType {
  if (!Number.isInteger(precision) || precision < 1 || precision > MAX_DECIMAL_PRECISION) {
    throw new AnalysisError(
      `[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision ${precision} exceeds max precision 38.`,
      { hint: "Use a precision between 1 and 38." },
    );
  }
  if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
    throw new AnalysisError(`Decimal scale (${scale}) cannot be greater than precision (${precision}).`, {
      hint: "Use a scale between 0 and the precision.",
    });
  }
  return { kind: "decimal", precision, scale };
}

/**
 * A field of a {@link StructType}; nullable unless told otherwise, as in PySpark.
 *
 * ```ts
 * StructField("id", LongType(), false);
 * ```
 */
export function StructField(name: string, dataType: DataType, nullable = true): StructField {
  return { name, dataType, nullable };
}

/**
 * Spark's `StructType`: an ordered list of named fields.
 *
 * ```ts
 * StructType([StructField("a", IntegerType())]);
 * ```
 */
export function StructType(fields: readonly StructField[] = []): StructType {
  return { kind: "struct", fields: [...fields] };
}

/** Spark's `ArrayType(elementType, containsNull = true)`. */
export function ArrayType(elementType: DataType, containsNull = true): ArrayType {
  return { kind: "array", elementType, containsNull };
}

/** Spark's `MapType(keyType, valueType, valueContainsNull = true)`. */
export function MapType(keyType: DataType, valueType: DataType, valueContainsNull = true): MapType {
  return { kind: "map", keyType, valueType, valueContainsNull };
}

/** A copy of `schema` with one more field (PySpark's `StructType.add`). */
export function withField(schema: StructType, name: string, dataType: DataType, nullable = true): StructType {
  return StructType([...schema.fields, StructField(name, dataType, nullable)]);
}

/** The field names of a struct, in order (PySpark's `StructType.fieldNames()`). */
export function fieldNames(schema: StructType): string[] {
  return schema.fields.map((f) => f.name);
}

/** Types whose values are numbers: integral, fractional and decimal. */
export function isNumeric(t: DataType): boolean {
  return isIntegral(t) || isFractional(t) || t.kind === "decimal";
}

/** byte, short, integer, long. */
export function isIntegral(t: DataType): boolean {
  return t.kind === "byte" || t.kind === "short" || t.kind === "integer" || t.kind === "long";
}

/** float, double. */
export function isFractional(t: DataType): boolean {
  return t.kind === "float" || t.kind === "double";
}

/** Types made of other types. */
export function isComplex(t: DataType): t is StructType | ArrayType | MapType {
  return t.kind === "struct" || t.kind === "array" || t.kind === "map";
}

/**
 * Spark's `DataType.simpleString` (the form used inside `struct<...>` and by `DataFrame.toString`).
 *
 * ```ts
 * simpleString(LongType()); // "bigint"
 * ```
 */
export function simpleString(t: DataType): string {
  switch (t.kind) {
    case "byte": return "tinyint";
    case "short": return "smallint";
    case "integer": return "int";
    case "long": return "bigint";
    case "null": return "void";
    case "decimal": return `decimal(${t.precision},${t.scale})`;
    case "struct": return `struct<${t.fields.map((f) => `${f.name}:${simpleString(f.dataType)}`).join(",")}>`;
    case "array": return `array<${simpleString(t.elementType)}>`;
    case "map": return `map<${simpleString(t.keyType)},${simpleString(t.valueType)}>`;
    case "dayTimeInterval": case "yearMonthInterval": return intervalTypeString(t);
    default: return t.kind;
  }
}

/** Spark's `DataType.typeName` (what `printSchema()` prints): "integer", "decimal(10,2)", "struct". */
export function typeName(t: DataType): string {
  if (t.kind === "decimal") return `decimal(${t.precision},${t.scale})`;
  if (t.kind === "null") return "void";
  // printSchema prints the simpleString for intervals (`interval day to second`), not the typeName `daytimeinterval`.
  if (isInterval(t)) return intervalTypeString(t);
  return t.kind;
}

/** Spark's `DataType.sql` (used in CAST names and error messages): "INT", "BIGINT", "STRUCT<a: INT>". */
export function sqlTypeName(t: DataType): string {
  switch (t.kind) {
    case "struct": return `STRUCT<${t.fields.map((f) => `${f.name}: ${sqlTypeName(f.dataType)}`).join(", ")}>`;
    case "array": return `ARRAY<${sqlTypeName(t.elementType)}>`;
    case "map": return `MAP<${sqlTypeName(t.keyType)}, ${sqlTypeName(t.valueType)}>`;
    default: return simpleString(t).toUpperCase();
  }
}

/** Structural equality of two types, including nullability flags. */
export function sameType(a: DataType, b: DataType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "decimal": { const d = b as DecimalType; return a.precision === d.precision && a.scale === d.scale; }
    case "dayTimeInterval": case "yearMonthInterval": {
      const o = b as DayTimeIntervalType | YearMonthIntervalType;
      return a.startField === o.startField && a.endField === o.endField;
    }
    case "array": { const o = b as ArrayType; return a.containsNull === o.containsNull && sameType(a.elementType, o.elementType); }
    case "map": {
      const o = b as MapType;
      return a.valueContainsNull === o.valueContainsNull && sameType(a.keyType, o.keyType) && sameType(a.valueType, o.valueType);
    }
    case "struct": {
      const o = b as StructType;
      return a.fields.length === o.fields.length &&
        a.fields.every((f, i) => {
          const g = o.fields[i]!;
          return f.name === g.name && f.nullable === g.nullable && sameType(f.dataType, g.dataType);
        });
    }
    default: return true;
  }
}

/** Equality ignoring nullability (Spark's `sameType`), used when unioning and coercing. */
export function sameTypeIgnoringNullability(a: DataType, b: DataType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "decimal": case "dayTimeInterval": case "yearMonthInterval": return sameType(a, b);
    case "array": return sameTypeIgnoringNullability(a.elementType, (b as ArrayType).elementType);
    case "map": {
      const o = b as MapType;
      return sameTypeIgnoringNullability(a.keyType, o.keyType) && sameTypeIgnoringNullability(a.valueType, o.valueType);
    }
    case "struct": {
      const o = b as StructType;
      return a.fields.length === o.fields.length &&
        a.fields.every((f, i) => f.name === o.fields[i]!.name && sameTypeIgnoringNullability(f.dataType, o.fields[i]!.dataType));
    }
    default: return true;
  }
}

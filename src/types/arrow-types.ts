/**
 * Spark data types <-> Apache Arrow types, following Spark's own mapping
 * (sql/api/src/main/scala/org/apache/spark/sql/util/ArrowUtils.scala): integer -> Int32,
 * long -> Int64, timestamp -> Timestamp(MICROSECOND, sessionTimeZone), date -> Date(DAY),
 * decimal(p,s) -> Decimal128(p,s), string -> Utf8, map -> Map(entries struct<key,value>).
 *
 * ```ts
 * toArrowSchema(parseSchemaDDL("a INT")).fields[0].type; // Int32
 * ```
 */
import * as arrow from "apache-arrow";
import { NotImplementedError } from "../common/errors.js";
import {
  ArrayType, BinaryType, BooleanType, ByteType, DateType, DecimalType, DoubleType, FloatType, IntegerType,
  DayTimeIntervalType, LongType, MapType, NullType, YearMonthIntervalType, ShortType, StringType, StructField, StructType, TimestampType,
  type DataType,
} from "./data-types.js";

/** The Arrow type Spark uses for a Spark type; timestamps carry `timeZone` as Spark's do. */
export function toArrowType(t: DataType, timeZone = "UTC"): arrow.DataType {
  switch (t.kind) {
    case "boolean": return new arrow.Bool();
    case "byte": return new arrow.Int8();
    case "short": return new arrow.Int16();
    case "integer": return new arrow.Int32();
    case "long": return new arrow.Int64();
    case "float": return new arrow.Float32();
    case "double": return new arrow.Float64();
    case "decimal": return new arrow.Decimal(t.scale, t.precision, 128);
    case "string": return new arrow.Utf8();
    case "binary": return new arrow.Binary();
    case "date": return new arrow.DateDay();
    case "timestamp": return new arrow.TimestampMicrosecond(timeZone);
    case "null": return new arrow.Null();
    // ArrowUtils.toArrowType: DayTimeIntervalType -> Duration(MICROSECOND), YearMonthIntervalType -> Interval(YEAR_MONTH).
    case "dayTimeInterval": return new arrow.Duration(arrow.TimeUnit.MICROSECOND);
    case "yearMonthInterval": return new arrow.Interval(arrow.IntervalUnit.YEAR_MONTH);
    case "array": return new arrow.List(new arrow.Field("element", toArrowType(t.elementType, timeZone), t.containsNull));
    case "struct": return new arrow.Struct(t.fields.map((f) => toArrowField(f, timeZone)));
    case "map":
      return new arrow.Map_(new arrow.Field("entries", new arrow.Struct<any>([
        new arrow.Field("key", toArrowType(t.keyType, timeZone), false),
        new arrow.Field("value", toArrowType(t.valueType, timeZone), t.valueContainsNull),
      ]), false));
  }
}

/** An Arrow field for a Spark struct field. */
export function toArrowField(f: StructField, timeZone = "UTC"): arrow.Field {
  return new arrow.Field(f.name, toArrowType(f.dataType, timeZone), f.nullable);
}

/** An Arrow schema for a Spark schema. */
export function toArrowSchema(schema: StructType, timeZone = "UTC"): arrow.Schema {
  return new arrow.Schema(schema.fields.map((f) => toArrowField(f, timeZone)));
}

/**
 * The Spark type for an Arrow type. Unsigned integers widen to the next signed type (Spark has
 * none); timestamps of any unit become microsecond timestamps; dictionaries use their values.
 */
export function fromArrowType(t: arrow.DataType): DataType {
  if (arrow.DataType.isNull(t)) return NullType();
  if (arrow.DataType.isBool(t)) return BooleanType();
  if (arrow.DataType.isInt(t)) {
    const w = t.bitWidth;
    if (t.isSigned) return w === 8 ? ByteType() : w === 16 ? ShortType() : w === 32 ? IntegerType() : LongType();
    if (w === 8) return ShortType();
    if (w === 16) return IntegerType();
    if (w === 32) return LongType();
    return DecimalType(20, 0);
  }
  if (arrow.DataType.isFloat(t)) return t.precision === arrow.Precision.SINGLE ? FloatType() : t.precision === arrow.Precision.HALF ? FloatType() : DoubleType();
  if (arrow.DataType.isDecimal(t)) return DecimalType(t.precision, t.scale);
  if (arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t)) return StringType();
  if (arrow.DataType.isBinary(t) || arrow.DataType.isLargeBinary(t) || arrow.DataType.isFixedSizeBinary(t)) return BinaryType();
  if (arrow.DataType.isDate(t)) return DateType();
  if (arrow.DataType.isTimestamp(t)) return TimestampType();
  // ArrowUtils.fromArrowType: Duration(MICROSECOND) -> DayTimeIntervalType(), Interval(YEAR_MONTH) -> YearMonthIntervalType().
  if (arrow.DataType.isDuration(t) && t.unit === arrow.TimeUnit.MICROSECOND) return DayTimeIntervalType();
  if (arrow.DataType.isInterval(t) && t.unit === arrow.IntervalUnit.YEAR_MONTH) return YearMonthIntervalType();
  if (arrow.DataType.isList(t) || arrow.DataType.isFixedSizeList(t)) {
    const child = t.children[0]!;
    return ArrayType(fromArrowType(child.type), child.nullable);
  }
  if (arrow.DataType.isStruct(t)) return StructType(t.children.map((f) => StructField(f.name, fromArrowType(f.type), f.nullable)));
  if (arrow.DataType.isMap(t)) {
    const entries = t.children[0]!.type as arrow.Struct;
    const [k, v] = entries.children;
    return MapType(fromArrowType(k!.type), fromArrowType(v!.type), v!.nullable);
  }
  if (arrow.DataType.isDictionary(t)) return fromArrowType(t.dictionary);
  throw new NotImplementedError(`Arrow type ${String(t)} has no Spark equivalent in Kindling.`, {
    hint: "Cast the column to a supported Arrow type (ints, floats, decimal, utf8, binary, date, timestamp, list, struct, map) first.",
  });
}

/** The Spark schema for an Arrow schema. */
export function fromArrowSchema(schema: arrow.Schema): StructType {
  return StructType(schema.fields.map((f) => StructField(f.name, fromArrowType(f.type), f.nullable)));
}

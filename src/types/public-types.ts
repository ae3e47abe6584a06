/**
 * The `types` namespace users import (PySpark's `pyspark.sql.types`): type constructors plus
 * schema helpers.
 *
 * ```ts
 * import { types as T } from "kindling";
 * T.StructType([T.StructField("id", T.LongType(), false)]);
 * ```
 */
export {
  ArrayType, BinaryType, BooleanType, ByteType, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType,
  MapType, NullType, ShortType, StringType, StructField, StructType, TimestampType, DayTimeIntervalType, YearMonthIntervalType,
  fieldNames, simpleString, typeName, sqlTypeName, withField,
} from "./data-types.js";
export type { DataType } from "./data-types.js";
export { parseSchemaDDL as fromDDL, parseTypeDDL } from "./ddl.js";
export { treeString } from "./tree-string.js";
export { toArrowSchema, fromArrowSchema, toArrowType, fromArrowType } from "./arrow-types.js";

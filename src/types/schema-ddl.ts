/**
 * Spark DDL text for a schema or type, as `spark.read.schema(...)` and
 * `spark.createDataFrame(rows, schema=...)` accept it. Names that are not plain identifiers are
 * backquoted (a backquote inside is doubled), so any column name survives the trip.
 *
 * ```ts
 * schemaDDL(StructType([StructField("vendor id", IntegerType())])); // "`vendor id` INT"
 * ```
 */
import { simpleString, type DataType, type StructField, type StructType } from "./data-types.js";

/** A field name as DDL writes it: bare when it is a simple identifier, else backquoted. */
export function ddlName(n: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) ? n : `\`${n.replace(/`/g, "``")}\``;
}

/** The DDL type name: `INT`, `DECIMAL(10,2)`, `ARRAY<STRING>`, `STRUCT<a: INT>`, `MAP<STRING, BIGINT>`. */
export function typeDDL(t: DataType): string {
  switch (t.kind) {
    case "boolean": return "BOOLEAN";
    case "byte": return "TINYINT";
    case "short": return "SMALLINT";
    case "integer": return "INT";
    case "long": return "BIGINT";
    case "float": return "FLOAT";
    case "double": return "DOUBLE";
    case "decimal": return `DECIMAL(${t.precision},${t.scale})`;
    case "string": return "STRING";
    case "binary": return "BINARY";
    case "date": return "DATE";
    case "timestamp": return "TIMESTAMP";
    case "null": return "VOID";
    case "dayTimeInterval": case "yearMonthInterval": return simpleString(t).toUpperCase();
    case "array": return `ARRAY<${typeDDL(t.elementType)}>`;
    case "map": return `MAP<${typeDDL(t.keyType)}, ${typeDDL(t.valueType)}>`;
    case "struct": return `STRUCT<${t.fields.map((f) => `${ddlName(f.name)}: ${typeDDL(f.dataType)}${f.nullable ? "" : " NOT NULL"}`).join(", ")}>`;
  }
}

function fieldDDL(f: StructField): string {
  return `${ddlName(f.name)} ${typeDDL(f.dataType)}${f.nullable ? "" : " NOT NULL"}`;
}

/** A whole schema: `"id INT, name STRING NOT NULL"`. */
export function schemaDDL(s: StructType): string {
  return s.fields.map(fieldDDL).join(", ");
}

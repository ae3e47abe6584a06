/**
 * `printSchema()` text, byte for byte as Spark builds it in `StructType.treeString`
 * (sql/api/src/main/scala/org/apache/spark/sql/types/StructType.scala, `buildFormattedString`).
 *
 * ```ts
 * treeString(StructType([StructField("a", IntegerType())]));
 * // "root\n |-- a: integer (nullable = true)\n"
 * ```
 */
import { type DataType, type StructType, typeName } from "./data-types.js";

/** Spark escapes control characters in field names so the tree stays one line per field. */
export function escapeMetaCharacters(s: string): string {
  return s
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\f/g, "\\f")
    .replace(/\x08/g, "\\b")
    .replace(/\x0B/g, "\\v")
    .replace(/\x07/g, "\\a");
}

/** The schema tree Spark prints for `printSchema()`, ending with a newline; `level` limits nesting. */
export function treeString(schema: StructType, level = Number.MAX_SAFE_INTEGER): string {
  const out: string[] = ["root\n"];
  for (const f of schema.fields) {
    out.push(` |-- ${escapeMetaCharacters(f.name)}: ${typeName(f.dataType)} (nullable = ${f.nullable})\n`);
    nested(f.dataType, " |    |", out, level - 1);
  }
  return out.join("");
}

function nested(t: DataType, prefix: string, out: string[], level: number): void {
  if (level <= 0) return;
  switch (t.kind) {
    case "struct":
      for (const f of t.fields) {
        out.push(`${prefix}-- ${escapeMetaCharacters(f.name)}: ${typeName(f.dataType)} (nullable = ${f.nullable})\n`);
        nested(f.dataType, `${prefix}    |`, out, level - 1);
      }
      return;
    case "array":
      out.push(`${prefix}-- element: ${typeName(t.elementType)} (containsNull = ${t.containsNull})\n`);
      nested(t.elementType, `${prefix}    |`, out, level - 1);
      return;
    case "map":
      out.push(`${prefix}-- key: ${typeName(t.keyType)}\n`);
      nested(t.keyType, `${prefix}    |`, out, level - 1);
      out.push(`${prefix}-- value: ${typeName(t.valueType)} (valueContainsNull = ${t.valueContainsNull})\n`);
      nested(t.valueType, `${prefix}    |`, out, level - 1);
      return;
    default:
      return;
  }
}

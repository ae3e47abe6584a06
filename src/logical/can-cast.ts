/**
 * Which casts Spark allows at all (Cast.canCast / canAnsiCast): whether a value can fail at run
 * time is the evaluator's business; this only rejects casts Spark refuses at analysis.
 *
 * ```ts
 * canCast(StringType(), IntegerType()); // true
 * canCast(DateType(), BooleanType());   // false
 * ```
 */
import { isNumeric, type DataType } from "../types/data-types.js";

/** True when Spark accepts `CAST(from AS to)`. */
export function canCast(from: DataType, to: DataType): boolean {
  if (from.kind === "null") return true;
  if (to.kind === "string") return true;
  if (from.kind === to.kind && from.kind !== "struct" && from.kind !== "array" && from.kind !== "map") return true;
  switch (to.kind) {
    case "boolean": return from.kind === "string" || isNumeric(from);
    case "byte": case "short": case "integer": case "long": case "float": case "double": case "decimal":
      return from.kind === "string" || from.kind === "boolean" || isNumeric(from) || from.kind === "timestamp";
    case "date": return from.kind === "string" || from.kind === "timestamp";
    case "timestamp": return from.kind === "string" || from.kind === "date" || isNumeric(from);
    case "binary": return from.kind === "string";
    case "array": return from.kind === "array" && canCast(from.elementType, to.elementType);
    case "map": return from.kind === "map" && canCast(from.keyType, to.keyType) && canCast(from.valueType, to.valueType);
    case "struct":
      return from.kind === "struct" && from.fields.length === to.fields.length &&
        from.fields.every((f, i) => canCast(f.dataType, to.fields[i]!.dataType));
    default: return false;
  }
}

/**
 * Kindling's physical values (see physical/vector.ts) as Python values PySpark accepts for the
 * same Spark type: the rows of `spark.createDataFrame([...], schema=...)` and typed literals.
 * Timestamps become timezone-aware `datetime.datetime(..., tzinfo=datetime.timezone.utc)`, so the
 * generated script means the same instant whatever the Python process's local time zone is.
 *
 * ```ts
 * pyValue(1_700_000_000_000_000n, TimestampType(), imports);
 * // datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.timezone.utc)
 * ```
 */
import { NotImplementedError } from "../common/errors.js";
import type { DataType } from "../types/data-types.js";
import { civilFromDays, splitMicros } from "../types/datetime.js";
import { decimalToPlainString } from "../types/java-format.js";
import { attr, bool, call, dict, float, int, list, name, none, str, tuple, type PyExpr } from "./py-ast.js";

/** Modules the generated script must import because a value needs them. */
export type PyImports = Set<"datetime" | "decimal">;

const UTC = (): PyExpr => attr(attr(name("datetime"), "timezone"), "utc");

/** `datetime.date(y, m, d)` for days since the epoch. */
export function pyDate(days: number, imports: PyImports): PyExpr {
  imports.add("datetime");
  const { y, m, d } = civilFromDays(days);
  return call(attr(name("datetime"), "date"), [int(y), int(m), int(d)]);
}

/** An aware UTC `datetime.datetime` for microseconds since the epoch. */
export function pyTimestamp(micros: bigint, imports: PyImports): PyExpr {
  imports.add("datetime");
  const { seconds, micros: us } = splitMicros(micros);
  const days = Math.floor(seconds / 86_400);
  const secOfDay = seconds - days * 86_400;
  const { y, m, d } = civilFromDays(days);
  const parts = [y, m, d, Math.floor(secOfDay / 3600), Math.floor((secOfDay % 3600) / 60), secOfDay % 60];
  if (us !== 0) parts.push(us);
  return call(attr(name("datetime"), "datetime"), parts.map((p) => int(p)), [["tzinfo", UTC()]]);
}

/** `Decimal("12.50")` for an unscaled value and scale. */
export function pyDecimal(unscaled: bigint, scale: number, imports: PyImports): PyExpr {
  imports.add("decimal");
  return call(name("Decimal"), [str(decimalToPlainString(unscaled, scale))]);
}

/** A physical value of type `t` as the Python value PySpark's createDataFrame expects. */
export function pyValue(v: unknown, t: DataType, imports: PyImports): PyExpr {
  if (v === null || v === undefined) return none;
  switch (t.kind) {
    case "boolean": return bool(v === true || v === 1);
    case "byte": case "short": case "integer": return int(v as number);
    case "long": return int(v as bigint);
    case "float": case "double": return float(v as number);
    case "decimal": return pyDecimal(v as bigint, t.scale, imports);
    case "string": return str(v as string);
    case "binary": return { kind: "bytes", value: v as Uint8Array };
    case "date": return pyDate(v as number, imports);
    case "timestamp": return pyTimestamp(v as bigint, imports);
    case "array": return list((v as unknown[]).map((x) => pyValue(x, t.elementType, imports)));
    case "map": return dict((v as [unknown, unknown][]).map(([k, x]) => [pyValue(k, t.keyType, imports), pyValue(x, t.valueType, imports)] as const));
    case "struct": return tuple((v as unknown[]).map((x, i) => pyValue(x, t.fields[i]!.dataType, imports)));
    case "null": return none;
    // PySpark's DayTimeIntervalType takes a datetime.timedelta (its toInternal counts microseconds).
    case "dayTimeInterval": imports.add("datetime"); return call(attr(name("datetime"), "timedelta"), [], [["microseconds", int(v as bigint)]]);
    default:
      throw new NotImplementedError(`a value of type ${(t as DataType).kind} cannot be written as a Python literal yet`, {
        hint: "write the data to a Parquet file and read it in the generated job instead",
      });
  }
}

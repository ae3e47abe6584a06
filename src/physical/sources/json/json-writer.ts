/**
 * Encodes batches as JSON lines the way Spark's `JacksonGenerator` writes: fields in schema
 * order, null fields left out (`ignoreNullFields`), NaN and infinities as strings ("NaN"),
 * doubles as Java prints them (`1.0`, `1.5E20`), decimals as plain numbers, timestamps and dates
 * as strings (see value-text.ts), binary as base64, arrays keep nulls, maps become objects.
 *
 * ```ts
 * encodeJson([batch], schema, jsonOptions({}), "UTC"); // '{"id":1,"name":"a"}\n'
 * ```
 */
import type { DataType, StructType } from "../../../types/data-types.js";
import { getValue, type Batch } from "../../vector.js";
import { atomicText } from "../value-text.js";
import type { JsonOptions } from "./json-options.js";

function jsonText(x: unknown, t: DataType, tz: string, opts: JsonOptions): string {
  if (x === null || x === undefined) return "null";
  switch (t.kind) {
    case "byte": case "short": case "integer": case "long": return String(x);
    case "boolean": return x === true || x === 1 ? "true" : "false";
    case "float": case "double": {
      const d = x as number;
      const s = atomicText(d, t, tz);
      return Number.isFinite(d) ? s : JSON.stringify(s);
    }
    case "decimal": return atomicText(x, t, tz);
    case "struct": return structText(x as unknown[], t, tz, opts);
    case "array": return `[${(x as unknown[]).map((e) => jsonText(e, t.elementType, tz, opts)).join(",")}]`;
    case "map": return `{${(x as [unknown, unknown][]).map(([k, v]) => `${JSON.stringify(atomicText(k, t.keyType, tz))}:${jsonText(v, t.valueType, tz, opts)}`).join(",")}}`;
    default: return JSON.stringify(atomicText(x, t, tz, opts.timestampFormat ?? undefined, opts.dateFormat ?? undefined));
  }
}

function structText(values: readonly unknown[], t: StructType, tz: string, opts: JsonOptions): string {
  const parts: string[] = [];
  t.fields.forEach((f, i) => {
    const v = values[i];
    if ((v === null || v === undefined) && opts.ignoreNullFields) return;
    parts.push(`${JSON.stringify(f.name)}:${jsonText(v, f.dataType, tz, opts)}`);
  });
  return `{${parts.join(",")}}`;
}

/** The JSON-lines text of `batches`. */
export function encodeJson(batches: readonly Batch[], schema: StructType, opts: JsonOptions, timeZone: string): string {
  const lines: string[] = [];
  for (const b of batches) {
    for (let i = 0; i < b.numRows; i++) lines.push(structText(b.columns.map((c) => getValue(c, i)), schema, timeZone, opts));
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

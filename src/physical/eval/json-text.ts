/**
 * JSON text of a value as Spark's to_json writes it (JacksonGenerator with Spark's JSONOptions):
 * no spaces; struct fields in order, nulls left out unless `ignoreNullFields` is false; array
 * and map nulls kept; doubles and floats as Java prints them (`1.0E10`), NaN and infinities as
 * strings (Jackson's QUOTE_NON_NUMERIC_NUMBERS); decimals as BigDecimal.toString; timestamps
 * `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in the session zone; dates `yyyy-MM-dd`; binary base64;
 * strings escaped as Jackson does (`\"`, `\\`, `\n`..., other controls `\u00XX` upper case).
 *
 * ```ts
 * jsonValueText([1, null], StructType([...]), opts); // '{"k":1}'
 * ```
 */
import type { DataType } from "../../types/data-types.js";
import { atomicText } from "../sources/value-text.js";

export interface JsonWriteOptions {
  readonly timeZone: string;
  readonly timestampFormat: string | null;
  readonly dateFormat: string | null;
  readonly ignoreNullFields: boolean;
}

const SHORT: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r", 34: "\\\"", 92: "\\\\" };

/** A string as a JSON string literal, escaped as Jackson's generator escapes it. */
export function jacksonString(s: string): string {
  let out = "\"";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c !== 34 && c !== 92) continue;
    out += s.slice(from, i);
    out += SHORT[c] ?? `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
    from = i + 1;
  }
  return `${out}${s.slice(from)}"`;
}

/** java.math.BigDecimal.toString of unscaled * 10^-scale (scientific when the exponent is below -6). */
export function javaBigDecimalString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString();
  const adjusted = -scale + (digits.length - 1);
  let body: string;
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) body = digits;
    else if (digits.length > scale) body = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    else body = `0.${"0".repeat(scale - digits.length)}${digits}`;
  } else {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${mant}E${adjusted >= 0 ? "+" : ""}${adjusted}`;
  }
  return neg ? `-${body}` : body;
}

/** The JSON text of one non-null physical value of type `t`. */
export function jsonValueText(x: unknown, t: DataType, o: JsonWriteOptions): string {
  if (x === null || x === undefined) return "null";
  switch (t.kind) {
    case "byte": case "short": case "integer": case "long": return String(x);
    case "boolean": return x === true || x === 1 ? "true" : "false";
    case "float": case "double": {
      const s = atomicText(x, t, o.timeZone);
      return Number.isFinite(x as number) ? s : `"${s}"`;
    }
    case "decimal": return javaBigDecimalString(x as bigint, t.scale);
    case "string": return jacksonString(x as string);
    case "struct": {
      const values = x as unknown[];
      const parts: string[] = [];
      t.fields.forEach((f, i) => {
        const v = values[i];
        if ((v === null || v === undefined) && o.ignoreNullFields) return;
        parts.push(`${jacksonString(f.name)}:${jsonValueText(v, f.dataType, o)}`);
      });
      return `{${parts.join(",")}}`;
    }
    case "array": return `[${(x as unknown[]).map((e) => jsonValueText(e, t.elementType, o)).join(",")}]`;
    case "map":
      return `{${(x as [unknown, unknown][]).map(([k, v]) => `${jacksonString(atomicText(k, t.keyType, o.timeZone))}:${jsonValueText(v, t.valueType, o)}`).join(",")}}`;
    default:
      return jacksonString(atomicText(x, t, o.timeZone, o.timestampFormat ?? undefined, o.dateFormat ?? undefined));
  }
}

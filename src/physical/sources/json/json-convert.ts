/**
 * Converts a parsed JSON value to the physical value of a Spark type, as Spark's `JacksonParser`
 * does: integral types take integral numbers in range, double/float take any number and the
 * strings "NaN"/"Infinity"/"-Infinity", decimals numbers or numeric strings, timestamps strings
 * (timestampFormat or the cast rules, in the session zone) or epoch seconds, dates strings,
 * STRING takes a string's value or any other value's raw JSON text. null is null for every
 * type; anything else is a bad value ({@link JsonConversionError}).
 *
 * ```ts
 * jsonValue(parseJsonTree("5")!, LongType(), line, ctx); // 5n
 * ```
 */
import type { DataType } from "../../../types/data-types.js";
import { simpleString } from "../../../types/data-types.js";
import { parseDate, parseTimestamp } from "../../../types/datetime.js";
import { parseWithPattern } from "../../eval/datetime-pattern.js";
import { parseBigDecimal, toDecimalUnscaled } from "../text-values.js";
import type { JsonNode } from "./json-tree.js";

/** A value that does not fit its column's type. */
export class JsonConversionError extends Error {}

export interface JsonConvertContext {
  readonly timeZone: string;
  readonly timestampFormat: string | null;
  readonly dateFormat: string | null;
}

const RANGES: Record<string, [bigint, bigint]> = {
  byte: [-128n, 127n], short: [-32768n, 32767n], integer: [-2147483648n, 2147483647n], long: [-(2n ** 63n), 2n ** 63n - 1n],
};

function fail(n: JsonNode, line: string, t: DataType): never {
  throw new JsonConversionError(`cannot read ${line.slice(n.start, n.end)} as ${simpleString(t)}`);
}

/** The physical value of `n` as type `t` (`line` is the record text, for raw spans). */
export function jsonValue(n: JsonNode, t: DataType, line: string, ctx: JsonConvertContext): unknown {
  if (n.kind === "null") return null;
  switch (t.kind) {
    case "string": return n.kind === "string" ? n.value : line.slice(n.start, n.end);
    case "boolean": return n.kind === "boolean" ? n.value : fail(n, line, t);
    case "byte": case "short": case "integer": case "long": {
      if (n.kind !== "number" || !n.integral) return fail(n, line, t);
      const b = BigInt(n.text);
      const [lo, hi] = RANGES[t.kind]!;
      if (b < lo || b > hi) return fail(n, line, t);
      return t.kind === "long" ? b : Number(b);
    }
    case "float": case "double": {
      let v: number;
      if (n.kind === "number") v = n.text === "NaN" ? Number.NaN : n.text.endsWith("Infinity") ? (n.text.startsWith("-") ? -Infinity : Infinity) : Number(n.text);
      else if (n.kind === "string" && (n.value === "NaN" || n.value === "Infinity" || n.value === "+Infinity" || n.value === "-Infinity" || n.value === "INF" || n.value === "+INF" || n.value === "-INF")) {
        v = n.value === "NaN" ? Number.NaN : n.value.startsWith("-") ? -Infinity : Infinity;
      } else return fail(n, line, t);
      return t.kind === "float" ? Math.fround(v) : v;
    }
    case "decimal": {
      const text = n.kind === "number" ? n.text : n.kind === "string" && n.value.length > 0 ? n.value : fail(n, line, t);
      const d = parseBigDecimal(text);
      const u = d === null ? null : toDecimalUnscaled(d, t.precision, t.scale);
      return u === null ? fail(n, line, t) : u;
    }
    case "timestamp": {
      if (n.kind === "number" && n.integral) return BigInt(n.text) * 1_000_000n;
      if (n.kind !== "string") return fail(n, line, t);
      const v = ctx.timestampFormat === null ? parseTimestamp(n.value, ctx.timeZone) : parseWithPattern(n.value, ctx.timestampFormat, ctx.timeZone);
      return v === null ? fail(n, line, t) : v;
    }
    case "date": {
      if (n.kind !== "string") return fail(n, line, t);
      if (ctx.dateFormat === null) { const d = parseDate(n.value); return d === null ? fail(n, line, t) : d; }
      const m = parseWithPattern(n.value, ctx.dateFormat, "UTC");
      return m === null ? fail(n, line, t) : Number(m / 86_400_000_000n);
    }
    case "array": return n.kind === "array" ? n.items.map((x) => jsonValue(x, t.elementType, line, ctx)) : fail(n, line, t);
    case "struct": {
      if (n.kind !== "object") return fail(n, line, t);
      const out = new Array<unknown>(t.fields.length).fill(null);
      t.fields.forEach((f, i) => {
        const k = n.keys.lastIndexOf(f.name);
        if (k >= 0) out[i] = jsonValue(n.values[k]!, f.dataType, line, ctx);
      });
      return out;
    }
    case "map": {
      if (n.kind !== "object") return fail(n, line, t);
      return n.keys.map((k, i) => [k, jsonValue(n.values[i]!, t.valueType, line, ctx)]);
    }
    default: return fail(n, line, t);
  }
}

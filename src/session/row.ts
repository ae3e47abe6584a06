/**
 * `Row`: a collected record (PySpark's `pyspark.sql.Row`). Fields are readable by name as
 * properties (`row.fare`), by `row.get("fare")` or position `row.get(0)`; `asDict()` gives a
 * plain object.
 *
 * JavaScript values: byte/short/int/float/double -> number; long -> number when it is a safe
 * integer, else bigint; decimal -> string (exact); string -> string; boolean -> boolean;
 * binary -> Uint8Array; date -> "yyyy-MM-dd" string; timestamp -> Date (milliseconds; use
 * toArrow() for microseconds); struct -> Row; array -> array; map -> Map.
 *
 * ```ts
 * const [row] = df.collect();
 * row.get("n"); row.asDict();
 * ```
 */
import type { DataType, StructType } from "../types/data-types.js";
import { formatDate } from "../types/datetime.js";
import { decimalToPlainString } from "../types/java-format.js";

/** A record with named fields. */
export class Row {
  readonly #names: readonly string[];
  readonly #values: readonly unknown[];
  [field: string]: unknown;

  constructor(names: readonly string[], values: readonly unknown[]) {
    this.#names = names;
    this.#values = values;
    names.forEach((n, i) => {
      if (!(n in this)) Object.defineProperty(this, n, { value: values[i], enumerable: true });
    });
  }

  /** The value of a field by name or position. Example: `row.get("n")`. */
  get(field: string | number): unknown {
    if (typeof field === "number") return this.#values[field];
    const i = this.#names.indexOf(field);
    if (i < 0) throw new RangeError(`Row has no field '${field}'; fields: ${this.#names.join(", ")}`);
    return this.#values[i];
  }

  /** Field names in order. */
  fieldNames(): string[] { return [...this.#names]; }

  /** Values in order. */
  values(): unknown[] { return [...this.#values]; }

  /** Number of fields. */
  get length(): number { return this.#values.length; }

  /** A plain object of field -> value (nested rows converted when `recursive`). Example: `row.asDict()`. */
  asDict(recursive = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.#names.forEach((n, i) => {
      const v = this.#values[i];
      out[n] = recursive ? toPlain(v) : v;
    });
    return out;
  }

  /** PySpark's repr: `Row(a=1, b='x')`. */
  toString(): string {
    return `Row(${this.#names.map((n, i) => `${n}=${repr(this.#values[i])}`).join(", ")})`;
  }

  toJSON(): Record<string, unknown> { return this.asDict(true); }
}

function toPlain(v: unknown): unknown {
  if (v instanceof Row) return v.asDict(true);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, toPlain(x)]));
  return v;
}

function repr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return `'${v}'`;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `[${v.map(repr).join(", ")}]`;
  return String(v);
}

/** Converts a physical value of type `t` to its JavaScript form for Row. */
export function toUserValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case "long": case "dayTimeInterval": { const b = v as bigint; return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b; }
    case "decimal": return decimalToPlainString(v as bigint, t.scale);
    case "date": return formatDate(v as number);
    case "timestamp": return new Date(Number((v as bigint) / 1000n));
    case "boolean": return v === true || v === 1;
    case "struct": return rowFromPhysical(t, v as unknown[]);
    case "array": return (v as unknown[]).map((x) => toUserValue(x, t.elementType));
    case "map": return new Map((v as [unknown, unknown][]).map(([k, x]) => [toUserValue(k, t.keyType), toUserValue(x, t.valueType)]));
    default: return v;
  }
}

/** A Row from physical values of a struct. */
export function rowFromPhysical(schema: StructType, values: readonly unknown[]): Row {
  return new Row(schema.fields.map((f) => f.name), schema.fields.map((f, i) => toUserValue(values[i], f.dataType)));
}

/**
 * The hash-map key of a group in a streaming aggregation's state, from the group's physical key
 * values. Two groups get the same key exactly when Spark groups them together: null with null,
 * NaN with NaN, -0.0 with 0.0 (NormalizeFloatingNumbers.scala), as {@link groupKeyOf} does.
 *
 * Fixed-width keys (ints, longs, timestamps, dates, doubles, booleans, intervals, and structs of
 * them such as `window`) are written as their bits, 16 per UTF-16 code unit, into one short
 * string: no BigInt-to-decimal conversion, no joined parts. The course's `(window, vendor_id)` key
 * is 14 code units. Merging every slice's partial groups into the state costs one such key per
 * group, on the thread that owns the state, so this is on the serial path of `local[N]`.
 * Other key types (strings, decimals, arrays, maps) use {@link groupKeyOf}'s text.
 *
 * The scheme depends only on the key types, so every partial of one aggregation uses the same.
 *
 * ```ts
 * const keyOf = stateKeyFunction([IntegerType(), DoubleType()]);
 * keyOf([1, -0]) === keyOf([1, 0]); // true
 * ```
 */
import { InternalError } from "../../common/errors.js";
import { structFieldsOf } from "../../physical/columnar-struct.js";
import { groupKeyOf } from "../../physical/kernels/compare-values.js";
import type { PrimitiveArray, Vec } from "../../physical/vector.js";
import type { DataType } from "../../types/data-types.js";

export type StateKey = string | number | bigint | boolean;

const units = new Uint16Array(512);
const f64 = new Float64Array(1);
const f64Units = new Uint16Array(f64.buffer);
const i64 = new BigInt64Array(1);
const i64Units = new Uint16Array(i64.buffer);

/** True when a type has a fixed-width bit form here. */
function fixedWidth(t: DataType): boolean {
  switch (t.kind) {
    case "integer": case "date": case "byte": case "short": case "boolean": case "yearMonthInterval":
    case "long": case "timestamp": case "dayTimeInterval":
    case "double": case "float":
      return true;
    case "struct":
      return t.fields.every((f) => fixedWidth(f.dataType));
    default:
      return false;
  }
}

/** Writes one value's code units at `at`; returns the next position. A leading unit tells null (0) from a value (1). */
function put(t: DataType, v: unknown, at: number): number {
  if (v === null || v === undefined) {
    units[at] = 0;
    return at + 1;
  }
  units[at++] = 1;
  switch (t.kind) {
    case "integer": case "date": case "byte": case "short": case "yearMonthInterval": {
      const x = v as number;
      units[at] = x & 0xffff;
      units[at + 1] = x >>> 16;
      return at + 2;
    }
    case "boolean":
      units[at] = v === true || v === 1 ? 1 : 0;
      return at + 1;
    case "long": case "timestamp": case "dayTimeInterval":
      i64[0] = v as bigint;
      units[at] = i64Units[0]!; units[at + 1] = i64Units[1]!; units[at + 2] = i64Units[2]!; units[at + 3] = i64Units[3]!;
      return at + 4;
    case "double": case "float": {
      const x = v as number;
      f64[0] = x === 0 ? 0 : x !== x ? NaN : x;
      units[at] = f64Units[0]!; units[at + 1] = f64Units[1]!; units[at + 2] = f64Units[2]!; units[at + 3] = f64Units[3]!;
      return at + 4;
    }
    case "struct": {
      const fields = t.fields;
      const row = v as readonly unknown[];
      for (let f = 0; f < fields.length; f++) at = put(fields[f]!.dataType, row[f], at);
      return at;
    }
    default:
      throw new InternalError(`state key: ${t.kind} has no fixed-width form (fixedWidth() should have sent it to the text keys)`);
  }
}

/** Units one value can take at most (a struct: its fields'); bounds the scratch buffer. */
function maxUnits(t: DataType): number {
  return t.kind === "struct" ? 1 + t.fields.reduce((a, f) => a + maxUnits(f.dataType), 0) : 5;
}

/** The key function for groups with these key types (see the module comment). */
export function stateKeyFunction(types: readonly DataType[]): (values: readonly unknown[]) => StateKey {
  if (types.length === 0) return () => "";
  const width = types.reduce((a, t) => a + maxUnits(t), 0);
  if (types.every(fixedWidth) && width <= units.length) {
    return (values) => {
      let at = 0;
      for (let c = 0; c < types.length; c++) at = put(types[c]!, values[c], at);
      return String.fromCharCode.apply(null, units.subarray(0, at) as unknown as number[]);
    };
  }
  if (types.length === 1) return (values) => groupKeyOf(types[0]!, values[0]);
  return (values) => {
    let s = "";
    for (let c = 0; c < types.length; c++) s += `${String(groupKeyOf(types[c]!, values[c]))}\u0002`;
    return s;
  };
}

/** Writes row g of one typed key column at `at` (the units {@link put} writes for its value); returns the next position. */
type ColumnWriter = (g: number, at: number) => number;

/** Writes a non-null value of a fixed-width scalar type read from a typed array (put's units after its leading 1). */
function scalarWriter(t: DataType, arr: PrimitiveArray): ((g: number, at: number) => number) | null {
  switch (t.kind) {
    case "integer": case "date": case "byte": case "short": case "yearMonthInterval": {
      const a = arr as Int32Array;
      return (g, at) => {
        const x = a[g]!;
        units[at] = x & 0xffff;
        units[at + 1] = x >>> 16;
        return at + 2;
      };
    }
    case "boolean": {
      const a = arr as Uint8Array;
      return (g, at) => {
        units[at] = a[g] === 1 ? 1 : 0;
        return at + 1;
      };
    }
    case "long": case "timestamp": case "dayTimeInterval": {
      if (!(arr instanceof BigInt64Array)) return null;
      // The int64's four 16-bit units read straight from its bytes: no BigInt is made.
      const u = new Uint16Array(arr.buffer, arr.byteOffset, arr.length * 4);
      return (g, at) => {
        const b = 4 * g;
        units[at] = u[b]!; units[at + 1] = u[b + 1]!; units[at + 2] = u[b + 2]!; units[at + 3] = u[b + 3]!;
        return at + 4;
      };
    }
    case "double": case "float": {
      const a = arr as Float64Array;
      return (g, at) => {
        const x = a[g]!;
        f64[0] = x === 0 ? 0 : x !== x ? NaN : x;
        units[at] = f64Units[0]!; units[at + 1] = f64Units[1]!; units[at + 2] = f64Units[2]!; units[at + 3] = f64Units[3]!;
        return at + 4;
      };
    }
    default:
      return null;
  }
}

/** Adds put's null/value leading unit in front of a value writer, reading nulls from `valid`. */
function withNulls(valid: Uint8Array | null, write: ColumnWriter): ColumnWriter {
  if (valid === null) return (g, at) => { units[at] = 1; return write(g, at + 1); };
  return (g, at) => {
    if (valid[g] === 0) { units[at] = 0; return at + 1; }
    units[at] = 1;
    return write(g, at + 1);
  };
}

/** The writer of one key column read in place, or null when it is not held in typed arrays. */
function columnWriter(t: DataType, col: Vec): ColumnWriter | null {
  if (t.kind === "struct") {
    const s = structFieldsOf(col);
    if (s === null || s.fields.length !== t.fields.length) return null;
    const fieldWriters: ColumnWriter[] = [];
    for (let f = 0; f < t.fields.length; f++) {
      const w = scalarWriter(t.fields[f]!.dataType, s.fields[f]!);
      if (w === null) return null;
      fieldWriters.push(withNulls(s.fieldValid[f] ?? null, w));
    }
    return withNulls(col.valid, (g, at) => {
      for (let f = 0; f < fieldWriters.length; f++) at = fieldWriters[f]!(g, at);
      return at;
    });
  }
  if (Array.isArray(col.values)) return null;
  const w = scalarWriter(t, col.values as PrimitiveArray);
  return w === null ? null : withNulls(col.valid, w);
}

/**
 * The state keys of a partial aggregate's groups read straight from its key columns, when every
 * column is held in typed arrays (a typed scalar column, or a columnar struct such as `window`):
 * exactly the keys {@link stateKeyFunction} gives for the same values, without reading a value,
 * making a BigInt or a row per group. Null when some column is not typed: use the value path.
 *
 * ```ts
 * const keyAt = typedStateKeyFunction(types, partial.keys);
 * const key = keyAt !== null ? keyAt(g) : keyOf(partial.keys.map((k) => getValue(k, g)));
 * ```
 */
export function typedStateKeyFunction(types: readonly DataType[], cols: readonly Vec[]): ((g: number) => StateKey) | null {
  if (types.length === 0 || types.length !== cols.length) return null;
  const width = types.reduce((a, t) => a + maxUnits(t), 0);
  if (!types.every(fixedWidth) || width > units.length) return null;
  const writers: ColumnWriter[] = [];
  for (let c = 0; c < types.length; c++) {
    const w = columnWriter(types[c]!, cols[c]!);
    if (w === null) return null;
    writers.push(w);
  }
  return (g) => {
    let at = 0;
    for (let c = 0; c < writers.length; c++) at = writers[c]!(g, at);
    return String.fromCharCode.apply(null, units.subarray(0, at) as unknown as number[]);
  };
}

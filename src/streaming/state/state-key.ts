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
import { groupKeyOf } from "../../physical/kernels/compare-values.js";
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
      throw new Error(`unreachable: ${t.kind} has no fixed-width key`);
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

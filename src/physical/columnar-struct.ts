/**
 * A struct column of fixed-width fields kept as one typed array per field (Arrow's StructArray
 * layout), such as the `window` key of a windowed aggregation's groups. Code that knows the layout
 * (the state merge's keys, the thread hand-off) reads the fields in place; every other reader sees
 * the ordinary `values` array of rows (`unknown[]` per row, null where the struct is null), made
 * on its first read and then cached, so no operator has to know about it. The same idea as
 * packed-binary.ts, for structs.
 *
 * Why: a partial aggregate's `window` column was built as one small array of two BigInts per
 * group, then taken apart into typed fields to cross to the main thread, then rebuilt there as
 * arrays, then read back field by field to make each group's state key; ~136 k groups per 2 M
 * course rows, on the serial path of `local[N]`.
 *
 * ```ts
 * const w = columnarStructVec(windowType, [starts, ends], [null, null], null);
 * structFieldsOf(w)?.fields[0]; // the BigInt64Array of starts, no row made
 * w.values[0];                  // [start, end] (the row array is built on first use)
 * ```
 */
import type { DataType } from "../types/data-types.js";
import { getValue, type PrimitiveArray, type Vec } from "./vector.js";

/** The columnar layout: field f of row i is `fields[f][i]`, null where `fieldValid[f]?.[i] === 0`. */
export interface StructFields {
  readonly fields: readonly PrimitiveArray[];
  /** Per field, null when the field has no nulls. */
  readonly fieldValid: readonly (Uint8Array | null)[];
}

/** Which columns are columnar structs, by identity (a spread or cloned copy is an ordinary column, as in packed-binary.ts). */
const fieldsOf = new WeakMap<Vec, StructFields>();

/** The physical value of field f at row i, as getValue reads it (a boolean field's 0/1 as a boolean). */
function fieldValue(s: StructFields, f: number, i: number): unknown {
  const valid = s.fieldValid[f];
  if (valid !== null && valid![i] === 0) return null;
  const a = s.fields[f]!;
  return a instanceof Uint8Array ? a[i] === 1 : a[i];
}

/** A struct column over typed field arrays, each as long as the column. */
export function columnarStructVec(type: DataType, fields: readonly PrimitiveArray[], fieldValid: readonly (Uint8Array | null)[], valid: Uint8Array | null): Vec {
  const length = fields.length === 0 ? 0 : fields[0]!.length;
  const layout: StructFields = { fields, fieldValid };
  let rows: (unknown[] | null)[] | null = null;
  const vec = { type, length, valid } as { type: DataType; length: number; valid: Uint8Array | null; values: (unknown[] | null)[] };
  // An own enumerable getter, so spreads and structured clones copy the rows rather than drop them.
  Object.defineProperty(vec, "values", {
    enumerable: true,
    get(): (unknown[] | null)[] {
      if (rows === null) {
        const out = new Array<unknown[] | null>(length);
        for (let i = 0; i < length; i++) out[i] = valid !== null && valid[i] === 0 ? null : structRowAt(layout, i);
        rows = out;
      }
      return rows;
    },
  });
  fieldsOf.set(vec, layout);
  return vec;
}

/** Row i's field values as a struct's physical value (one array), without making the other rows. */
export function structRowAt(s: StructFields, i: number): unknown[] {
  const nf = s.fields.length;
  const row = new Array<unknown>(nf);
  for (let f = 0; f < nf; f++) row[f] = fieldValue(s, f, i);
  return row;
}

/** The typed fields of a column built by {@link columnarStructVec}, or null for any other column. */
export function structFieldsOf(v: Vec): StructFields | null {
  return fieldsOf.get(v) ?? null;
}

/** {@link getValue}, reading a columnar struct's row from its fields instead of making every row. */
export function valueAt(v: Vec, i: number): unknown {
  const s = fieldsOf.get(v);
  if (s === undefined) return getValue(v, i);
  return v.valid !== null && v.valid[i] === 0 ? null : structRowAt(s, i);
}

import { describe, expect, it } from "vitest";
import { groupKeyOf } from "../../physical/kernels/compare-values.js";
import { BooleanType, ByteType, DateType, DoubleType, FloatType, IntegerType, LongType, StringType, StructType, TimestampType, type DataType } from "../../types/data-types.js";
import { stateKeyFunction, typedStateKeyFunction } from "./state-key.js";
import { columnarStructVec } from "../../physical/columnar-struct.js";
import { allocPrimitive, vectorFromValues, type Vec } from "../../physical/vector.js";

const WINDOW = StructType([
  { name: "start", dataType: TimestampType(), nullable: true },
  { name: "end", dataType: TimestampType(), nullable: true },
]);

/** Values of a type drawn from a small pool, so that equal values and Spark's special cases recur. */
function pool(t: DataType): unknown[] {
  switch (t.kind) {
    case "integer": case "date": return [null, 0, 1, -1, 65536, -65536, 2147483647, -2147483648, 65535];
    case "byte": return [null, 0, 1, -1, 127, -128];
    case "boolean": return [null, true, false];
    case "long": case "timestamp": return [null, 0n, 1n, -1n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 4294967296n, 1593563132000000n];
    case "double": case "float": return [null, 0, -0, 1.5, -1.5, NaN, -NaN, Infinity, -Infinity, 2 ** 53, 5e-324];
    case "string": return [null, "", "a", "\u0000null", "NaN"];
    case "struct": {
      const fields = t.fields.map((f) => pool(f.dataType));
      return [null, [null, null], ...fields[0]!.flatMap((a, i) => fields[1]!.filter((_b, j) => (i + j) % 3 === 0).map((b) => [a, b]))];
    }
    default: throw new Error(t.kind);
  }
}

/** 300 rows of values drawn from each column's pool by a seeded LCG (a failure names its seed). */
function randomRows(pools: readonly unknown[][], seed: number): unknown[][] {
  let state = seed;
  const pick = <T>(xs: readonly T[]): T => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return xs[state % xs.length]!;
  };
  return Array.from({ length: 300 }, () => pools.map(pick));
}

/** Spark's grouping equality, as the batch group-by's general path decides it. */
const reference = (types: readonly DataType[], vals: readonly unknown[]): string => types.map((t, c) => String(groupKeyOf(t, vals[c]))).join("\u0002");

describe("stateKeyFunction", () => {
  const cases: DataType[][] = [
    [IntegerType()], [ByteType()], [BooleanType()], [DateType()], [LongType()], [TimestampType()], [DoubleType()], [FloatType()],
    [WINDOW, IntegerType()], [WINDOW], [IntegerType(), LongType(), DoubleType()], [StringType(), IntegerType()], [StringType()],
  ];
  for (const types of cases) {
    it(`keys equal exactly when Spark groups together: ${types.map((t) => t.kind).join(", ")}`, () => {
      const keyOf = stateKeyFunction(types);
      const pools = types.map(pool);
      const rows = randomRows(pools, 7);
      for (const a of rows) {
        for (const b of rows.slice(0, 60)) {
          expect(keyOf(a) === keyOf(b), `${String(a)} vs ${String(b)}`).toBe(reference(types, a) === reference(types, b));
        }
      }
    });
  }

  it("keeps a null apart from a zero in any column (null and value must not run into each other)", () => {
    const keyOf = stateKeyFunction([IntegerType(), IntegerType()]);
    expect(keyOf([null, 0])).not.toBe(keyOf([0, null]));
    const w = stateKeyFunction([WINDOW]);
    expect(w([[null, 0n]])).not.toBe(w([[0n, null]]));
  });

  it("has no keys for no grouping columns (one global group)", () => {
    expect(stateKeyFunction([])([])).toBe("");
  });
});

/** A key column of `rows`' values as the typed form a partial holds: a typed array, or a columnar struct of typed fields. */
function typedColumn(t: DataType, values: readonly unknown[]): Vec {
  if (t.kind !== "struct") return vectorFromValues(t, values);
  const n = values.length;
  const fields = t.fields.map((f) => allocPrimitive(f.dataType, n));
  const fieldValid = t.fields.map(() => new Uint8Array(n));
  const valid = new Uint8Array(n);
  values.forEach((row, i) => {
    if (row === null) return;
    valid[i] = 1;
    (row as unknown[]).forEach((x, f) => {
      if (x === null) return;
      (fields[f] as unknown as unknown[])[i] = x;
      fieldValid[f]![i] = 1;
    });
  });
  return columnarStructVec(t, fields, fieldValid, values.includes(null) ? valid : null);
}

describe("typedStateKeyFunction", () => {
  const cases: DataType[][] = [
    [IntegerType()], [ByteType()], [BooleanType()], [DateType()], [LongType()], [TimestampType()], [DoubleType()], [FloatType()],
    [WINDOW, IntegerType()], [WINDOW], [IntegerType(), LongType(), DoubleType()],
  ];
  for (const types of cases) {
    it(`gives the value path's key for every row read in place: ${types.map((t) => t.kind).join(", ")}`, () => {
      const keyOf = stateKeyFunction(types);
      const pools = types.map(pool);
      // Floats go through a Float32Array: the value path must see the same rounded values.
      const rows = randomRows(pools, 11).map((r) => r.map((v, c) => (types[c]!.kind === "float" && typeof v === "number" ? Math.fround(v) : v)));
      const cols = types.map((t, c) => typedColumn(t, rows.map((r) => r[c])));
      const keyAt = typedStateKeyFunction(types, cols);
      expect(keyAt).not.toBeNull();
      rows.forEach((r, g) => expect(keyAt!(g), `row ${g}: ${String(r)}`).toBe(keyOf(r)));
    });
  }

  it("leaves columns that are not typed to the value path", () => {
    expect(typedStateKeyFunction([StringType()], [vectorFromValues(StringType(), ["a"])])).toBeNull();
    // A struct of row arrays (not columnar) has no fields to read in place.
    expect(typedStateKeyFunction([WINDOW], [vectorFromValues(WINDOW, [[1n, 2n]])])).toBeNull();
    expect(typedStateKeyFunction([], [])).toBeNull();
  });
});

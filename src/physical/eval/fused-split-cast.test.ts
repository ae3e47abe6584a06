import { describe, expect, it } from "vitest";
import type { Expr } from "../../expr/expression.js";
import { BinaryType, BooleanType, ByteType, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, ShortType, StringType, StructType, TimestampType, type DataType } from "../../types/data-types.js";
import { defaultExecContext, type ExecContext } from "../exec-context.js";
import { packedBinaryVec } from "../packed-binary.js";
import { vectorFromValues, vectorToValues, type Batch, type Vec } from "../vector.js";
import { evaluate } from "./evaluate.js";
import { findSplitGroups } from "./fused-split-cast.js";
import { evaluateProjection } from "./project.js";

const value: Expr = { kind: "attr", exprId: 1, name: "value", dataType: BinaryType(), nullable: true };
const lit = (v: unknown, t: DataType): Expr => ({ kind: "lit", value: v, dataType: t });
const split = (sep: string): Expr => ({ kind: "fn", name: "split", args: [{ kind: "cast", child: value, to: StringType() }, lit(sep, StringType()), lit(-1, IntegerType())] });
const field = (i: number, to: DataType | null, sep = ", "): Expr => {
  const item: Expr = { kind: "getItem", child: split(sep), key: lit(i, IntegerType()) };
  return { kind: "alias", name: `f${i}`, child: to === null ? item : { kind: "cast", child: item, to } };
};

const enc = new TextEncoder();
function batchOf(rows: readonly (Uint8Array | string | null)[]): Batch {
  const vec = vectorFromValues(BinaryType(), rows.map((r) => (typeof r === "string" ? enc.encode(r) : r)));
  return { schema: StructType([{ name: "value", dataType: BinaryType(), nullable: true }]), numRows: rows.length, columns: [vec] };
}
/**
 * The same rows packed into one buffer (packed-binary.ts), as the Kafka source lays them out, with
 * bytes that look like a separator and a field (", 9,") between values: a kernel that reads past a
 * row's range, or treats ranges as starting at 0, parses them into the result.
 */
function packedBatchOf(rows: readonly (Uint8Array | string | null)[]): Batch {
  const junk = enc.encode(", 9,");
  const bytes = rows.map((r) => (typeof r === "string" ? enc.encode(r) : r));
  const data = new Uint8Array(bytes.reduce((a, b) => a + junk.length + (b?.length ?? 0), junk.length));
  const starts = new Int32Array(rows.length);
  const ends = new Int32Array(rows.length);
  const valid = new Uint8Array(rows.length);
  let at = 0;
  bytes.forEach((b, i) => {
    data.set(junk, at);
    at += junk.length;
    starts[i] = at;
    if (b !== null) {
      data.set(b, at);
      at += b.length;
      valid[i] = 1;
    }
    ends[i] = at;
  });
  data.set(junk, at);
  const vec = packedBinaryVec(BinaryType(), data, starts, ends, valid.includes(0) ? valid : null);
  return { schema: StructType([{ name: "value", dataType: BinaryType(), nullable: true }]), numRows: rows.length, columns: [vec] };
}
const ords = new Map([[1, 0]]);

/** The projection both ways: the fused kernel through evaluateProjection, the plain evaluator per expression. */
function both(exprs: Expr[], b: Batch, ctx: ExecContext, packed?: Batch): { fused: unknown; plain: unknown; fusedPacked: unknown } {
  const run = (f: () => Vec[]): unknown => {
    try {
      return f().map((v) => ({ type: v.type.kind, values: vectorToValues(v) }));
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  return {
    fused: run(() => evaluateProjection(exprs, b, ords, ctx)),
    plain: run(() => exprs.map((e) => evaluate(e, b, ords, ctx))),
    fusedPacked: packed === undefined ? undefined : run(() => evaluateProjection(exprs, packed, ords, ctx)),
  };
}

const TYPES: (DataType | null)[] = [IntegerType(), LongType(), ShortType(), ByteType(), FloatType(), DoubleType(), TimestampType(), DateType(), BooleanType(), DecimalType(10, 2), StringType(), null];

/** Field texts that are plain, borderline and wrong for some type. */
const FIELDS = [
  "1", "-42", "+7", "007", "-0", "2147483647", "2147483648", "-2147483649", "123456789012345", "1234567890123456", "9223372036854775808",
  "1.50", "-0.5", ".5", "5.", ".", "1e3", "1.5E-2", "NaN", "Infinity", "-Infinity", "0.1", "3.4028235e38", "1.0000000000000002",
  "2020-07-01 00:25:32", "2020-07-01T00:25:32", "2020-07-01 00:25:32.123456", "2020-07-01 00:25:32.1", "2020-02-30 00:00:00", "2020-07-01", "2020-07-01 24:00:00",
  "2021-03-14 02:30:00", "2021-11-07 01:30:00", " 12 ", "12 ", "\t3", "", "true", "no", "T", "abc", "ü", "1,5", "NULL",
];

function randomRows(seed: number, count: number): (Uint8Array | string | null)[] {
  let x = seed;
  const next = (m: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % m;
  };
  const rows: (Uint8Array | string | null)[] = [];
  for (let r = 0; r < count; r++) {
    const kind = next(20);
    if (kind === 0) { rows.push(null); continue; }
    if (kind === 1) { rows.push(new Uint8Array([0x31, 0xe2, 0x82, 0x2c, 0x20, 0xff, 0x32])); continue; } // invalid UTF-8 around the separator
    const nFields = 1 + next(9);
    const parts = Array.from({ length: nFields }, () => FIELDS[next(FIELDS.length)]!);
    rows.push(parts.join(next(10) === 0 ? ",  " : ", "));
  }
  return rows;
}

describe("fused split-cast projection", () => {
  it("recognises the course's projection and nothing it cannot fuse", () => {
    const exprs = [field(0, IntegerType()), field(1, TimestampType()), field(4, null), field(2, null, "|"), field(3, IntegerType(), ";")];
    const groups = findSplitGroups(exprs);
    expect(groups.map((g) => g.fields.map((f) => f.exprIndex))).toEqual([[0, 1, 2], [4]]); // "|" is a regex metacharacter
    const tryCast: Expr = { kind: "cast", child: { kind: "getItem", child: split(", "), key: lit(0, IntegerType()) }, to: IntegerType(), try: true };
    expect(findSplitGroups([tryCast])).toEqual([]);
  });

  for (const ansi of [true, false]) {
    for (const timeZone of ["UTC", "America/New_York"]) {
      it(`gives exactly what the unfused expressions give, per type (ansi ${ansi}, ${timeZone})`, () => {
        const ctx = defaultExecContext({ ansi, timeZone });
        for (const [seed, t] of TYPES.entries()) {
          // One column per field position, each alone (so every type's own errors show), then all together.
          for (let i = 0; i < 4; i++) {
            const rows = randomRows(seed * 31 + i + 1, 400);
            const { fused, plain, fusedPacked } = both([field(i, t)], batchOf(rows), ctx, packedBatchOf(rows));
            expect(fused, `type ${t?.kind ?? "string"} field ${i}`).toEqual(plain);
            expect(fusedPacked, `type ${t?.kind ?? "string"} field ${i}, packed input`).toEqual(plain);
          }
          const rows = randomRows(seed + 1000, 400);
          const exprs = [0, 1, 2, 3, 5, 8, -1].map((i) => field(i, t));
          const { fused, plain, fusedPacked } = both(exprs, batchOf(rows), ctx, packedBatchOf(rows));
          expect(fused, `type ${t?.kind ?? "string"} all fields`).toEqual(plain);
          expect(fusedPacked, `type ${t?.kind ?? "string"} all fields, packed input`).toEqual(plain);
        }
      });
    }
  }

  it("parses clean course values straight into typed arrays (no error, no null)", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `${(i % 2) + 1}, 2020-07-01 00:${String(i % 60).padStart(2, "0")}:32, 2020-07-01 01:00:00, ${i % 5}, ${(i / 7).toFixed(2)}, 2, ${(i * 1.1).toFixed(1)}`);
    const exprs = [field(0, IntegerType()), field(1, TimestampType()), field(3, IntegerType()), field(4, FloatType()), field(6, FloatType())];
    const ctx = defaultExecContext({ timeZone: "UTC" });
    const cols = evaluateProjection(exprs, batchOf(rows), ords, ctx);
    expect(cols.map((c) => c.values.constructor.name)).toEqual(["Int32Array", "BigInt64Array", "Int32Array", "Float32Array", "Float32Array"]);
    expect(cols.every((c) => c.valid === null)).toBe(true);
    const { fused, plain } = both(exprs, batchOf(rows), ctx);
    expect(fused).toEqual(plain);
  });
});

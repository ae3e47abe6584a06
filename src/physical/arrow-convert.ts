/**
 * Kindling batches <-> Apache Arrow. Fixed-width columns share their typed-array buffers with
 * Arrow (only the validity mask is repacked into Arrow's bitmap); strings and nested values go
 * through Arrow's builders.
 *
 * ```ts
 * const table = batchToArrowTable(batch, "UTC");
 * const back = arrowTableToBatch(table);
 * ```
 */
import * as arrow from "apache-arrow";
import { fromArrowSchema, toArrowType } from "../types/arrow-types.js";
import type { DataType, StructType } from "../types/data-types.js";
import { splitMicros } from "../types/datetime.js";
import { isPrimitiveType, vectorFromValues, type Batch, type Vec } from "./vector.js";

function packBitmap(valid: Uint8Array): Uint8Array {
  const out = new Uint8Array((valid.length + 7) >> 3);
  for (let i = 0; i < valid.length; i++) if (valid[i] === 1) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/** Arrow JS value for a physical value (for builders). */
function toArrowValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case "boolean": return v === true || v === 1;
    case "timestamp": return Number(v as bigint) / 1000;
    case "date": return (v as number) * 86400000;
    case "struct": return Object.fromEntries(t.fields.map((f, i) => [f.name, toArrowValue((v as unknown[])[i], f.dataType)]));
    case "array": return (v as unknown[]).map((x) => toArrowValue(x, t.elementType));
    case "map": return new Map((v as [unknown, unknown][]).map(([k, x]) => [toArrowValue(k, t.keyType), toArrowValue(x, t.valueType)]));
    case "decimal": {
      // Decimal128 little-endian two's complement words.
      let u = BigInt.asUintN(128, v as bigint);
      const words = new Uint32Array(4);
      for (let i = 0; i < 4; i++) { words[i] = Number(u & 0xffffffffn); u >>= 32n; }
      return words;
    }
    default: return v;
  }
}

/** One column as an Arrow vector. */
export function vecToArrow(v: Vec, timeZone: string): arrow.Vector {
  const type = toArrowType(v.type, timeZone);
  if (isPrimitiveType(v.type)) {
    const nullBitmap = v.valid === null ? undefined : packBitmap(v.valid);
    const nullCount = v.valid === null ? 0 : v.valid.reduce((a, b) => a + (b === 0 ? 1 : 0), 0);
    if (v.type.kind === "boolean") {
      const data = packBitmap(v.values as Uint8Array);
      return arrow.makeVector(arrow.makeData({ type: type as arrow.Bool, length: v.length, nullCount, data, ...(nullBitmap === undefined ? {} : { nullBitmap }) }));
    }
    return arrow.makeVector(arrow.makeData({ type: type as arrow.Int32, length: v.length, nullCount, data: v.values as Int32Array, ...(nullBitmap === undefined ? {} : { nullBitmap }) }));
  }
  const values = (v.values as unknown[]).map((x, i) => (v.valid !== null && v.valid[i] === 0 ? null : toArrowValue(x, v.type)));
  return arrow.vectorFromArray(values, type);
}

/** A batch as an Arrow table. */
export function batchToArrowTable(b: Batch, timeZone = "UTC"): arrow.Table {
  const cols: Record<string, arrow.Vector> = {};
  const fields: arrow.Field[] = [];
  const vectors: arrow.Vector[] = [];
  b.schema.fields.forEach((f, i) => {
    const vec = vecToArrow(b.columns[i]!, timeZone);
    vectors.push(vec);
    fields.push(new arrow.Field(f.name, vec.type, f.nullable));
    cols[f.name] = vec;
  });
  const schema = new arrow.Schema(fields);
  const data = arrow.makeData({ type: new arrow.Struct(fields), length: b.numRows, nullCount: 0, children: vectors.map((v) => v.data[0]!) });
  return new arrow.Table(schema, new arrow.RecordBatch(schema, data));
}

/** Physical value of an Arrow JS value of Spark type `t`. */
function fromArrowValue(v: unknown, t: DataType, arrowType: arrow.DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case "long": return typeof v === "bigint" ? v : BigInt(v as number);
    case "timestamp": {
      const unit = (arrowType as arrow.Timestamp).unit;
      const raw = typeof v === "bigint" ? v : BigInt(Math.round(v as number));
      // Arrow JS returns milliseconds (number) for timestamps of any unit when read through get().
      if (typeof v === "number") return BigInt(Math.round((v as number) * 1000));
      return unit === arrow.TimeUnit.SECOND ? raw * 1_000_000n : unit === arrow.TimeUnit.MILLISECOND ? raw * 1000n : unit === arrow.TimeUnit.NANOSECOND ? raw / 1000n : raw;
    }
    case "date": return typeof v === "number" ? Math.floor(v / 86400000) : Math.floor((v as Date).getTime() / 86400000);
    case "decimal": {
      const words = v as Uint32Array;
      let u = 0n;
      for (let i = words.length - 1; i >= 0; i--) u = (u << 32n) | BigInt(words[i]!);
      return BigInt.asIntN(words.length * 32, u);
    }
    case "struct": {
      const row = v as Record<string, unknown>;
      const st = arrowType as arrow.Struct;
      return t.fields.map((f, i) => fromArrowValue(row[f.name], f.dataType, st.children[i]!.type));
    }
    case "array": return Array.from(v as Iterable<unknown>, (x) => fromArrowValue(x, t.elementType, (arrowType as arrow.List).children[0]!.type));
    case "map": {
      const entries = (arrowType as arrow.Map_).children[0]!.type as arrow.Struct;
      return Array.from((v as arrow.MapRow).entries(), ([k, x]) => [fromArrowValue(k, t.keyType, entries.children[0]!.type), fromArrowValue(x, t.valueType, entries.children[1]!.type)]);
    }
    case "boolean": return v === true;
    case "byte": case "short": case "integer": case "float": case "double": return typeof v === "bigint" ? Number(v) : v;
    default: return v;
  }
}

/** An Arrow table as one Kindling batch (and its Spark schema). */
export function arrowTableToBatch(table: arrow.Table): Batch {
  const schema: StructType = fromArrowSchema(table.schema);
  const columns = schema.fields.map((f, i) => {
    const col = table.getChildAt(i)!;
    const af = table.schema.fields[i]!;
    // Fast path: a single chunk of a fixed-width type maps straight onto our layout.
    if (isPrimitiveType(f.dataType) && col.data.length === 1 && f.dataType.kind !== "boolean" && f.dataType.kind !== "timestamp" && f.dataType.kind !== "date" &&
      !(arrow.DataType.isInt(af.type) && !af.type.isSigned) && !(arrow.DataType.isFloat(af.type) && af.type.precision === arrow.Precision.HALF)) {
      const d = col.data[0]!;
      const valid = d.nullCount === 0 ? null : Uint8Array.from({ length: d.length }, (_, k) => (d.getValid(k) ? 1 : 0));
      return { type: f.dataType, length: d.length, values: (d.values as Int32Array).slice(0, d.length), valid } as Vec;
    }
    const vals = new Array<unknown>(col.length);
    for (let k = 0; k < col.length; k++) vals[k] = fromArrowValue(col.get(k), f.dataType, af.type);
    return vectorFromValues(f.dataType, vals);
  });
  void splitMicros;
  return { schema, numRows: table.numRows, columns };
}

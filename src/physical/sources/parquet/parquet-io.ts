/**
 * Parquet through `parquet-wasm` (the Rust arrow-rs Parquet reader/writer compiled to
 * WebAssembly; it loads on Node 20 with no native build) and Apache Arrow: a file is decoded to
 * an Arrow table, then to Kindling columns; a batch is encoded to Arrow, then to Parquet with
 * Snappy compression as Spark's default. Spark's INT96 timestamps read as microseconds.
 *
 * ```ts
 * const { schema, batch } = readParquetFile("/out/part-00000.snappy.parquet");
 * writeFileSync(path, encodeParquet(batch, "UTC"));
 * ```
 */
import { readFileSync } from "node:fs";
import * as arrow from "apache-arrow";
import * as pq from "parquet-wasm/node";
import { ExecutionError } from "../../../common/errors.js";
import { fromArrowSchema } from "../../../types/arrow-types.js";
import { StructField, StructType, sameTypeIgnoringNullability, simpleString } from "../../../types/data-types.js";
import { arrowTableToBatch, batchToArrowTable } from "../../arrow-convert.js";
import { nullVector, type Batch, type Vec } from "../../vector.js";

function decode(file: string): arrow.Table {
  try {
    const t = pq.readParquet(readFileSync(file));
    return arrow.tableFromIPC(t.intoIPCStream());
  } catch (e) {
    throw new ExecutionError(`Could not read the Parquet file ${file}: ${e instanceof Error ? e.message : String(e)}.`, {
      cause: e, context: { file }, hint: "Check that the file is Parquet (not CSV/JSON under a .parquet name) and not truncated.",
    });
  }
}

/** Arrow timestamps of any unit as microseconds (the generic path would round through milliseconds). */
function timestampColumn(col: arrow.Vector): Vec {
  const t = col.type as arrow.Timestamp;
  const n = col.length;
  const out = new BigInt64Array(n);
  let valid: Uint8Array | null = null;
  let row = 0;
  for (const d of col.data) {
    const vals = d.values as unknown as BigInt64Array | Int32Array;
    const big = vals instanceof BigInt64Array ? vals : new BigInt64Array(vals.buffer, vals.byteOffset, vals.length / 2);
    for (let i = 0; i < d.length; i++, row++) {
      if (d.nullCount > 0 && !d.getValid(i)) { valid ??= new Uint8Array(n).fill(1); valid[row] = 0; continue; }
      const x = big[i]!;
      out[row] = t.unit === arrow.TimeUnit.NANOSECOND ? (x >= 0n ? x / 1000n : -((-x + 999n) / 1000n)) : t.unit === arrow.TimeUnit.MILLISECOND ? x * 1000n : t.unit === arrow.TimeUnit.SECOND ? x * 1_000_000n : x;
    }
  }
  return { type: { kind: "timestamp" }, length: n, values: out, valid };
}

/** The Spark schema of a Parquet file (every field nullable, as Spark reads file sources). */
export function parquetSchema(file: string): StructType {
  const ipc = pq.readSchema(readFileSync(file)).intoIPCStream();
  const s = fromArrowSchema(arrow.tableFromIPC(ipc).schema);
  return StructType(s.fields.map((f) => StructField(f.name, f.dataType, true)));
}

/** Reads a Parquet file into one batch laid out as `schema` (columns matched by name). */
export function readParquetFile(file: string, schema: StructType): Batch {
  const table = decode(file);
  const whole = arrowTableToBatch(table);
  const columns = schema.fields.map((f) => {
    const i = table.schema.fields.findIndex((af) => af.name === f.name);
    if (i < 0) return nullVector(f.dataType, table.numRows);
    const got = whole.schema.fields[i]!.dataType;
    if (!sameTypeIgnoringNullability(got, f.dataType)) {
      throw new ExecutionError(`The Parquet column ${f.name} in ${file} is ${simpleString(got)}, but the schema says ${simpleString(f.dataType)}.`, {
        context: { file, column: f.name }, hint: `Read it as ${simpleString(got)} (leave out .schema(...)) and cast it afterwards.`,
      });
    }
    return f.dataType.kind === "timestamp" ? timestampColumn(table.getChildAt(i)!) : whole.columns[i]!;
  });
  return { schema, numRows: table.numRows, columns };
}

/** A batch as Parquet bytes (Snappy). Timestamps are stored as UTC microseconds. */
export function encodeParquet(batch: Batch, timeZone: string): Uint8Array {
  const table = batchToArrowTable(batch, timeZone);
  const wt = pq.Table.fromIPCStream(arrow.tableToIPC(table, "stream"));
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.SNAPPY).build();
  return pq.writeParquet(wt, props);
}

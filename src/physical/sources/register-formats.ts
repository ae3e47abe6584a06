/**
 * Registers Kindling's file formats (csv, json, parquet) with the file-source hook the executor
 * calls for a `fileScan`: each file is read with its format's reader into the data columns, and
 * the partition columns (the schema's trailing fields named in the `kindling.partitioncolumns`
 * option) are filled from the file's `name=value` folders. Import this module for its effect.
 *
 * ```ts
 * import "./physical/sources/register-formats.js";
 * ```
 */
import type { SourceOptions } from "../../logical/plan.js";
import { StructType, type DataType } from "../../types/data-types.js";
import { castValue } from "../eval/cast.js";
import type { ExecContext } from "../exec-context.js";
import { constantVector, emptyBatch, type Batch } from "../vector.js";
import { csvOptions } from "./csv/csv-options.js";
import { readCsvFile } from "./csv/csv-reader.js";
import { registerFileFormat } from "./file-source.js";
import { DEFAULT_PARTITION_NAME, partitionPairs } from "./input-files.js";
import { jsonOptions } from "./json/json-options.js";
import { readJsonFile } from "./json/json-reader.js";
import { readParquetFile } from "./parquet/parquet-io.js";
import { ZoneCache } from "./zone-cache.js";

/** The option naming the partition columns of a scan (set by DataFrameReader). */
export const PARTITION_COLUMNS_OPTION = "kindling.partitioncolumns";

type FileReader = (file: string, dataSchema: StructType, options: SourceOptions, ctx: ExecContext) => Batch[];

/** The physical value of a partition folder's text as `t` (null for the default partition). */
export function partitionValue(raw: string | undefined, t: DataType, timeZone: string): unknown {
  if (raw === undefined || raw === DEFAULT_PARTITION_NAME) return null;
  return castValue(raw, { kind: "string" }, t, { ansi: false, timeZone, nowMicros: 0n }, false);
}

function withPartitions(read: FileReader) {
  return (paths: readonly string[], schema: StructType, options: SourceOptions, ctx: ExecContext): Batch[] => {
    const names: string[] = options[PARTITION_COLUMNS_OPTION] === undefined ? [] : (JSON.parse(options[PARTITION_COLUMNS_OPTION]) as string[]);
    const nData = schema.fields.length - names.length;
    const dataSchema = StructType(schema.fields.slice(0, nData));
    const out: Batch[] = [];
    for (const file of paths) {
      const pairs = new Map(partitionPairs(file, null));
      for (const b of read(file, dataSchema, options, ctx)) {
        if (names.length === 0) { out.push(b); continue; }
        const parts = schema.fields.slice(nData).map((f) => constantVector(f.dataType, partitionValue(pairs.get(f.name), f.dataType, ctx.timeZone), b.numRows));
        out.push({ schema, numRows: b.numRows, columns: [...b.columns, ...parts] });
      }
    }
    return out.length === 0 ? [emptyBatch(schema)] : out;
  };
}

registerFileFormat("csv", withPartitions((file, s, o, ctx) => readCsvFile(file, s, csvOptions(o), new ZoneCache(ctx.timeZone))));
registerFileFormat("json", withPartitions((file, s, o, ctx) => readJsonFile(file, s, jsonOptions(o), ctx.timeZone)));
registerFileFormat("parquet", withPartitions((file, s) => [readParquetFile(file, s)]));

import { concatBatches } from "../kernels/take.js";
import type { Batch } from "../vector.js";
import type { StructType } from "../../types/data-types.js";
import { csvOptions } from "./csv/csv-options.js";
import { encodeCsv } from "./csv/csv-writer.js";
import { jsonOptions } from "./json/json-options.js";
import { encodeJson } from "./json/json-writer.js";
import { encodeParquet } from "./parquet/parquet-io.js";

/** Turns batches into the bytes or text of one part file. */
export type FileEncoder = (batches: readonly Batch[], schema: StructType) => string | Uint8Array;

/**
 * The part-file encoder and extension of a file format (csv, json, parquet), with the writer's
 * options (lower-cased keys) — shared by `df.write` and the streaming file sink.
 */
export function fileEncoder(format: string, opts: Readonly<Record<string, string>>, timeZone: string): { encode: FileEncoder; extension: string } {
  if (format === "csv") {
    const o = csvOptions(opts);
    return { encode: (bs, s) => encodeCsv(bs, s, o, timeZone, opts["timestampformat"], opts["dateformat"]), extension: "csv" };
  }
  if (format === "json") {
    const o = jsonOptions(opts);
    return { encode: (bs, s) => encodeJson(bs, s, o, timeZone), extension: "json" };
  }
  return { encode: (bs, s) => encodeParquet(concatBatches([...bs], s), timeZone), extension: "snappy.parquet" };
}

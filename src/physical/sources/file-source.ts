/**
 * File sources for batch scans: reads each path with the format's parser into batches.
 */
import { NotImplementedError } from "../../common/errors.js";
import type { SourceOptions } from "../../logical/plan.js";
import type { StructType } from "../../types/data-types.js";
import type { ExecContext } from "../exec-context.js";
import type { Batch } from "../vector.js";

type Reader = (paths: readonly string[], schema: StructType, options: SourceOptions, ctx: ExecContext) => Batch[];
const readers = new Map<string, Reader>();

/** Registers the reader of a format (csv, json). */
export function registerFileFormat(format: string, reader: Reader): void { readers.set(format, reader); }

/** Reads a file source. */
export function readFileSource(format: string, paths: readonly string[], schema: StructType, options: SourceOptions, ctx: ExecContext): Batch[] {
  const r = readers.get(format);
  if (r === undefined) throw new NotImplementedError(`The ${format} file format is not available.`, { hint: "Use csv or json." });
  return r(paths, schema, options, ctx);
}

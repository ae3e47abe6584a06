/**
 * Writes a query result as a Spark-style output directory: `part-00000-<uuid>-c000.<ext>` files
 * and an empty `_SUCCESS` marker; with partition columns, one `col=value/` folder per distinct
 * value (escaped as Spark's `escapePathName`, null or "" as `__HIVE_DEFAULT_PARTITION__`), the
 * columns left out of the files, and files named `part-00000-<uuid>.c000.<ext>` as Spark names
 * them. Save modes: error (default), append, overwrite, ignore.
 *
 * ```ts
 * writeOutput("/out/rides", batches, schema, { format: "csv", mode: "overwrite", partitionBy: ["VendorID"], encode });
 * ```
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { AnalysisError } from "../../common/errors.js";
import { StructType } from "../../types/data-types.js";
import { toStringValue } from "../eval/cast.js";
import { groupIds } from "../kernels/group-ids.js";
import { concatBatches, takeBatch } from "../kernels/take.js";
import { getValue, type Batch } from "../vector.js";
import { DEFAULT_PARTITION_NAME } from "./input-files.js";

export type SaveMode = "error" | "append" | "overwrite" | "ignore";

export interface OutputSpec {
  /** File extension of part files, e.g. "csv", "json", "snappy.parquet". */
  readonly extension: string;
  readonly mode: SaveMode;
  readonly partitionBy: readonly string[];
  readonly timeZone: string;
  /** The bytes or text of one part file holding `batches` (data columns only). */
  readonly encode: (batches: readonly Batch[], schema: StructType) => string | Uint8Array;
}

/** Parses a save mode name (Spark's spellings). */
export function saveMode(mode: string): SaveMode {
  const m = mode.toLowerCase();
  if (m === "error" || m === "errorifexists" || m === "default") return "error";
  if (m === "append" || m === "overwrite" || m === "ignore") return m;
  throw new AnalysisError(`Unknown save mode: ${mode}. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.`, {
    hint: 'Use .mode("overwrite"), "append", "ignore" or "error".',
  });
}

const ESCAPE = new Set(['"', "#", "%", "'", "*", "/", ":", "=", "?", "\\", "\u007f", "{", "[", "]", "^"]);

/** Spark's `ExternalCatalogUtils.escapePathName`. */
export function escapePathName(s: string): string {
  let out = "";
  for (const c of s) {
    const code = c.charCodeAt(0);
    out += (code >= 1 && code <= 0x1f) || ESCAPE.has(c) ? `%${code.toString(16).toUpperCase().padStart(2, "0")}` : c;
  }
  return out;
}

/** Writes the batches; returns the files written (none when mode "ignore" found the path). */
export function writeOutput(path: string, batches: readonly Batch[], schema: StructType, spec: OutputSpec): string[] {
  const dir = resolve(path);
  if (existsSync(dir)) {
    if (spec.mode === "error") {
      throw new AnalysisError(`[PATH_ALREADY_EXISTS] Path file:${dir} already exists. Set mode as "overwrite" to overwrite the existing path. SQLSTATE: 42K04`, {
        context: { path: dir }, hint: 'Use .mode("overwrite") to replace it, .mode("append") to add files, or another path.',
      });
    }
    if (spec.mode === "ignore") return [];
    if (spec.mode === "overwrite") rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  const uuid = randomUUID();
  const written: string[] = [];
  const partIdx = spec.partitionBy.map((name) => {
    const i = schema.fields.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
    if (i < 0) {
      throw new AnalysisError(`[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column with name \`${name}\` cannot be resolved for partitionBy. Did you mean one of [${schema.fields.map((f) => `\`${f.name}\``).join(", ")}]?`, {
        context: { column: name }, hint: "partitionBy takes column names of the DataFrame being written.",
      });
    }
    return i;
  });
  if (partIdx.length === schema.fields.length && partIdx.length > 0) {
    throw new AnalysisError("Cannot use all columns for partition columns.", { hint: "Leave at least one column out of partitionBy()." });
  }
  const dataIdx = schema.fields.map((_, i) => i).filter((i) => !partIdx.includes(i));
  const dataSchema = StructType(dataIdx.map((i) => schema.fields[i]!));
  const project = (b: Batch): Batch => ({ schema: dataSchema, numRows: b.numRows, columns: dataIdx.map((i) => b.columns[i]!) });
  if (partIdx.length === 0) {
    const file = join(dir, `part-00000-${uuid}-c000.${spec.extension}`);
    writeFileSync(file, spec.encode(batches.map(project), dataSchema));
    written.push(file);
  } else {
    const all = concatBatches([...batches], schema);
    const g = groupIds(partIdx.map((i) => all.columns[i]!), all.numRows);
    const rowsOf: number[][] = Array.from({ length: g.numGroups }, () => []);
    for (let r = 0; r < all.numRows; r++) rowsOf[g.ids[r]!]!.push(r);
    rowsOf.forEach((rows) => {
      const first = rows[0]!;
      const sub = partIdx.map((i) => {
        const f = schema.fields[i]!;
        const v = getValue(all.columns[i]!, first);
        const text = v === null ? "" : toStringValue(v, f.dataType, { timeZone: spec.timeZone }, "null");
        return `${escapePathName(f.name)}=${text === "" ? DEFAULT_PARTITION_NAME : escapePathName(text)}`;
      });
      const pdir = join(dir, ...sub);
      mkdirSync(pdir, { recursive: true });
      const file = join(pdir, `part-00000-${uuid}.c000.${spec.extension}`);
      writeFileSync(file, spec.encode([project(takeBatch(all, Int32Array.from(rows)))], dataSchema));
      written.push(file);
    });
  }
  writeFileSync(join(dir, "_SUCCESS"), "");
  return written;
}

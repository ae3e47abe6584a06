/**
 * How a reader treats a malformed record (Spark's `mode` option, `ParseMode`):
 * PERMISSIVE keeps the row (bad fields null, the raw record in `columnNameOfCorruptRecord` when
 * the schema has that column), DROPMALFORMED drops it, FAILFAST stops the query.
 *
 * ```ts
 * parseMode({ mode: "dropmalformed" }); // "DROPMALFORMED"
 * ```
 */
import { AnalysisError, ExecutionError } from "../../common/errors.js";
import type { SourceOptions } from "../../logical/plan.js";

export type ParseMode = "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST";

/** The `mode` option (case-insensitive; default PERMISSIVE). */
export function parseMode(options: SourceOptions): ParseMode {
  const m = (options["mode"] ?? "PERMISSIVE").toUpperCase();
  if (m === "PERMISSIVE" || m === "DROPMALFORMED" || m === "FAILFAST") return m;
  throw new AnalysisError(`Unknown parse mode "${options["mode"]}".`, { hint: 'Use mode "PERMISSIVE", "DROPMALFORMED" or "FAILFAST".' });
}

/** A boolean option ("true"/"false", any case). */
export function boolOption(options: SourceOptions, key: string, dflt: boolean): boolean {
  const v = options[key];
  if (v === undefined) return dflt;
  const l = v.trim().toLowerCase();
  if (l === "true") return true;
  if (l === "false") return false;
  throw new AnalysisError(`The option ${key} must be true or false, got "${v}".`, { context: { option: key, value: v }, hint: `Pass .option("${key}", true) or false.` });
}

/**
 * Spark's FAILFAST error (`MALFORMED_RECORD_IN_PARSING`), naming the file, the line, the record
 * and the value that did not parse.
 */
export function malformedRecordError(file: string, line: number, record: string, detail: string): ExecutionError {
  return new ExecutionError(
    `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: ${record}.\n` +
      `Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. SQLSTATE: 22023\n` +
      `  at ${file}:${line}: ${detail}`,
    { context: { file, line, record: record.length > 500 ? `${record.slice(0, 500)}...` : record }, hint: "Fix the record, or read with .option(\"mode\", \"PERMISSIVE\") (bad fields become null) or \"DROPMALFORMED\"." },
  );
}

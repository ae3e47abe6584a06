/**
 * Spark's JSON options (`JSONOptions`) that Kindling reads:
 * https://spark.apache.org/docs/latest/sql-data-sources-json.html
 *
 * ```ts
 * jsonOptions({ mode: "FAILFAST" }).mode; // "FAILFAST"
 * ```
 */
import { NotImplementedError } from "../../../common/errors.js";
import type { SourceOptions } from "../../../logical/plan.js";
import { boolOption, parseMode, type ParseMode } from "../parse-mode.js";

export interface JsonOptions {
  readonly mode: ParseMode;
  readonly columnNameOfCorruptRecord: string;
  readonly timestampFormat: string | null;
  readonly dateFormat: string | null;
  /** Writer: drop null fields from objects (default true). */
  readonly ignoreNullFields: boolean;
}

/** Parses the JSON options of a read or write. */
export function jsonOptions(options: SourceOptions): JsonOptions {
  if (boolOption(options, "multiline", false)) {
    throw new NotImplementedError("The JSON option multiLine is not supported by Kindling yet.", { hint: "Write one JSON object per line (JSON Lines)." });
  }
  return {
    mode: parseMode(options),
    columnNameOfCorruptRecord: options["columnnameofcorruptrecord"] ?? "_corrupt_record",
    timestampFormat: options["timestampformat"] ?? null,
    dateFormat: options["dateformat"] ?? null,
    ignoreNullFields: boolOption(options, "ignorenullfields", true),
  };
}

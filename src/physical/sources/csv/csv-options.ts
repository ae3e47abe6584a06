/**
 * Spark's CSV options (`CSVOptions`), parsed once from the lower-cased option map, with Spark's
 * defaults: https://spark.apache.org/docs/latest/sql-data-sources-csv.html
 *
 * ```ts
 * csvOptions({ header: "true", sep: ";" }).delimiter; // ";"
 * ```
 */
import { AnalysisError, NotImplementedError } from "../../../common/errors.js";
import type { SourceOptions } from "../../../logical/plan.js";
import { boolOption, parseMode, type ParseMode } from "../parse-mode.js";

export interface CsvOptions {
  readonly header: boolean;
  readonly inferSchema: boolean;
  readonly delimiter: string;
  readonly quote: string;
  readonly escape: string;
  readonly nullValue: string;
  /** What a quoted empty field ("") reads as. */
  readonly emptyValue: string;
  readonly nanValue: string;
  readonly positiveInf: string;
  readonly negativeInf: string;
  readonly timestampFormat: string | null;
  readonly dateFormat: string | null;
  readonly mode: ParseMode;
  readonly columnNameOfCorruptRecord: string;
  readonly ignoreLeadingWhiteSpace: boolean;
  readonly ignoreTrailingWhiteSpace: boolean;
  readonly quoteAll: boolean;
  readonly escapeQuotes: boolean;
  /** The text written for a null (writer). */
  readonly nullValueWrite: string;
  /** The text written for an empty string (writer; Spark writes `""`). */
  readonly emptyValueWrite: string;
}

function oneChar(options: SourceOptions, key: string, dflt: string): string {
  const v = options[key];
  if (v === undefined) return dflt;
  const s = v === "\\t" ? "\t" : v === "\\u0000" || v === "" ? "\u0000" : v;
  if (s.length !== 1) {
    if (key === "sep" || key === "delimiter") {
      throw new NotImplementedError(`A CSV delimiter of more than one character ("${v}") is not supported by Kindling yet.`, { hint: "Use a single-character sep such as \",\", \";\", \"|\" or \"\\t\"." });
    }
    throw new AnalysisError(`The CSV option ${key} must be one character, got "${v}".`, { context: { option: key, value: v }, hint: `Pass a single character, e.g. .option("${key}", "\\"").` });
  }
  return s;
}

/** Parses the CSV options of a read or write. */
export function csvOptions(options: SourceOptions): CsvOptions {
  const delimiter = oneChar(options, options["sep"] !== undefined ? "sep" : "delimiter", ",");
  if (boolOption(options, "multiline", false)) {
    throw new NotImplementedError("The CSV option multiLine is not supported by Kindling yet.", { hint: "Read one record per line (multiLine false), or pre-process the file." });
  }
  const nullValue = options["nullvalue"] ?? "";
  return {
    header: boolOption(options, "header", false),
    inferSchema: boolOption(options, "inferschema", false),
    delimiter,
    quote: oneChar(options, "quote", "\""),
    escape: oneChar(options, "escape", "\\"),
    nullValue,
    emptyValue: options["emptyvalue"] ?? "",
    nanValue: options["nanvalue"] ?? "NaN",
    positiveInf: options["positiveinf"] ?? "Inf",
    negativeInf: options["negativeinf"] ?? "-Inf",
    timestampFormat: options["timestampformat"] ?? null,
    dateFormat: options["dateformat"] ?? null,
    mode: parseMode(options),
    columnNameOfCorruptRecord: options["columnnameofcorruptrecord"] ?? "_corrupt_record",
    ignoreLeadingWhiteSpace: boolOption(options, "ignoreleadingwhitespace", false),
    ignoreTrailingWhiteSpace: boolOption(options, "ignoretrailingwhitespace", false),
    quoteAll: boolOption(options, "quoteall", false),
    escapeQuotes: boolOption(options, "escapequotes", true),
    nullValueWrite: nullValue,
    emptyValueWrite: options["emptyvalue"] ?? "\"\"",
  };
}

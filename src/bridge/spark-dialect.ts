/**
 * What differs between the PySpark versions the generator targets, as data (the role of
 * DataFusion's unparser `Dialect`): how each Spark function is spelled in `pyspark.sql.functions`
 * and which of its arguments are plain Python values, the canonical spelling of option keys
 * (Kindling lower-cases them; Spark does not care, people do), and a few capabilities.
 *
 * ```ts
 * const d = sparkDialect("4");
 * d.functions.get("split");  // { py: "split", params: ["col", "value", "value"], defaults: [undefined, undefined, -1] }
 * ```
 */
import { AnalysisError } from "../common/errors.js";

/**
 * How a call's arguments are passed: `col` a Column expression; `value` a plain Python value (the
 * Kindling argument must be a literal, else the generic `F.call_function` form is used).
 */
export type ParamKind = "col" | "value";

export interface FunctionSpelling {
  /** The `F.` name. */
  readonly py: string;
  /** One kind per positional argument; `rest` repeats for the remaining arguments. */
  readonly params: readonly ParamKind[];
  readonly rest?: ParamKind;
  /** Trailing literal arguments equal to these defaults are left out (`F.split(s, ", ")`). */
  readonly defaults?: readonly (string | number | undefined)[];
  /** PySpark's function takes at most this many (Kindling may store one more, e.g. regexp_replace's position). */
  readonly maxArgs?: number;
  /** Called as a Column method on the first argument (`x.startswith("a")`). */
  readonly method?: boolean;
}

export interface SparkDialect {
  /** For the script header: "4.x" or "3.5". */
  readonly label: string;
  readonly functions: ReadonlyMap<string, FunctionSpelling>;
  /** Lower-cased option key -> the spelling the docs use. */
  readonly optionKeys: ReadonlyMap<string, string>;
  /** `Column.try_cast` exists (PySpark 4.0+). */
  readonly hasTryCast: boolean;
}

const col1 = (py: string): FunctionSpelling => ({ py, params: ["col"] });

const FUNCTIONS: readonly (readonly [string, FunctionSpelling])[] = [
  ["coalesce", { py: "coalesce", params: [], rest: "col" }],
  ["struct", { py: "struct", params: [], rest: "col" }],
  ["array", { py: "array", params: [], rest: "col" }],
  ["round", { py: "round", params: ["col", "value"], defaults: [undefined, 0] }],
  ["bround", { py: "bround", params: ["col", "value"], defaults: [undefined, 0] }],
  ...["abs", "floor", "ceil", "sqrt", "exp", "upper", "lower", "trim", "ltrim", "rtrim", "length", "year", "month",
    "dayofmonth", "dayofweek", "hour", "minute", "second", "isnull", "isnotnull"].map((n) => [n, col1(n)] as const),
  ["power", { py: "pow", params: ["col", "col"] }],
  ["nvl", { py: "nvl", params: ["col", "col"] }],
  ["ifnull", { py: "ifnull", params: ["col", "col"] }],
  ["concat", { py: "concat", params: [], rest: "col" }],
  ["concat_ws", { py: "concat_ws", params: ["value"], rest: "col" }],
  ["split", { py: "split", params: ["col", "value", "value"], defaults: [undefined, undefined, -1] }],
  ["substring", { py: "substring", params: ["col", "value", "value"] }],
  ["substr", { py: "substr", params: ["col", "value", "value"], method: true }],
  ["regexp_replace", { py: "regexp_replace", params: ["col", "value", "value", "value"], defaults: [undefined, undefined, undefined, 1], maxArgs: 3 }],
  ["regexp_extract", { py: "regexp_extract", params: ["col", "value", "value"] }],
  ["startswith", { py: "startswith", params: ["col", "value"], method: true }],
  ["endswith", { py: "endswith", params: ["col", "value"], method: true }],
  ["contains", { py: "contains", params: ["col", "value"], method: true }],
  ["to_timestamp", { py: "to_timestamp", params: ["col", "value"] }],
  ["to_date", { py: "to_date", params: ["col", "value"] }],
  ["date_format", { py: "date_format", params: ["col", "value"] }],
  ["unix_timestamp", { py: "unix_timestamp", params: ["col", "value"], defaults: [undefined, "yyyy-MM-dd HH:mm:ss"] }],
  ["from_unixtime", { py: "from_unixtime", params: ["col", "value"], defaults: [undefined, "yyyy-MM-dd HH:mm:ss"] }],
  ["current_timestamp", { py: "current_timestamp", params: [] }],
  ["current_date", { py: "current_date", params: [] }],
  // schema as a DDL string, options as a dict (Kindling keeps both as literals)
  ["from_json", { py: "from_json", params: ["col", "value", "value"] }],
  ["from_csv", { py: "from_csv", params: ["col", "value", "value"] }],
  ["to_json", { py: "to_json", params: ["col", "value"] }],
  ["session_window", { py: "session_window", params: ["col", "value"] }],
];

const OPTION_KEYS = [
  "checkpointLocation", "kafka.bootstrap.servers", "subscribe", "subscribePattern", "assign", "startingOffsets", "endingOffsets",
  "maxOffsetsPerTrigger", "minOffsetsPerTrigger", "failOnDataLoss", "includeHeaders", "startingTimestamp", "topic",
  "rowsPerBatch", "numPartitions", "startTimestamp", "advanceMillisPerBatch", "rowsPerSecond", "rampUpTime",
  "includeTimestamp",
  "header", "inferSchema", "sep", "delimiter", "quote", "escape", "nullValue", "emptyValue", "nanValue", "dateFormat", "timestampFormat",
  "mode", "multiLine", "encoding", "lineSep", "comment", "ignoreLeadingWhiteSpace", "ignoreTrailingWhiteSpace", "maxFilesPerTrigger",
  "latestFirst", "fileNameOnly", "maxFileAge", "cleanSource", "sourceArchiveDir", "recursiveFileLookup", "pathGlobFilter",
  "basePath", "compression", "truncate", "numRows", "allowComments", "allowUnquotedFieldNames", "allowSingleQuotes",
  "primitivesAsString", "prefersDecimal", "columnNameOfCorruptRecord", "mergeSchema", "enforceSchema", "samplingRatio",
  "unescapedQuoteHandling", "maxCharsPerColumn", "charToEscapeQuoteEscaping", "ignoreNullFields", "dropFieldIfAllNull", "locale",
  "timeZone", "maxBytesPerTrigger", "preferDate", "enableDateTimeParsingFallback", "escapeQuotes", "quoteAll",
];

const SPARK_4: SparkDialect = {
  label: "4.x",
  functions: new Map(FUNCTIONS),
  optionKeys: new Map(OPTION_KEYS.map((k) => [k.toLowerCase(), k])),
  hasTryCast: true,
};

const SPARK_35: SparkDialect = { ...SPARK_4, label: "3.5", hasTryCast: false };

/**
 * The dialect of a PySpark version: "4" (the default; PySpark 4.x) or "3.5".
 *
 * @example sparkDialect("3.5").hasTryCast  // false
 */
export function sparkDialect(version: "4" | "3.5" = "4"): SparkDialect {
  if (version === "4") return SPARK_4;
  if (version === "3.5") return SPARK_35;
  throw new AnalysisError(`unknown PySpark version ${String(version)} for code generation`, { hint: 'use "4" or "3.5"' });
}

/** An option key as the docs spell it (`checkpointlocation` -> `checkpointLocation`); unknown keys stay as given. */
export function canonicalOptionKey(d: SparkDialect, key: string): string {
  return d.optionKeys.get(key.toLowerCase()) ?? key;
}

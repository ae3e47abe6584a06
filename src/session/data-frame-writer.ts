/**
 * `df.write` (PySpark's `DataFrameWriter`): `format(...)`, `mode(...)`, `option(...)`,
 * `options({...})`, `partitionBy(...)`, then `save(path)` or the shortcuts `csv`, `json`,
 * `parquet`. Writes a Spark-style directory (part files and `_SUCCESS`) that Spark and
 * `spark.read` both read back.
 *
 * ```ts
 * df.write.mode("overwrite").option("header", true).partitionBy("VendorID").csv("out/rides");
 * df.write.parquet("out/rides.parquet");
 * ```
 */
import { NotImplementedError } from "../common/errors.js";
import { fileEncoder } from "../physical/sources/file-encoder.js";
import { saveMode, writeOutput, type SaveMode } from "../physical/sources/file-output.js";
import { concatBatches } from "../physical/kernels/take.js";
import type { DataFrame } from "./dataframe.js";

const FORMATS = ["csv", "json", "parquet"] as const;
type Format = (typeof FORMATS)[number];
type OptionValue = string | number | boolean | null | undefined;

/** Writes a DataFrame to files. */
export class DataFrameWriter {
  readonly #df: DataFrame;
  #format: Format = "parquet";
  #mode: SaveMode = "error";
  #options = new Map<string, string>();
  #partitionBy: string[] = [];

  constructor(df: DataFrame) { this.#df = df; }

  /**
   * Sets the format: "csv", "json" or "parquet" (default parquet, as Spark).
   * @example df.write.format("json").save("out/events")
   */
  format(source: string): this {
    const f = source.toLowerCase();
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new NotImplementedError(`The data source "${source}" is not supported by Kindling for writing.`, { hint: `Use one of ${FORMATS.join(", ")}.` });
    }
    this.#format = f as Format;
    return this;
  }

  /**
   * Sets the save mode: "error"/"errorifexists" (default), "append", "overwrite", "ignore".
   * @example df.write.mode("overwrite").csv("out/rides")
   */
  mode(mode: string): this { this.#mode = saveMode(mode); return this; }

  /**
   * Sets an option (keys case-insensitive).
   * @example df.write.option("header", true).csv("out/rides")
   */
  option(key: string, value: OptionValue): this {
    if (value === null || value === undefined) this.#options.delete(key.toLowerCase());
    else this.#options.set(key.toLowerCase(), String(value));
    return this;
  }

  /**
   * Sets several options.
   * @example df.write.options({ header: true, sep: ";" }).csv("out/rides")
   */
  options(opts: Readonly<Record<string, OptionValue>>): this {
    for (const [k, v] of Object.entries(opts)) this.option(k, v);
    return this;
  }

  /**
   * Partitions the output by columns: one `col=value/` folder per distinct value.
   * @example df.write.partitionBy("VendorID", "payment_type").parquet("out/rides")
   */
  partitionBy(...cols: (string | readonly string[])[]): this {
    this.#partitionBy = cols.flatMap((c) => (typeof c === "string" ? [c] : [...c]));
    return this;
  }

  /**
   * Runs the query and writes the result to `path` in the current format; returns the files written.
   * @example df.write.format("csv").mode("append").save("out/rides")
   */
  save(path: string, format?: string, mode?: string, partitionBy?: string | readonly string[], options: Readonly<Record<string, OptionValue>> = {}): string[] {
    if (format !== undefined) this.format(format);
    if (mode !== undefined) this.mode(mode);
    if (partitionBy !== undefined) this.partitionBy(partitionBy);
    this.options(options);
    const opts = Object.fromEntries(this.#options);
    const tz = this.#df.sparkSession.conf.timeZone;
    const schema = this.#df.schema;
    const batches = [concatBatches(this.#df.collectBatches(), schema)];
    const { encode, extension } = fileEncoder(this.#format, opts, tz);
    return writeOutput(path, batches, schema, { extension, mode: this.#mode, partitionBy: this.#partitionBy, timeZone: tz, encode });
  }

  /**
   * Writes CSV (`header`, `sep`, `quote`, `escape`, `nullValue`, `timestampFormat`... as options).
   * @example df.write.csv("out/rides", { header: true, mode: "overwrite" })
   */
  csv(path: string, options: Readonly<Record<string, OptionValue>> = {}): string[] {
    const { mode, ...rest } = options;
    if (mode !== undefined && mode !== null) this.mode(String(mode));
    return this.format("csv").save(path, undefined, undefined, undefined, rest);
  }

  /**
   * Writes JSON lines.
   * @example df.write.mode("overwrite").json("out/events")
   */
  json(path: string, options: Readonly<Record<string, OptionValue>> = {}): string[] {
    const { mode, ...rest } = options;
    if (mode !== undefined && mode !== null) this.mode(String(mode));
    return this.format("json").save(path, undefined, undefined, undefined, rest);
  }

  /**
   * Writes Parquet (Snappy-compressed).
   * @example df.write.mode("overwrite").parquet("out/rides.parquet")
   */
  parquet(path: string, options: Readonly<Record<string, OptionValue>> = {}): string[] {
    const { mode, ...rest } = options;
    if (mode !== undefined && mode !== null) this.mode(String(mode));
    return this.format("parquet").save(path, undefined, undefined, undefined, rest);
  }
}

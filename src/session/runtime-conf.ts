/**
 * `spark.conf`: the session's SQL configuration (PySpark's RuntimeConfig). Values are strings,
 * as in Spark. Kindling reads `spark.sql.ansi.enabled` (default true, as Spark 4),
 * `spark.sql.session.timeZone` (default: the process time zone, as the JVM's) and
 * `spark.sql.caseSensitive` (default false).
 *
 * ```ts
 * spark.conf.set("spark.sql.ansi.enabled", false);
 * spark.conf.get("spark.sql.session.timeZone");
 * ```
 */
import { AnalysisError } from "../common/errors.js";
import { defaultTimeZone } from "../types/datetime.js";

/**
 * The process time zone, looked up once per value of TZ: `Intl.DateTimeFormat()` costs about 0.1 ms,
 * and a streaming query reads the session time zone every micro-batch (it was the largest cost of
 * a trivial batch: bench/scenarios/batch-overhead.ts).
 */
let processZone: { readonly tz: string | undefined; readonly zone: string } | null = null;
function processTimeZone(): string {
  const tz = process.env["TZ"];
  if (processZone === null || processZone.tz !== tz) processZone = { tz, zone: defaultTimeZone() };
  return processZone.zone;
}

const DEFAULTS: Record<string, () => string> = {
  "spark.sql.ansi.enabled": () => "true",
  "spark.sql.session.timeZone": processTimeZone,
  "spark.sql.caseSensitive": () => "false",
  "spark.sql.shuffle.partitions": () => "200",
  "spark.app.name": () => "kindling",
  "spark.master": () => "local[*]",
};

/** The session configuration. */
export class RuntimeConfig {
  readonly #values = new Map<string, string>();

  constructor(initial: Iterable<[string, string]> = []) {
    for (const [k, v] of initial) this.#values.set(k, v);
  }

  /** Sets a key. Example: `spark.conf.set("spark.sql.session.timeZone", "UTC")`. */
  set(key: string, value: string | number | boolean): void {
    this.#values.set(key, String(value));
  }

  /**
   * The value of a key, or `defaultValue`, or Spark's default; throws SQL_CONF_NOT_FOUND if none.
   * Example: `spark.conf.get("spark.sql.ansi.enabled")` is "true".
   */
  get(key: string, defaultValue?: string): string {
    const v = this.#values.get(key);
    if (v !== undefined) return v;
    if (defaultValue !== undefined) return defaultValue;
    const d = DEFAULTS[key];
    if (d !== undefined) return d();
    throw new AnalysisError(`[SQL_CONF_NOT_FOUND] The SQL config "${key}" cannot be found. Please verify that the config exists. SQLSTATE: 42K0I`, {
      hint: "Pass a default: spark.conf.get(key, default).",
    });
  }

  /** Removes a key (back to its default). */
  unset(key: string): void { this.#values.delete(key); }

  /** True when a key is set or has a default. */
  isModifiable(key: string): boolean { return key.startsWith("spark.sql."); }

  /** All explicitly set keys. */
  getAll(): Record<string, string> { return Object.fromEntries(this.#values); }

  /** `spark.sql.ansi.enabled` as a boolean. */
  get ansi(): boolean { return this.get("spark.sql.ansi.enabled").toLowerCase() === "true"; }
  /** `spark.sql.session.timeZone`. */
  get timeZone(): string { return this.get("spark.sql.session.timeZone"); }
  /** `spark.sql.caseSensitive` as a boolean. */
  get caseSensitive(): boolean { return this.get("spark.sql.caseSensitive").toLowerCase() === "true"; }
}

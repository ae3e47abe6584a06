/**
 * The worker-thread count a master URL asks for, as Spark reads it for local mode
 * (SparkContext.createTaskScheduler): `local` is 1 thread, `local[N]` N, `local[*]` one per core,
 * `local[N, F]` / `local[*, F]` the same with F task failures allowed (Kindling does not retry
 * tasks, so F is accepted and ignored).
 *
 * ```ts
 * threadsOfMaster("local[2]"); // 2
 * threadsOfMaster("local[*]"); // os.availableParallelism()
 * ```
 */
import { AnalysisError } from "../common/errors.js";

const LOCAL = /^local(?:\[\s*(\*|\d+)\s*(?:,\s*\d+\s*)?\])?$/;

/**
 * Threads for a `local…` master; null for any other master (`spark://…`, `yarn`, …), which runs
 * elsewhere and is not this module's business.
 */
export function threadsOfMaster(master: string, cores: number): number | null {
  const m = LOCAL.exec(master.trim());
  if (m === null) {
    if (master.trim().startsWith("local")) {
      throw new AnalysisError(`Could not parse Master URL: '${master}'`, { hint: 'use "local", "local[N]" with N ≥ 1, or "local[*]" for one thread per core' });
    }
    return null;
  }
  const n = m[1];
  if (n === undefined) return 1;
  if (n === "*") return Math.max(1, cores);
  const threads = Number(n);
  if (threads < 1) throw new AnalysisError(`Asked to run locally with ${threads} threads`, { hint: 'use "local[N]" with N ≥ 1, or "local[*]"' });
  return threads;
}

/** The conf keys of Kindling's own parallelism knobs (not Spark's; Spark has no equivalent). */
export const MIN_ROWS_KEY = "spark.kindling.parallel.minRows";
export const CHUNK_ROWS_KEY = "spark.kindling.parallel.chunkRows";
/** "false": the main thread only merges, workers run every slice (diagnosis, tests). */
export const MAIN_THREAD_SLICES_KEY = "spark.kindling.parallel.mainThreadSlices";

function positiveInt(key: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new AnalysisError(`${key} must be a non-negative integer, got "${text}"`, { hint: `e.g. spark.conf.set("${key}", 20000)` });
  return n;
}

/**
 * The parallelism of a query from the session conf: `spark.master` (a non-local master runs
 * elsewhere, so locally that is one thread), and the two thresholds.
 * Example: `parallelOptionsOf((k, d) => spark.conf.get(k, d), defaults, 2)`.
 */
export function parallelOptionsOf(
  get: (key: string, defaultValue: string) => string,
  defaults: { readonly minRows: number; readonly chunkRows: number },
  cores: number,
): { threads: number; minRows: number; chunkRows: number; mainThreadSlices: boolean } {
  const mainThreadSlices = get(MAIN_THREAD_SLICES_KEY, "true").trim().toLowerCase();
  if (mainThreadSlices !== "true" && mainThreadSlices !== "false") {
    throw new AnalysisError(`${MAIN_THREAD_SLICES_KEY} must be true or false, got "${mainThreadSlices}"`, { hint: `e.g. spark.conf.set("${MAIN_THREAD_SLICES_KEY}", "false")` });
  }
  return {
    threads: threadsOfMaster(get("spark.master", "local[*]"), cores) ?? 1,
    minRows: positiveInt(MIN_ROWS_KEY, get(MIN_ROWS_KEY, String(defaults.minRows))),
    chunkRows: Math.max(1, positiveInt(CHUNK_ROWS_KEY, get(CHUNK_ROWS_KEY, String(defaults.chunkRows)))),
    mainThreadSlices: mainThreadSlices === "true",
  };
}

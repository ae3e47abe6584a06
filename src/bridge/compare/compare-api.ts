/**
 * `await compare(df)`: `kindling compare` from code, for a notebook cell or a script. The same work
 * (compare-job.ts: each query bounded in Kindling and on a PySpark driver on the Spark master, rows
 * compared order-insensitively unless ordered, floats within the tolerance, update output merged by
 * key) without a job file or a child process, and without blocking the event loop, so that its
 * progress (starting the Spark driver, running in Kindling, running on Spark, comparing) is shown
 * as it goes: in a notebook as one display updated in place (src/common/progress.ts), nowhere
 * else. The result renders as tables in a notebook and as `kindling compare`'s report elsewhere.
 *
 * On a `spark://` session the session's own PySpark driver runs Spark's side (started now if it is
 * not up yet, and left running for the session's next actions); otherwise compare starts a driver
 * for itself and stops it at the end. Kindling's side runs in Kindling whatever the session's master.
 */
import { inspect } from "node:util";
import { KindlingError } from "../../common/errors.js";
import { phasedProgress, startProgress } from "../../common/progress.js";
import { STACK_HOST } from "../../stack/ports.js";
import { stackContext } from "../../stack/stack.js";
import { compareBundle, type CompareDisplayOptions } from "../../notebook/display/compare-display.js";
import { autoSink, type DisplaySink } from "../../notebook/display/kernel-output.js";
import { formatElapsed } from "../../notebook/display/progress-format.js";
import type { DataFrame } from "../../session/dataframe.js";
import type { SparkSession } from "../../session/spark-session.js";
import type { DataStreamWriter } from "../../streaming/data-stream-writer.js";
import { collectTargets } from "../job-targets.js";
import { parseMasterUrl, remoteMasterOf } from "../remote/master-url.js";
import { remoteSpark } from "../remote/remote-session.js";
import { compareJobs, type CompareProgress, type CompareReport } from "./compare-job.js";
import { compareReportJson, formatCompareReport } from "./format-report.js";

/** What `compare()` takes: a DataFrame (batch), a DataStreamWriter (before start()), or several. */
export type Comparable = DataFrame | DataStreamWriter;

export interface SparkCompareOptions {
  /** The Spark master (default: the session's when it is `spark://…`, else the local stack's). */
  readonly master?: string;
  /** Relative and absolute tolerance for non-integral numbers (default 1e-9). */
  readonly tolerance?: number;
  /** Key columns for merging update-mode output (default: the grouping columns). */
  readonly key?: readonly string[];
  /** A hand-written PySpark twin (a .py file defining `queries(spark)`) to run on Spark instead of the generated code. */
  readonly twin?: string;
  /** Spark settings for a driver compare starts itself (given, compare does not use the session's driver). */
  readonly sparkConf?: Readonly<Record<string, string>>;
  /** Hand Spark the Kafka connector's jars (default true; false makes compare start a driver of its own). */
  readonly kafkaJars?: boolean;
  /** Agreeing rows a notebook shows per query, under the disagreeing ones (default 10). */
  readonly agreeingRows?: number;
}

/** Spark's side of `compare()`, with how it is shown. */
export class SparkComparison {
  /**
   * @param report what `kindling compare --json` reports, as data
   * @param elapsedMs the whole comparison, the Spark driver's start included
   */
  constructor(
    readonly report: CompareReport,
    readonly elapsedMs: number,
  ) {}

  /** True when every query gave the same rows in both engines. */
  get agree(): boolean {
    return this.report.agree;
  }

  /**
   * One line: `agree: 46 rows match` or `DIFFER: 2 only in Kindling, 0 only in Spark, 1 differing`
   * (summed over the queries).
   *
   * @example console.log((await compare(df)).summary)
   */
  get summary(): string {
    const sum = (f: (t: CompareReport["targets"][number]) => number): number => this.report.targets.reduce((n, t) => n + f(t), 0);
    if (this.agree) return `agree: ${sum((t) => t.comparison.matched)} rows match`;
    return `DIFFER: ${sum((t) => t.comparison.onlyLeft.length)} only in Kindling, ${sum((t) => t.comparison.onlyRight.length)} only in Spark, ${sum((t) => t.comparison.differing.length)} differing`;
  }

  /**
   * Shows the comparison: tables of the disagreeing rows and a sample of the agreeing ones in a
   * notebook, the report `kindling compare` prints elsewhere.
   *
   * @example (await compare(df)).display()
   */
  display(options: CompareDisplayOptions = {}, sink: DisplaySink = autoSink): void {
    sink.publish(compareBundle(this.report, options), {});
  }

  /** `kindling compare`'s report (text). */
  toString(): string {
    return formatCompareReport(this.report);
  }

  /** `kindling compare --json`'s report. */
  toJSON(): Record<string, unknown> {
    return compareReportJson(this.report);
  }

  /** What a notebook cell's value and console.log print: the report. */
  [inspect.custom](): string {
    return this.toString().trimEnd();
  }
}

/** The master compare runs Spark's side on, and the session driver to use (null: start one). */
function chooseMaster(session: SparkSession, options: SparkCompareOptions): { master: ReturnType<typeof parseMasterUrl> & { kind: "spark" }; useSession: boolean } {
  const sessionMaster = remoteMasterOf(session.conf);
  const chosen = options.master ?? sessionMaster?.url ?? `spark://${STACK_HOST}:${stackContext().ports.sparkMaster}`;
  const master = parseMasterUrl(chosen);
  if (master.kind !== "spark") throw new KindlingError(`compare needs a Spark master, not ${JSON.stringify(chosen)}`, "user", { hint: 'pass { master: "spark://host:port" } (the local stack\'s is spark://127.0.0.1:7077)' });
  const ownSettings = options.sparkConf !== undefined || options.kafkaJars === false;
  return { master, useSession: sessionMaster !== null && sessionMaster.url === master.url && !ownSettings };
}

/**
 * Runs the queries in Kindling and on Spark and compares their rows, showing the progress in a
 * notebook (one display, updated in place, kept in its final state). Batch DataFrames run as they
 * are; a DataStreamWriter runs with trigger availableNow in both engines, its sink replaced by a
 * collector. A Kafka batch read is pinned to the same end offsets in both.
 *
 * @example
 * ```ts
 * import { compare } from "kindling";
 * spark.conf.set("spark.master", "spark://127.0.0.1:7077");
 * const comparison = await compare(windowed);      // progress: driver start, Kindling, Spark, comparing
 * comparison.display();                            // the rows, agreeing and not, as a table
 * console.log(comparison.summary);                 // "agree: 46 rows match"
 * ```
 */
export async function compare(what: Comparable | readonly Comparable[], options: SparkCompareOptions = {}): Promise<SparkComparison> {
  const items = Array.isArray(what) ? (what as readonly Comparable[]) : [what as Comparable];
  for (const item of items) {
    if ((item as { isStreaming?: unknown }).isStreaming === true && "plan" in item) {
      throw new KindlingError("compare() was given a streaming DataFrame; it compares a stream through its writer (the output mode decides the result)", "user", {
        hint: 'pass df.writeStream.outputMode("append" | "update" | "complete"), before start(): compare runs it with trigger availableNow in both engines',
      });
    }
  }
  const targets = collectTargets(items);
  const first = targets[0];
  if (first === undefined) throw new KindlingError("compare() was given nothing to compare", "user", { hint: "pass a DataFrame, a DataStreamWriter (before start()), or an array of them" });
  const session = first.session as unknown as SparkSession;
  const { master, useSession } = chooseMaster(session, options);
  const started = performance.now();
  const phased = phasedProgress(startProgress({ title: `compare with Spark on ${master.url}`, unit: "" }));
  // Each phase shows how long it has lasted (a driver start is tens of seconds of nothing else).
  const progress: CompareProgress = {
    phase(text, detail) {
      const since = performance.now();
      phased.phase(text, () => [formatElapsed(performance.now() - since), detail?.() ?? ""].filter((s) => s !== "").join(", "));
    },
    note: (line) => phased.note(line),
  };
  try {
    const report = await compareJobs([{ label: "compare", targets, ...(options.twin === undefined ? {} : { twin: options.twin }) }], {
      master,
      agreeingRows: options.agreeingRows ?? 10,
      progress,
      ...(useSession ? { driver: remoteSpark(session)!.driver } : {}),
      ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
      ...(options.key === undefined ? {} : { key: options.key }),
      ...(options.sparkConf === undefined ? {} : { sparkConf: options.sparkConf }),
      ...(options.kafkaJars === false ? { kafkaJars: false } : {}),
    });
    const comparison = new SparkComparison(report, performance.now() - started);
    const n = report.targets.length;
    phased.finish(`${comparison.summary} · ${n} ${n === 1 ? "query" : "queries"} on ${report.master}, driver start ${formatElapsed(report.sparkStartMs)}, ${formatElapsed(comparison.elapsedMs)} in all`);
    return comparison;
  } catch (error) {
    phased.fail(error instanceof KindlingError ? error.message : error instanceof Error ? error.message : String(error));
    throw error;
  }
}

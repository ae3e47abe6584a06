/**
 * `kindling compare`'s work: each query of a job runs bounded in Kindling (batch as it is; a
 * stream with trigger availableNow, its sink replaced by a collector) and on Spark (the generated
 * PySpark, on one driver; a stream through foreachBatch into Parquet per micro-batch), and the two
 * results are compared row by row (order-insensitive unless the query is ordered; floats within
 * the tolerance; update-mode output merged by key).
 *
 * Several jobs share one PySpark driver (one driver start for all); a job may bring its own
 * hand-written PySpark twin (see {@link CompareJob.twin}) to run on Spark instead of the generated code.
 *
 * ```ts
 * const report = await compareTargets(await loadJobTargets("job.ts"), { master, tolerance: 1e-9 });
 * console.log(formatCompareReport(report)); process.exitCode = report.agree ? 0 : 1;
 * ```
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AnalysisError } from "../../common/errors.js";
import type { Batch } from "../../physical/vector.js";
import { getValue } from "../../physical/vector.js";
import { DataFrame } from "../../session/dataframe.js";
import { simpleString } from "../../types/data-types.js";
import type { SparkSession } from "../../session/spark-session.js";
import { generatePySpark, type CodegenTarget } from "../generate.js";
import { pyStringLiteral } from "../py-string.js";
import { runLocally, type MasterUrl } from "../remote/master-url.js";
import { RemoteSparkDriver } from "../remote/remote-driver.js";
import { readResultBatches, type RemoteField } from "../remote/remote-session.js";
import { compareRows, type Row, type RowComparison } from "./compare-rows.js";
import { finalRows } from "./final-output.js";
import { pinKafkaEnds } from "./kafka-bounds.js";
import { resultShape } from "./result-shape.js";

/** What compare shows while it works (see progress-display.ts); every method optional in effect. */
export interface CompareProgress {
  /** Enters a phase (`detail` tells, when asked, what the phase has done so far). */
  phase(text: string, detail?: () => string): void;
  /** A line worth keeping (Spark's application id, a warning). */
  note(line: string): void;
}

/** One job to compare: its queries, and optionally the PySpark twin to run on Spark instead of the generated code. */
export interface CompareJob {
  /** How the report names the job (its file name). */
  readonly label: string;
  readonly targets: readonly CodegenTarget[];
  /**
   * A hand-written PySpark file defining `queries(spark)`, which returns the job's DataFrames
   * (batch or streaming, not started) in the order the job returns its queries; a streaming one
   * runs with the Kindling query's output mode. Its session settings are its own
   * (`SparkSession.builder.config(...).getOrCreate()`).
   */
  readonly twin?: string;
}

export interface CompareOptions {
  readonly master: Extract<MasterUrl, { kind: "spark" }>;
  /** Relative and absolute tolerance for non-integral numbers (default 1e-9). */
  readonly tolerance?: number;
  /** Key columns for update-mode output, by name (default: the grouping columns). */
  readonly key?: readonly string[];
  /** Hand Spark the Kafka connector's jars (default true). */
  readonly kafkaJars?: boolean;
  /** What to tell the user while Spark starts and runs (default: nothing). */
  readonly progress?: CompareProgress;
  /**
   * Spark settings for the PySpark driver (e.g. `spark.sql.shuffle.partitions`); a job's own
   * settings still apply over them; with several jobs, each job starts from these.
   */
  readonly sparkConf?: Readonly<Record<string, string>>;
  /**
   * A PySpark driver to run on instead of launching one (a `spark://` session's own, see
   * remote-session.ts): it may still be starting, and it is left running afterwards (its owner
   * stops it). Its settings are its own: {@link sparkConf} does not apply to it.
   */
  readonly driver?: RemoteSparkDriver;
  /** Keep up to this many of each query's agreeing rows in the report (default 0), for a display that shows them. */
  readonly agreeingRows?: number;
}

export interface TargetReport {
  readonly index: number;
  /** The job the query belongs to (its label), when several jobs were compared. */
  readonly job?: string;
  /** The Spark side ran a hand-written twin (its path), not the generated PySpark. */
  readonly twin?: string;
  readonly kind: "batch" | "stream";
  readonly outputMode: string | null;
  readonly ordered: boolean;
  readonly key: readonly string[] | null;
  readonly columns: readonly string[];
  /** Spark's simpleString of each column's type (`bigint`, `timestamp`...), to show values as Spark would. */
  readonly types: readonly string[];
  readonly kindling: { readonly rows: number; readonly ms: number; readonly batches?: number };
  readonly spark: { readonly rows: number; readonly ms: number; readonly batches?: number };
  readonly comparison: RowComparison;
  /** The first rows both engines returned (Kindling's values), when {@link CompareOptions.agreeingRows} asked for them. */
  readonly agreeing?: readonly Row[];
}

export interface CompareReport {
  readonly master: string;
  readonly tolerance: number;
  readonly agree: boolean;
  readonly sparkStartMs: number;
  readonly targets: readonly TargetReport[];
  /** What may make the two runs differ for reasons other than the engines (e.g. a Kafka topic that grew meanwhile). */
  readonly warnings?: readonly string[];
}

function rowsOf(batches: readonly Batch[]): unknown[][] {
  const out: unknown[][] = [];
  for (const b of batches) for (let i = 0; i < b.numRows; i++) out.push(b.columns.map((c) => getValue(c, i)));
  return out;
}

async function kindlingStream(df: DataFrame, target: Extract<CodegenTarget, { kind: "stream" }>, dir: string, seen: { batches: number }): Promise<unknown[][][]> {
  const batches: { id: number; rows: unknown[][] }[] = [];
  const q = df.writeStream
    .outputMode(target.sink.outputMode)
    .foreachBatch((batchDf, id) => {
      batches.push({ id, rows: rowsOf(batchDf.collectBatches()) });
      seen.batches++;
    })
    .option("checkpointLocation", join(dir, "kindling-checkpoint"))
    .trigger({ availableNow: true })
    .start();
  await q.awaitTermination();
  return batches.sort((a, b) => a.id - b.id).map((b) => b.rows);
}

const SILENT: CompareProgress = { phase: () => undefined, note: () => undefined };

/** Lets timers and sockets run (a progress update goes out) before a phase that blocks the event loop. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Up to `max` rows of `left` that compareRows matched: those not among its unmatched or differing
 * rows (compareRows keeps the caller's row objects, so identity tells them apart).
 */
function agreeingRows(left: readonly Row[], comparison: RowComparison, max: number): Row[] {
  if (max <= 0) return [];
  const unmatched = new Set<Row>([...comparison.onlyLeft, ...comparison.differing.map((d) => d.left)]);
  const out: Row[] = [];
  for (const row of left) {
    if (out.length >= max) break;
    if (!unmatched.has(row)) out.push(row);
  }
  return out;
}

/**
 * Runs every target in both engines and compares (one job).
 *
 * @example await compareTargets(targets, { master: parseMasterUrl("spark://127.0.0.1:7077") as never })
 */
export async function compareTargets(targets: readonly CodegenTarget[], options: CompareOptions): Promise<CompareReport> {
  return compareJobs([{ label: "job", targets }], options);
}

/** The Python that builds query `index` of a twin: runs the file as a module (not as __main__) and calls its queries(spark). */
function twinCode(file: string, index: number, count: number): string {
  return [
    "import runpy as _runpy",
    "_twin = _runpy.run_path(" + pyStringLiteral(file) + ", run_name=\"kindling_twin\")",
    "if \"queries\" not in _twin:",
    "    raise ValueError(" + pyStringLiteral(`the PySpark twin ${file} defines no queries(spark) function`) + ")",
    "_queries = list(_twin[\"queries\"](SparkSession.builder.getOrCreate()))",
    `if len(_queries) != ${count}:`,
    "    raise ValueError(" + pyStringLiteral(`the PySpark twin ${file} returned `) + " + str(len(_queries)) + " + pyStringLiteral(` queries; its Kindling job returns ${count}`) + ")",
    `result = _queries[${index}]`,
    "",
  ].join("\n");
}

/**
 * Python that undoes session settings another job of the same driver may have set: each job starts
 * from the driver's settings (`baseline`, e.g. from --conf), other keys back to Spark's defaults.
 */
function resetCode(keys: readonly string[], baseline: Readonly<Record<string, string>>): string {
  if (keys.length === 0) return "";
  const pairs = keys.map((k) => `(${pyStringLiteral(k)}, ${baseline[k] === undefined ? "None" : pyStringLiteral(baseline[k]!)})`);
  return [
    "_s = SparkSession.builder.getOrCreate()",
    `for _k, _v in [${pairs.join(", ")}]:`,
    "    try:",
    "        _s.conf.unset(_k) if _v is None else _s.conf.set(_k, _v)",
    "    except Exception:",
    "        pass",
    "",
  ].join("\n");
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : what.endsWith("h") ? "es" : "s"}`;
}

function countBatchDirs(out: string): number {
  return existsSync(out) ? readdirSync(out).filter((n) => n.startsWith("batch=")).length : 0;
}

/**
 * Runs every query of every job in Kindling, then on one PySpark driver (started while Kindling
 * runs), and compares each query's results.
 *
 * @example await compareJobs([{ label: "a.ts", targets }], { master })
 */
export async function compareJobs(jobs: readonly CompareJob[], options: CompareOptions): Promise<CompareReport> {
  const tolerance = options.tolerance ?? 1e-9;
  const progress = options.progress ?? SILENT;
  const work = mkdtempSync(join(tmpdir(), "kindling-compare-"));
  const several = jobs.length > 1;
  // One driver for all jobs: with one job it starts with that job's settings (as before); with
  // several, each job's code first puts back the SQL settings the others may have changed
  // (--conf values, else Spark's defaults). The driver starts while Kindling runs the queries, so
  // Kindling's times include sharing the machine with a starting JVM.
  const confOf = (t: CodegenTarget): Record<string, string> =>
    Object.fromEntries(Object.entries((t.session as unknown as SparkSession).conf.getAll()).filter(([k]) => k !== "spark.master" && k !== "spark.app.name"));
  const firstTarget = jobs.flatMap((j) => j.targets)[0];
  if (firstTarget === undefined) throw new AnalysisError("nothing to compare: the job(s) returned no query", { hint: "return df or df.writeStream... from the default export" });
  const baseline = options.sparkConf ?? {};
  const driverConf = { ...(several ? Object.fromEntries(Object.entries(confOf(firstTarget)).filter(([k]) => !k.startsWith("spark.sql."))) : confOf(firstTarget)), ...baseline };
  const sqlKeys = several ? [...new Set([...jobs.flatMap((j) => j.targets.flatMap((t) => Object.keys(confOf(t)))), ...Object.keys(baseline)].filter((k) => k.startsWith("spark.sql.")))].sort() : [];

  const owned = options.driver === undefined;
  progress.phase(owned ? `launching a PySpark driver on ${options.master.url} (it starts while Kindling runs)` : `using the session's PySpark driver on ${options.master.url}`);
  const launched = performance.now();
  const driver = options.driver ?? RemoteSparkDriver.launch({ master: options.master, appName: "kindling-compare", conf: driverConf, ...(options.kafkaJars === false ? { kafkaJars: false } : {}) });
  let sparkStartMs = 0;
  const driverReady = driver.waitReady().then(() => {
    sparkStartMs = performance.now() - launched;
  });
  driverReady.catch(() => undefined); // awaited below; a failure must not be an unhandled rejection meanwhile
  const reports: TargetReport[] = [];
  const total = jobs.reduce((n, j) => n + j.targets.length, 0);
  try {
    // Kafka: the same end offsets for both engines (batch reads pinned; streams checked afterwards).
    const pinnedJobs: CompareJob[] = [];
    const checks: (() => Promise<string[]>)[] = [];
    for (const job of jobs) {
      const { targets, check } = await pinKafkaEnds(job.targets);
      pinnedJobs.push({ ...job, targets });
      checks.push(check);
    }
    interface Prepared {
      job: CompareJob;
      target: CodegenTarget;
      index: number;
      label: string;
      df: DataFrame;
      dir: string;
      mode: string | null;
      keyColumns: readonly number[] | null;
      ordered: boolean;
      columns: string[];
      types: string[];
      kRows: unknown[][];
      kindlingMs: number;
      kindlingBatches?: number;
    }
    const prepared: Prepared[] = [];
    let n = 0;
    for (const job of pinnedJobs) {
      for (const [index, target] of job.targets.entries()) {
        n++;
        const label = `query ${n}/${total}${several ? ` (${job.label} #${index + 1})` : ""}`;
        const df = new DataFrame(target.session as unknown as SparkSession, target.plan);
        const resolved = df.resolved();
        const shape = resultShape(resolved);
        const columns = resolved.output.map((a) => a.name);
        const dir = mkdtempSync(join(work, `q${n}-`));
        const mode = target.kind === "stream" ? target.sink.outputMode : null;
        let keyColumns = shape.keyColumns;
        if (options.key !== undefined && options.key.length > 0) {
          keyColumns = options.key.map((k) => {
            const i = columns.findIndex((c) => c.toLowerCase() === k.toLowerCase());
            if (i < 0) throw new AnalysisError(`--key ${k}: no such column in ${label}`, { hint: `use some of: ${columns.join(", ")}` });
            return i;
          });
        }
        const seen = { batches: 0 };
        progress.phase(`${label} (${target.kind}${mode === null ? "" : `, ${mode}`}): running in Kindling`, () => (target.kind === "stream" ? plural(seen.batches, "batch") : ""));
        // A batch query runs synchronously: let the phase be shown first.
        await yieldToEventLoop();
        const started = performance.now();
        // In Kindling even when the session's master is spark:// (a notebook's session may be).
        const kRows = await runLocally(async () => (target.kind === "batch" ? rowsOf(df.collectBatches()) : finalRows(mode!, await kindlingStream(df, target, dir, seen), keyColumns)));
        prepared.push({
          job, target, index, label, df, dir, mode, keyColumns, ordered: shape.ordered, columns,
          types: resolved.output.map((a) => simpleString(a.dataType)), kRows, kindlingMs: performance.now() - started,
          ...(target.kind === "stream" ? { kindlingBatches: seen.batches } : {}),
        });
      }
    }

    if (driver.appId === undefined) progress.phase(`starting the PySpark driver on ${options.master.url}, usually 10–30 s`);
    await driverReady;
    progress.note(`Spark is up (${driver.appId}, ${Math.round(sparkStartMs)} ms${owned ? "" : ", the session's driver"})`);
    for (const p of prepared) {
      const { target, mode, dir, keyColumns } = p;
      const jobKeys = new Set(Object.keys(confOf(target)));
      const reset = resetCode(p.job.twin === undefined ? sqlKeys.filter((k) => !jobKeys.has(k)) : sqlKeys, baseline);
      const code = reset + (p.job.twin === undefined
        ? generatePySpark([{ kind: "batch", session: target.session, plan: target.plan }], { action: "none" })
        : twinCode(p.job.twin, p.index, p.job.targets.length));
      const started = performance.now();
      let sRows: unknown[][];
      let sparkBatches: number | undefined;
      if (target.kind === "batch") {
        progress.phase(`${p.label} (batch): Spark running`);
        const reply = await driver.request({ op: "batch", mode: "collect", code, out: join(dir, "spark-rows") });
        progress.phase(`${p.label}: collecting Spark's rows`);
        sRows = rowsOf(readResultBatches(join(dir, "spark-rows"), reply["schema"] as RemoteField[]));
      } else {
        const out = join(dir, "spark-batches");
        progress.phase(`${p.label} (stream, ${mode}): Spark running`, () => `${plural(countBatchDirs(out), "batch")} written`);
        const reply = await driver.request({ op: "collectStream", code, outputMode: mode, out, checkpoint: join(dir, "spark-checkpoint") });
        progress.phase(`${p.label}: collecting Spark's batches`);
        const ids = (reply["batches"] as number[]) ?? readdirSync(out).map((f) => Number(f.split("=")[1]));
        sparkBatches = ids.length;
        const perBatch = ids.map((id) => rowsOf(readResultBatches(join(out, `batch=${id}`), reply["schema"] as RemoteField[])));
        sRows = finalRows(mode!, perBatch, keyColumns);
      }
      const sparkMs = performance.now() - started;
      progress.phase(`${p.label}: comparing ${p.kRows.length} and ${sRows.length} rows`);
      await yieldToEventLoop();
      const comparison = compareRows(p.kRows, sRows, { ordered: p.ordered, relTol: tolerance, absTol: tolerance });
      const agreeing = agreeingRows(p.kRows, comparison, options.agreeingRows ?? 0);
      reports.push({
        index: reports.length,
        ...(several ? { job: p.job.label } : {}),
        ...(p.job.twin === undefined ? {} : { twin: p.job.twin }),
        kind: target.kind,
        outputMode: mode,
        ordered: p.ordered,
        key: mode === "update" && keyColumns !== null ? keyColumns.map((i) => p.columns[i]!) : null,
        columns: p.columns,
        types: p.types,
        kindling: { rows: p.kRows.length, ms: p.kindlingMs, ...(p.kindlingBatches === undefined ? {} : { batches: p.kindlingBatches }) },
        spark: { rows: sRows.length, ms: sparkMs, ...(sparkBatches === undefined ? {} : { batches: sparkBatches }) },
        comparison,
        ...(agreeing.length === 0 ? {} : { agreeing }),
      });
    }
    const warnings = [...new Set((await Promise.all(checks.map((c) => c()))).flat())];
    for (const w of warnings) progress.note(`warning: ${w}`);
    return { master: options.master.url, tolerance, agree: reports.every((r) => r.comparison.equal), sparkStartMs, targets: reports, ...(warnings.length === 0 ? {} : { warnings }) };
  } finally {
    if (owned) {
      progress.phase("stopping the PySpark driver");
      await driver.stop();
    }
    rmSync(work, { recursive: true, force: true });
  }
}

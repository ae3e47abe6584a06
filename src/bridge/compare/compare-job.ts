/**
 * `kindling compare`'s work: each query of a job runs bounded in Kindling (batch as it is; a
 * stream with trigger availableNow, its sink replaced by a collector) and on Spark (the generated
 * PySpark, on one driver; a stream through foreachBatch into Parquet per micro-batch), and the two
 * results are compared row by row (order-insensitive unless the query is ordered; floats within
 * the tolerance; update-mode output merged by key).
 *
 * ```ts
 * const report = await compareTargets(await loadJobTargets("job.ts"), { master, tolerance: 1e-9 });
 * console.log(formatCompareReport(report)); process.exitCode = report.agree ? 0 : 1;
 * ```
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AnalysisError } from "../../common/errors.js";
import type { Batch } from "../../physical/vector.js";
import { getValue } from "../../physical/vector.js";
import { DataFrame } from "../../session/dataframe.js";
import { simpleString } from "../../types/data-types.js";
import type { SparkSession } from "../../session/spark-session.js";
import { generatePySpark, type CodegenTarget } from "../generate.js";
import type { MasterUrl } from "../remote/master-url.js";
import { RemoteSparkDriver } from "../remote/remote-driver.js";
import { readResultBatches, type RemoteField } from "../remote/remote-session.js";
import { compareRows, type RowComparison } from "./compare-rows.js";
import { finalRows } from "./final-output.js";
import { resultShape } from "./result-shape.js";

export interface CompareOptions {
  readonly master: Extract<MasterUrl, { kind: "spark" }>;
  /** Relative and absolute tolerance for non-integral numbers (default 1e-9). */
  readonly tolerance?: number;
  /** Key columns for update-mode output, by name (default: the grouping columns). */
  readonly key?: readonly string[];
  /** Hand Spark the Kafka connector's jars (default true). */
  readonly kafkaJars?: boolean;
  /** Progress lines while Spark starts and runs. */
  readonly progress?: (line: string) => void;
}

export interface TargetReport {
  readonly index: number;
  readonly kind: "batch" | "stream";
  readonly outputMode: string | null;
  readonly ordered: boolean;
  readonly key: readonly string[] | null;
  readonly columns: readonly string[];
  /** Spark's simpleString of each column's type (`bigint`, `timestamp`...), to show values as Spark would. */
  readonly types: readonly string[];
  readonly kindling: { readonly rows: number; readonly ms: number };
  readonly spark: { readonly rows: number; readonly ms: number };
  readonly comparison: RowComparison;
}

export interface CompareReport {
  readonly master: string;
  readonly tolerance: number;
  readonly agree: boolean;
  readonly sparkStartMs: number;
  readonly targets: readonly TargetReport[];
}

function rowsOf(batches: readonly Batch[]): unknown[][] {
  const out: unknown[][] = [];
  for (const b of batches) for (let i = 0; i < b.numRows; i++) out.push(b.columns.map((c) => getValue(c, i)));
  return out;
}

async function kindlingStream(df: DataFrame, target: Extract<CodegenTarget, { kind: "stream" }>, dir: string): Promise<unknown[][][]> {
  const batches: { id: number; rows: unknown[][] }[] = [];
  const q = df.writeStream
    .outputMode(target.sink.outputMode)
    .foreachBatch((batchDf, id) => {
      batches.push({ id, rows: rowsOf(batchDf.collectBatches()) });
    })
    .option("checkpointLocation", join(dir, "kindling-checkpoint"))
    .trigger({ availableNow: true })
    .start();
  await q.awaitTermination();
  return batches.sort((a, b) => a.id - b.id).map((b) => b.rows);
}

/**
 * Runs every target in both engines and compares.
 *
 * @example await compareTargets(targets, { master: parseMasterUrl("spark://127.0.0.1:7077") as never })
 */
export async function compareTargets(targets: readonly CodegenTarget[], options: CompareOptions): Promise<CompareReport> {
  const tolerance = options.tolerance ?? 1e-9;
  const say = options.progress ?? (() => undefined);
  const work = mkdtempSync(join(tmpdir(), "kindling-compare-"));
  say(`starting a PySpark driver on ${options.master.url} (10–30 s)…`);
  let started = performance.now();
  const session0 = targets[0]!.session as unknown as SparkSession;
  const conf = Object.fromEntries(Object.entries(session0.conf.getAll()).filter(([k]) => k !== "spark.master" && k !== "spark.app.name"));
  const driver = RemoteSparkDriver.launch({ master: options.master, appName: "kindling-compare", conf, ...(options.kafkaJars === false ? { kafkaJars: false } : {}) });
  const reports: TargetReport[] = [];
  try {
    driver.waitReadySync();
    const sparkStartMs = performance.now() - started;
    say(`Spark is up (${driver.appId}, ${Math.round(sparkStartMs)} ms)`);
    for (const [index, target] of targets.entries()) {
      const df = new DataFrame(target.session as unknown as SparkSession, target.plan);
      const resolved = df.resolved();
      const shape = resultShape(resolved);
      const columns = resolved.output.map((a) => a.name);
      const dir = mkdtempSync(join(work, `q${index}-`));
      const mode = target.kind === "stream" ? target.sink.outputMode : null;
      let keyColumns = shape.keyColumns;
      if (options.key !== undefined && options.key.length > 0) {
        keyColumns = options.key.map((k) => {
          const i = columns.findIndex((c) => c.toLowerCase() === k.toLowerCase());
          if (i < 0) throw new AnalysisError(`--key ${k}: no such column in query ${index + 1}`, { hint: `use some of: ${columns.join(", ")}` });
          return i;
        });
      }

      say(`query ${index + 1}/${targets.length} (${target.kind}${mode === null ? "" : `, ${mode}`}): running in Kindling…`);
      started = performance.now();
      const kRows = target.kind === "batch" ? rowsOf(df.collectBatches()) : finalRows(mode!, await kindlingStream(df, target, dir), keyColumns);
      const kindlingMs = performance.now() - started;

      say(`query ${index + 1}/${targets.length}: running on Spark…`);
      started = performance.now();
      const code = generatePySpark([{ kind: "batch", session: target.session, plan: target.plan }], { action: "none" });
      let sRows: unknown[][];
      if (target.kind === "batch") {
        const reply = driver.requestSync({ op: "batch", mode: "collect", code, out: join(dir, "spark-rows") });
        sRows = rowsOf(readResultBatches(join(dir, "spark-rows"), reply["schema"] as RemoteField[]));
      } else {
        const out = join(dir, "spark-batches");
        const reply = await driver.request({ op: "collectStream", code, outputMode: mode, out, checkpoint: join(dir, "spark-checkpoint") });
        const ids = (reply["batches"] as number[]) ?? readdirSync(out).map((n) => Number(n.split("=")[1]));
        const perBatch = ids.map((id) => rowsOf(readResultBatches(join(out, `batch=${id}`), reply["schema"] as RemoteField[])));
        sRows = finalRows(mode!, perBatch, keyColumns);
      }
      const sparkMs = performance.now() - started;
      const comparison = compareRows(kRows, sRows, { ordered: shape.ordered, relTol: tolerance, absTol: tolerance });
      reports.push({
        index,
        kind: target.kind,
        outputMode: mode,
        ordered: shape.ordered,
        key: mode === "update" && keyColumns !== null ? keyColumns.map((i) => columns[i]!) : null,
        columns,
        types: resolved.output.map((a) => simpleString(a.dataType)),
        kindling: { rows: kRows.length, ms: kindlingMs },
        spark: { rows: sRows.length, ms: sparkMs },
        comparison,
      });
    }
    return { master: options.master.url, tolerance, agree: reports.every((r) => r.comparison.equal), sparkStartMs, targets: reports };
  } finally {
    driver.stopSync();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The child process of `kindling compare job.ts…`: imports the job files (their sessions run in
 * Kindling here, whatever their master), points their sources at `--input`s, runs each query in
 * Kindling and on Spark (one PySpark driver for all jobs), prints the report (a table, or JSON
 * with --json) on stdout and progress on stderr, and exits 0 when the engines agree, 1 when they
 * differ, 2 when the comparison could not be made.
 *
 * Usage (what compare-command.ts spawns): `node --import tsx compare-driver.js '<options json>' job.ts…`.
 */
import { existsSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { KindlingError } from "../../common/errors.js";
import { stackContext } from "../../stack/stack.js";
import { STACK_HOST } from "../../stack/ports.js";
import { loadJobTargets } from "../job-targets.js";
import { LOCAL_ONLY_ENV, parseMasterUrl } from "../remote/master-url.js";
import { compareJobs, type CompareJob } from "./compare-job.js";
import { compareReportJson, formatCompareReport } from "./format-report.js";
import { withInputs } from "./job-inputs.js";
import { ProgressDisplay } from "./progress-display.js";

interface DriverFlags {
  readonly master?: string;
  readonly tolerance?: number;
  readonly key?: string;
  readonly json?: boolean;
  readonly kafkaJars?: boolean;
  readonly input?: readonly string[];
  /** A twin file for the one job. */
  readonly twin?: string;
  /** Each job's own twin (its `export const pysparkTwin`). */
  readonly twins?: boolean;
  readonly conf?: Readonly<Record<string, string>>;
}

/** The twin a job file names (`export const pysparkTwin = "../spark-jobs/x.py"`, relative to the job file). */
async function declaredTwin(job: string): Promise<string> {
  const mod = (await import(pathToFileURL(resolve(job)).href)) as { pysparkTwin?: unknown };
  if (typeof mod.pysparkTwin !== "string") {
    throw new KindlingError(`${job} names no PySpark twin`, "user", { hint: 'export const pysparkTwin = "path/to/twin.py" (relative to the job file), or pass --twin twin.py' });
  }
  return resolve(dirname(resolve(job)), mod.pysparkTwin);
}

async function main(): Promise<number> {
  process.env[LOCAL_ONLY_ENV] = "1";
  const [flagsJson, ...files] = process.argv.slice(2);
  if (files.length === 0) throw new KindlingError("no job file given", "user", { hint: "kindling compare job.ts" });
  const flags = JSON.parse(flagsJson ?? "{}") as DriverFlags;
  const jobs: CompareJob[] = [];
  for (const file of files) {
    const loaded = await loadJobTargets(file);
    if (loaded.length === 0) throw new KindlingError(`${file} returned no DataFrame or writer to compare`, "user", { hint: "return df or df.writeStream... from the default export" });
    const targets = withInputs(loaded, flags.input ?? []);
    const twin = flags.twin !== undefined ? resolve(flags.twin) : flags.twins === true ? await declaredTwin(file) : undefined;
    if (twin !== undefined && !existsSync(twin)) throw new KindlingError(`the PySpark twin ${twin} of ${file} does not exist`, "user", { hint: "check the path (relative to the job file for pysparkTwin)" });
    jobs.push({ label: basename(file), targets, ...(twin === undefined ? {} : { twin }) });
  }
  const sessionMaster = (jobs[0]!.targets[0]!.session.conf.getAll()["spark.master"] ?? "").trim();
  const chosen = flags.master ?? (sessionMaster.startsWith("spark://") ? sessionMaster : `spark://${STACK_HOST}:${stackContext().ports.sparkMaster}`);
  const master = parseMasterUrl(chosen);
  if (master.kind !== "spark") throw new KindlingError(`compare needs a Spark master, not ${JSON.stringify(chosen)}`, "user", { hint: "pass --master spark://host:port" });
  const progress = new ProgressDisplay(process.stderr);
  try {
    const report = await compareJobs(jobs, {
      master,
      ...(flags.tolerance === undefined ? {} : { tolerance: flags.tolerance }),
      ...(flags.key === undefined ? {} : { key: flags.key.split(",").map((s) => s.trim()).filter((s) => s !== "") }),
      ...(flags.kafkaJars === false ? { kafkaJars: false } : {}),
      ...(flags.conf === undefined ? {} : { sparkConf: flags.conf }),
      progress,
    });
    progress.done();
    process.stdout.write(flags.json === true ? JSON.stringify(compareReportJson(report), null, 2) + "\n" : formatCompareReport(report));
    return report.agree ? 0 : 1;
  } finally {
    progress.done();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`kindling compare: ${error instanceof KindlingError ? error.describe() : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);

/**
 * The child process of `kindling compare job.ts`: imports the job file (its sessions run in
 * Kindling here, whatever their master), runs each query in Kindling and on Spark, prints the
 * report (a table, or JSON with --json) and exits 0 when the engines agree, 1 when they differ,
 * 2 when the comparison could not be made.
 *
 * Usage (what compare-command.ts spawns): `node --import tsx compare-driver.js job.ts '<options json>'`.
 */
import { KindlingError } from "../../common/errors.js";
import { stackContext } from "../../stack/stack.js";
import { STACK_HOST } from "../../stack/ports.js";
import { loadJobTargets } from "../job-targets.js";
import { LOCAL_ONLY_ENV, parseMasterUrl } from "../remote/master-url.js";
import { compareTargets } from "./compare-job.js";
import { compareReportJson, formatCompareReport } from "./format-report.js";

interface DriverFlags {
  readonly master?: string;
  readonly tolerance?: number;
  readonly key?: string;
  readonly json?: boolean;
  readonly kafkaJars?: boolean;
}

async function main(): Promise<number> {
  process.env[LOCAL_ONLY_ENV] = "1";
  const [job, flagsJson] = process.argv.slice(2);
  if (job === undefined) throw new KindlingError("no job file given", "user", { hint: "kindling compare job.ts" });
  const flags = JSON.parse(flagsJson ?? "{}") as DriverFlags;
  const targets = await loadJobTargets(job);
  if (targets.length === 0) throw new KindlingError(`${job} returned no DataFrame or writer to compare`, "user", { hint: "return df or df.writeStream... from the default export" });
  const sessionMaster = (targets[0]!.session.conf.getAll()["spark.master"] ?? "").trim();
  const chosen = flags.master ?? (sessionMaster.startsWith("spark://") ? sessionMaster : `spark://${STACK_HOST}:${stackContext().ports.sparkMaster}`);
  const master = parseMasterUrl(chosen);
  if (master.kind !== "spark") throw new KindlingError(`compare needs a Spark master, not ${JSON.stringify(chosen)}`, "user", { hint: "pass --master spark://host:port" });
  const report = await compareTargets(targets, {
    master,
    ...(flags.tolerance === undefined ? {} : { tolerance: flags.tolerance }),
    ...(flags.key === undefined ? {} : { key: flags.key.split(",").map((s) => s.trim()).filter((s) => s !== "") }),
    ...(flags.kafkaJars === false ? { kafkaJars: false } : {}),
    progress: (line) => process.stderr.write(`[compare] ${line}\n`),
  });
  process.stdout.write(flags.json === true ? JSON.stringify(compareReportJson(report), null, 2) + "\n" : formatCompareReport(report));
  return report.agree ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`kindling compare: ${error instanceof KindlingError ? error.describe() : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);

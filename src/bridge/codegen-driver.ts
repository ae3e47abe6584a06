/**
 * The child process of `kindling pyspark job.ts`: imports the job file, calls its default export
 * (a function returning DataFrames and/or DataStreamWriters, possibly async, possibly an array),
 * and prints one PySpark script for all of them. Nothing is run: the job only builds plans.
 *
 * Usage (what pyspark-command.ts spawns): `node --import tsx codegen-driver.js job.ts [version]`.
 *
 * ```ts
 * // job.ts
 * export default function job() {
 *   const spark = SparkSession.builder.appName("rides").getOrCreate();
 *   return spark.readStream.format("kafka")...load().writeStream.format("console");
 * }
 * ```
 */
import { KindlingError } from "../common/errors.js";
import { generatePySpark } from "./generate.js";
import { loadJobTargets } from "./job-targets.js";

async function main(): Promise<void> {
  const [job, version] = process.argv.slice(2);
  if (job === undefined) throw new KindlingError("no job file given", "user", { hint: "kindling pyspark job.ts" });
  const targets = await loadJobTargets(job);
  process.stdout.write(generatePySpark(targets, { version: version === "3.5" ? "3.5" : "4" }));
}

main().catch((error: unknown) => {
  process.stderr.write(`kindling pyspark: ${error instanceof KindlingError ? error.describe() : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

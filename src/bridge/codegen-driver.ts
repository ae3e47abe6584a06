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
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { KindlingError } from "../common/errors.js";
import { generatePySpark, type CodegenTarget } from "./generate.js";

interface Generatable {
  toPySpark(...args: unknown[]): string;
}

async function main(): Promise<void> {
  const [job, version] = process.argv.slice(2);
  if (job === undefined) throw new KindlingError("no job file given", "user", { hint: "kindling pyspark job.ts" });
  const mod = (await import(pathToFileURL(resolve(job)).href)) as { default?: unknown };
  if (typeof mod.default !== "function") {
    throw new KindlingError(`${job} has no default export to generate from`, "user", {
      hint: "export default a function that builds the job and returns its DataFrames and/or writers (df.writeStream.format(...)...), without calling start()",
    });
  }
  const items = [await (mod.default as () => unknown)()].flat();
  const targets: CodegenTarget[] = [];
  for (const item of items) {
    const g = item as Partial<Generatable> & { plan?: unknown };
    if (typeof g?.toPySpark !== "function") {
      throw new KindlingError(`the job returned ${String(item)}, which is neither a DataFrame nor a DataStreamWriter`, "user", { hint: "return df or df.writeStream... (before start())" });
    }
    // A DataFrame takes (options); a writer takes (path, options).
    if (g.plan !== undefined) g.toPySpark({ collectInto: targets });
    else g.toPySpark(undefined, { collectInto: targets });
  }
  process.stdout.write(generatePySpark(targets, { version: version === "3.5" ? "3.5" : "4" }));
}

main().catch((error: unknown) => {
  process.stderr.write(`kindling pyspark: ${error instanceof KindlingError ? error.describe() : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

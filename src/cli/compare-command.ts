import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { KindlingError } from "../common/errors.js";
import { parseMasterUrl } from "../bridge/remote/master-url.js";

/**
 * `kindling compare job.ts [--json] [--tolerance 1e-9] [--master spark://…] [--key a,b]`: runs each
 * query of a job file bounded in Kindling and on Spark and reports, row by row, where they agree
 * and where not; exit code 0 only when they agree (1 when they differ, 2 when they could not be
 * compared). The work happens in a child process (src/bridge/compare/compare-driver.ts) so the
 * job's imports of "kindling" resolve as they do at run time.
 */
export function compareCommand(): Command {
  return new Command("compare")
    .description("run a job file in Kindling and on Spark and compare the results row by row (exit 0 only when they agree)")
    .argument("<job>", "a .ts or .js file whose default export returns DataFrames and/or writers")
    .option("--json", "print the report as JSON")
    .addOption(new Option("--tolerance <number>", "relative and absolute tolerance for floating-point values").default("1e-9"))
    .option("--master <url>", "the Spark master (default: the job's spark:// master, else the stack's spark://127.0.0.1:7077)")
    .option("--key <columns>", "key columns for merging update-mode output (default: the grouping columns)")
    .option("--no-kafka-jars", "do not hand Spark the Kafka connector's jars")
    .action(async (job: string, flags: { json?: boolean; tolerance: string; master?: string; key?: string; kafkaJars: boolean }) => {
      const file = resolve(job);
      if (!existsSync(file)) throw new KindlingError(`job file ${file} does not exist`, "user", { hint: "pass the path of a .ts or .js file" });
      const tolerance = Number(flags.tolerance);
      if (!Number.isFinite(tolerance) || tolerance < 0) throw new KindlingError(`--tolerance ${flags.tolerance} is not a non-negative number`, "user", { hint: "e.g. --tolerance 1e-9" });
      if (flags.master !== undefined && parseMasterUrl(flags.master).kind !== "spark") {
        throw new KindlingError(`compare needs a Spark master, not ${JSON.stringify(flags.master)}`, "user", { hint: "pass --master spark://host:port" });
      }
      const driver = join(dirname(fileURLToPath(import.meta.url)), "..", "bridge", "compare", "compare-driver.js");
      const tsx = createRequire(import.meta.url).resolve("tsx");
      const options = { json: flags.json === true, tolerance, kafkaJars: flags.kafkaJars, ...(flags.master === undefined ? {} : { master: flags.master }), ...(flags.key === undefined ? {} : { key: flags.key }) };
      const child = spawn(process.execPath, ["--import", tsx, driver, file, JSON.stringify(options)], { stdio: "inherit" });
      const code = await new Promise<number>((done) => child.once("exit", (c, signal) => done(c ?? (signal === null ? 2 : 128 + 2))));
      if (code !== 0) process.exitCode = code;
    });
}

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { KindlingError } from "../common/errors.js";
import { parseMasterUrl } from "../bridge/remote/master-url.js";

/**
 * `kindling compare job.ts… [--input …] [--json] [--tolerance 1e-9] [--master spark://…] [--key a,b]
 * [--twin twin.py | --twins]`: runs each query of the job file(s) bounded in Kindling and on Spark
 * (one PySpark driver for all of them) and reports, row by row, where they agree and where not;
 * exit code 0 only when they agree (1 when they differ, 2 when they could not be compared). The
 * report goes to stdout, progress to stderr (an updating line on a terminal, plain lines
 * elsewhere). The work happens in a child process (src/bridge/compare/compare-driver.ts) so the
 * job's imports of "kindling" resolve as they do at run time.
 *
 * `--input` (repeatable) points the job at other input without editing it
 * (src/bridge/compare/job-inputs.ts): `PATH` replaces its file source's path, `kafka:TOPIC` its
 * Kafka source's topics, `OLD=NEW` the one source reading OLD when there are several.
 */
export function compareCommand(): Command {
  return new Command("compare")
    .description("run job files in Kindling and on Spark and compare the results row by row (exit 0 only when they agree)")
    .argument("<jobs...>", "one or more .ts or .js files whose default export returns DataFrames and/or writers")
    .option("--input <spec>", "read other input: PATH (the job's file source), kafka:TOPIC (its Kafka source), or OLD=NEW (the source reading OLD); repeatable", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--json", "print the report as JSON")
    .addOption(new Option("--tolerance <number>", "relative and absolute tolerance for floating-point values").default("1e-9"))
    .option("--master <url>", "the Spark master (default: the job's spark:// master, else the stack's spark://127.0.0.1:7077)")
    .option("--key <columns>", "key columns for merging update-mode output (default: the grouping columns)")
    .option("--twin <file.py>", "run this hand-written PySpark twin on Spark instead of the generated code (it defines queries(spark))")
    .option("--twins", "run each job's own PySpark twin (the job's `export const pysparkTwin = \"….py\"`)")
    .option("--conf <key=value>", "a Spark setting for the PySpark driver (e.g. spark.sql.shuffle.partitions=2; the job's own settings still apply over it); repeatable", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--no-kafka-jars", "do not hand Spark the Kafka connector's jars")
    .action(async (jobs: string[], flags: { json?: boolean; tolerance: string; master?: string; key?: string; kafkaJars: boolean; input: string[]; twin?: string; twins?: boolean; conf: string[] }) => {
      const files = jobs.map((job) => {
        const file = resolve(job);
        if (!existsSync(file)) throw new KindlingError(`job file ${file} does not exist`, "user", { hint: "pass the path of a .ts or .js file" });
        return file;
      });
      const tolerance = Number(flags.tolerance);
      if (!Number.isFinite(tolerance) || tolerance < 0) throw new KindlingError(`--tolerance ${flags.tolerance} is not a non-negative number`, "user", { hint: "e.g. --tolerance 1e-9" });
      if (flags.master !== undefined && parseMasterUrl(flags.master).kind !== "spark") {
        throw new KindlingError(`compare needs a Spark master, not ${JSON.stringify(flags.master)}`, "user", { hint: "pass --master spark://host:port" });
      }
      if (flags.twin !== undefined && (flags.twins === true || files.length > 1)) {
        throw new KindlingError("--twin names the twin of one job", "user", { hint: "compare one job with --twin twin.py, or several with --twins (each job names its twin with export const pysparkTwin)" });
      }
      if (flags.input.length > 0 && (flags.twin !== undefined || flags.twins === true)) {
        throw new KindlingError("--input cannot point a hand-written twin at other input (it reads what its code reads)", "user", { hint: "drop --input, or drop --twin/--twins to compare with the generated PySpark" });
      }
      const conf: Record<string, string> = {};
      for (const kv of flags.conf) {
        const i = kv.indexOf("=");
        if (i <= 0) throw new KindlingError(`--conf ${kv} is not key=value`, "user", { hint: "e.g. --conf spark.sql.shuffle.partitions=2" });
        conf[kv.slice(0, i)] = kv.slice(i + 1);
      }
      const driver = join(dirname(fileURLToPath(import.meta.url)), "..", "bridge", "compare", "compare-driver.js");
      const tsx = createRequire(import.meta.url).resolve("tsx");
      const options = {
        json: flags.json === true, tolerance, kafkaJars: flags.kafkaJars, input: flags.input,
        ...(flags.master === undefined ? {} : { master: flags.master }), ...(flags.key === undefined ? {} : { key: flags.key }),
        ...(flags.twin === undefined ? {} : { twin: resolve(flags.twin) }), ...(flags.twins === true ? { twins: true } : {}),
        ...(flags.conf.length === 0 ? {} : { conf }),
      };
      const child = spawn(process.execPath, ["--import", tsx, driver, JSON.stringify(options), ...files], { stdio: "inherit" });
      const code = await new Promise<number>((done) => child.once("exit", (c, signal) => done(c ?? (signal === null ? 2 : 128 + 2))));
      if (code !== 0) process.exitCode = code;
    });
}

import { writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { runJobCodegen } from "./job-script.js";

/**
 * `kindling pyspark job.ts [-o job.py] [--spark 3.5]`: prints (or writes) the PySpark script of a
 * job file. The job file `export default`s a function returning its DataFrames and/or
 * DataStreamWriters (not started); it runs in its own Node process (like `kindling run`) so its
 * imports of "kindling" resolve as they do at run time. See src/bridge/codegen-driver.ts.
 */
export function pysparkCommand(): Command {
  return new Command("pyspark")
    .description("generate the PySpark script of a job file (its default export returns DataFrames and/or writers)")
    .argument("<job>", "a .ts or .js file whose default export builds the job")
    .option("-o, --output <file>", "write the script to this file instead of stdout")
    .addOption(new Option("--spark <version>", "the PySpark version to write for").choices(["4", "3.5"]).default("4"))
    .action(async (job: string, flags: { output?: string; spark: string }) => {
      const { code, stdout, stderr } = await runJobCodegen(job, flags.spark === "3.5" ? "3.5" : "4");
      if (code !== 0) {
        process.stderr.write(stderr);
        process.exitCode = code;
        return;
      }
      if (flags.output === undefined) process.stdout.write(stdout);
      else writeFileSync(flags.output, stdout);
    });
}

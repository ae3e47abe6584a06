import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { KindlingError } from "../common/errors.js";

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
      const file = resolve(job);
      if (!existsSync(file)) throw new KindlingError(`job file ${file} does not exist`, "user", { hint: "pass the path of a .ts or .js file" });
      const driver = join(dirname(fileURLToPath(import.meta.url)), "..", "bridge", "codegen-driver.js");
      const tsx = createRequire(import.meta.url).resolve("tsx");
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, ["--import", tsx, driver, file, flags.spark], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (b: Buffer) => (out += b.toString("utf8")));
        child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
        child.once("exit", (c) => done({ code: c ?? 1, stdout: out, stderr: err }));
      });
      if (code !== 0) {
        process.stderr.write(stderr);
        process.exitCode = code;
        return;
      }
      if (flags.output === undefined) process.stdout.write(stdout);
      else writeFileSync(flags.output, stdout);
    });
}

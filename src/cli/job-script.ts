import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KindlingError } from "../common/errors.js";

/** What the code generator's child process gave: its exit code, the script (stdout) and its messages (stderr). */
export interface CodegenRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the code generator on a job file in a child Node process (src/bridge/codegen-driver.ts), so
 * the job's imports of "kindling" resolve as they do at run time. Throws only when the file does
 * not exist; a job the generator refuses comes back as a non-zero `code` with its message in `stderr`.
 *
 * @example const { code, stdout } = await runJobCodegen("job.ts", "4");
 */
export async function runJobCodegen(job: string, version: "4" | "3.5" = "4"): Promise<CodegenRun> {
  const file = resolve(job);
  if (!existsSync(file)) throw new KindlingError(`job file ${file} does not exist`, "user", { hint: "pass the path of a .ts or .js file" });
  const driver = join(dirname(fileURLToPath(import.meta.url)), "..", "bridge", "codegen-driver.js");
  const tsx = createRequire(import.meta.url).resolve("tsx");
  return new Promise<CodegenRun>((done) => {
    const child = spawn(process.execPath, ["--import", tsx, driver, file, version], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
    child.once("exit", (c) => done({ code: c ?? 1, stdout: out, stderr: err }));
  });
}

/**
 * The PySpark script of a job file (see {@link runJobCodegen}). Throws with the generator's
 * message (e.g. a foreachBatch callback that cannot run on Spark).
 *
 * @example const py = await generateJobScript("job.ts");
 */
export async function generateJobScript(job: string, version: "4" | "3.5" = "4"): Promise<string> {
  const { code, stdout, stderr } = await runJobCodegen(job, version);
  if (code !== 0) throw new KindlingError(`could not generate the PySpark script of ${resolve(job)}:\n${stderr.trim()}`, "user", { hint: "fix the job file; `kindling pyspark job.ts` shows the same" });
  return stdout;
}

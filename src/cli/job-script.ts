import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KindlingError } from "../common/errors.js";

/**
 * The PySpark script of a job file, generated in a child Node process (src/bridge/codegen-driver.ts)
 * so the job's imports of "kindling" resolve as they do at run time. Throws with the generator's
 * message (e.g. a foreachBatch callback that cannot run on Spark).
 *
 * @example const py = await generateJobScript("job.ts");
 */
export async function generateJobScript(job: string, version: "4" | "3.5" = "4"): Promise<string> {
  const file = resolve(job);
  if (!existsSync(file)) throw new KindlingError(`job file ${file} does not exist`, "user", { hint: "pass the path of a .ts or .js file" });
  const driver = join(dirname(fileURLToPath(import.meta.url)), "..", "bridge", "codegen-driver.js");
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, ["--import", tsx, driver, file, version], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
    child.once("exit", (c) => done({ code: c ?? 1, stdout: out, stderr: err }));
  });
  if (code !== 0) throw new KindlingError(`could not generate the PySpark script of ${file}:\n${stderr.trim()}`, "user", { hint: "fix the job file; `kindling pyspark job.ts` shows the same" });
  return stdout;
}

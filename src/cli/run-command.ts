import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { KindlingError } from "../common/errors.js";
import { RUN_MODE_ENV, RUN_TRIGGER_ENV } from "../streaming/run-mode.js";

/** The loader that lets Node run a TypeScript job file as it is (tsx, a maintained esbuild wrapper). */
function tsxLoader(): string {
  return createRequire(import.meta.url).resolve("tsx");
}

/**
 * `kindling run job.ts [--trigger availableNow]`: runs a job file (TypeScript or JavaScript) in its
 * own Node process, prints what its sinks print, and exits when its queries end: with the job's
 * exit code, non-zero if a query failed. Ctrl-C stops the queries after their current batch.
 */
export function runCommand(): Command {
  return new Command("run")
    .description("run a batch or streaming job file headlessly")
    .argument("<job>", "a .ts or .js file that uses kindling")
    .argument("[args...]", "arguments passed to the job (process.argv)")
    .addOption(new Option("--trigger <trigger>", "override every query's trigger: availableNow, once, or an interval like '5 seconds'"))
    .action(async (job: string, args: string[], flags: { trigger?: string }) => {
      const file = resolve(job);
      if (!existsSync(file)) throw new KindlingError(`job file ${file} does not exist`, "user", { hint: "pass the path of a .ts or .js file" });
      const child = spawn(process.execPath, ["--enable-source-maps", "--import", tsxLoader(), file, ...args], {
        stdio: "inherit",
        env: { ...process.env, [RUN_MODE_ENV]: "1", ...(flags.trigger === undefined ? {} : { [RUN_TRIGGER_ENV]: flags.trigger }) },
      });
      // The job handles Ctrl-C itself (it stops its queries cleanly); the CLI only waits for it.
      const ignore = (): void => undefined;
      process.on("SIGINT", ignore);
      const code = await new Promise<number>((done) => child.once("exit", (c, signal) => done(c ?? (signal === null ? 1 : 128 + 2))));
      process.off("SIGINT", ignore);
      if (code !== 0) process.exitCode = code;
    });
}

import { Command, CommanderError } from "commander";
import { KindlingError } from "../common/errors.js";
import { VERSION } from "../common/version.js";
import { demoCommand } from "./demo-command.js";
import { runCommand } from "./run-command.js";
import { pysparkCommand } from "./pyspark-command.js";
import { consumeCommand, produceCommand, topicsCommand } from "./kafka-commands.js";
import { nbCommand } from "./nb-command.js";
import { stackCommand } from "./stack-command.js";
import { submitCommand } from "./submit-command.js";
import { jobsCommand } from "./jobs-command.js";
import { compareCommand } from "./compare-command.js";

/** Builds the `kindling` command tree. Each sub-command lives in its own file under src/cli/. */
export function buildProgram(): Command {
  const program = new Command("kindling")
    .description("Spark Structured Streaming in TypeScript")
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();
  program.addCommand(demoCommand());
  program.addCommand(runCommand());
  program.addCommand(stackCommand());
  program.addCommand(produceCommand());
  program.addCommand(consumeCommand());
  program.addCommand(topicsCommand());
  program.addCommand(nbCommand());
  program.addCommand(pysparkCommand());
  program.addCommand(submitCommand());
  program.addCommand(jobsCommand());
  program.addCommand(compareCommand());
  return program;
}

/**
 * Runs the CLI and returns the exit code. A {@link KindlingError} is printed as one clear message
 * (what, where, how to fix) instead of a stack trace.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    // A command may set its own exit code (e.g. `run` passes on the job's).
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof KindlingError) {
      process.stderr.write(`kindling: ${error.describe()}\n`);
      return 1;
    }
    throw error;
  }
}

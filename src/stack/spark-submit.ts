import { join } from "node:path";
import type { StackContext } from "./component.js";
import { sparkHome, sparkKafkaJarList } from "./install.js";
import { STACK_HOST } from "./ports.js";
import { runCommand, type CommandResult } from "./run-command.js";

export interface SparkSubmitOptions {
  /** `spark://host:port` or `local[N]`; defaults to the stack's master. */
  readonly master?: string;
  /** Extra `--conf key=value` settings. */
  readonly conf?: Readonly<Record<string, string>>;
  readonly logFile?: string;
  readonly timeoutMs?: number;
}

/**
 * The `spark-submit` command line for a PySpark script, in client mode, with the Kafka connector's
 * jars from the stack's cache (so no Ivy download happens at run time) and the venv's Python on
 * the driver and the executors.
 */
export function sparkSubmitCommand(
  ctx: Pick<StackContext, "paths" | "ports">,
  script: string,
  args: readonly string[],
  options: SparkSubmitOptions = {},
): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const home = sparkHome(ctx.paths);
  const conf = {
    "spark.ui.enabled": "false",
    "spark.driver.host": STACK_HOST,
    "spark.driver.bindAddress": STACK_HOST,
    ...options.conf,
  };
  return {
    command: join(home, "bin", "spark-submit"),
    args: [
      "--master",
      options.master ?? `spark://${STACK_HOST}:${ctx.ports.sparkMaster}`,
      "--jars",
      sparkKafkaJarList(ctx.paths),
      ...Object.entries(conf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]),
      script,
      ...args,
    ],
    env: {
      ...process.env,
      SPARK_HOME: home,
      SPARK_LOCAL_IP: STACK_HOST,
      PYSPARK_PYTHON: ctx.paths.venvPython,
      PYSPARK_DRIVER_PYTHON: ctx.paths.venvPython,
    },
  };
}

/** Runs a PySpark script with `spark-submit` to completion. */
export function sparkSubmit(
  ctx: Pick<StackContext, "paths" | "ports">,
  script: string,
  args: readonly string[],
  options: SparkSubmitOptions = {},
): Promise<CommandResult> {
  const { command, args: argv, env } = sparkSubmitCommand(ctx, script, args, options);
  return runCommand(command, argv, {
    env,
    ...(options.logFile === undefined ? {} : { logFile: options.logFile }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

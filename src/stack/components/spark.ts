import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Component, StackContext } from "../component.js";
import { ensureJava, ensureSparkKafkaJars, ensureVenv, sparkHome } from "../install.js";
import { httpGet } from "../net-probe.js";
import { STACK_HOST } from "../ports.js";

/** The master's `/json` answer (the fields the stack reads). */
export interface SparkMasterState {
  readonly url: string;
  readonly status: string;
  readonly workers: ReadonlyArray<{ readonly id: string; readonly state: string; readonly cores: number; readonly webuiaddress: string }>;
  readonly activeapps?: ReadonlyArray<{ readonly id: string; readonly name: string; readonly state: string }>;
  readonly completedapps?: ReadonlyArray<{ readonly id: string; readonly name: string; readonly state: string }>;
}

/** Reads the master's state from its web UI's `/json` endpoint, or undefined if it does not answer. */
export async function sparkMasterState(ctx: Pick<StackContext, "ports">): Promise<SparkMasterState | undefined> {
  const response = await httpGet(`http://${STACK_HOST}:${ctx.ports.sparkUi}/json/`);
  if (response === undefined || response.status !== 200) return undefined;
  try {
    return JSON.parse(response.body) as SparkMasterState;
  } catch {
    return undefined;
  }
}

/** The environment Spark's launch scripts need: SPARK_HOME in the venv, loopback only, logs in the state dir. */
function sparkEnv(ctx: StackContext, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SPARK_HOME: sparkHome(ctx.paths),
    SPARK_LOCAL_IP: STACK_HOST,
    SPARK_LOCAL_HOSTNAME: STACK_HOST,
    SPARK_LOG_DIR: join(ctx.paths.state, "spark", "logs"),
    SPARK_NO_DAEMONIZE: "1",
    PYSPARK_PYTHON: ctx.paths.venvPython,
    ...extra,
  };
}

async function installSpark(ctx: StackContext, logFile: string): Promise<void> {
  await ensureJava();
  await ensureVenv(ctx.paths, logFile, ctx.progress);
  await ensureSparkKafkaJars(ctx.paths, logFile, ctx.progress);
}

/** The standalone master: `spark-class org.apache.spark.deploy.master.Master` (what sbin/start-master.sh runs). */
export const sparkMasterComponent: Component = {
  name: "spark-master",
  group: "spark",
  ports: ["sparkMaster", "sparkUi", "sparkRest"],
  readyTimeoutMs: 90_000,
  install: installSpark,

  launch(ctx, logFile) {
    return {
      command: join(sparkHome(ctx.paths), "bin", "spark-class"),
      args: ["org.apache.spark.deploy.master.Master", "--host", STACK_HOST, "--port", String(ctx.ports.sparkMaster), "--webui-port", String(ctx.ports.sparkUi)],
      // The REST submission server (cluster-mode `spark-submit`, `kindling submit`) is off by default since Spark 2.4.
      env: sparkEnv(ctx, {
        SPARK_MASTER_OPTS: `-Dspark.master.rest.enabled=true -Dspark.master.rest.port=${ctx.ports.sparkRest} -Dspark.master.rest.host=${STACK_HOST}`,
        SPARK_DAEMON_MEMORY: "512m",
      }),
      cwd: ctx.paths.state,
      logFile,
    };
  },

  async probe(ctx) {
    const state = await sparkMasterState(ctx);
    return state?.status === "ALIVE";
  },

  describe(ctx) {
    return {
      master: `spark://${STACK_HOST}:${ctx.ports.sparkMaster}`,
      ui: `http://${STACK_HOST}:${ctx.ports.sparkUi}`,
      rest: `http://${STACK_HOST}:${ctx.ports.sparkRest}`,
    };
  },
};

/** One worker with every core of this machine (what sbin/start-worker.sh runs). */
export const sparkWorkerComponent: Component = {
  name: "spark-worker",
  group: "spark",
  ports: ["sparkWorkerUi"],
  readyTimeoutMs: 90_000,
  install: installSpark,

  launch(ctx, logFile) {
    const workDir = join(ctx.paths.state, "spark", "work");
    mkdirSync(workDir, { recursive: true });
    return {
      command: join(sparkHome(ctx.paths), "bin", "spark-class"),
      args: [
        "org.apache.spark.deploy.worker.Worker",
        `spark://${STACK_HOST}:${ctx.ports.sparkMaster}`,
        "--host",
        STACK_HOST,
        "--webui-port",
        String(ctx.ports.sparkWorkerUi),
        "--work-dir",
        workDir,
        "--memory",
        process.env["KINDLING_SPARK_WORKER_MEMORY"] ?? "4g",
      ],
      env: sparkEnv(ctx, { SPARK_DAEMON_MEMORY: "512m" }),
      cwd: ctx.paths.state,
      logFile,
    };
  },

  async probe(ctx) {
    // Ready when the master lists this worker (known by its web UI's port) as alive.
    const state = await sparkMasterState(ctx);
    return (state?.workers ?? []).some((w) => w.state === "ALIVE" && w.webuiaddress.endsWith(`:${ctx.ports.sparkWorkerUi}`));
  },

  describe(ctx) {
    return { ui: `http://${STACK_HOST}:${ctx.ports.sparkWorkerUi}` };
  },
};

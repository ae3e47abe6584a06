import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Command, Option } from "commander";
import { ConnectorError, KindlingError } from "../common/errors.js";
import { parseMasterUrl } from "../bridge/remote/master-url.js";
import { pythonAsset } from "../bridge/remote/python-assets.js";
import { KAFKA_CONNECTOR_HINT, sparkError } from "../bridge/remote/spark-error.js";
import { jobResult, newSubmissionId, refreshSubmission, submissionDir, submissionState, writeSubmission, type Submission } from "../bridge/submit/submissions.js";
import { restCreateSubmission, restKill } from "../bridge/submit/rest-submit.js";
import { sparkHome, sparkKafkaJarList } from "../stack/install.js";
import { PINS } from "../stack/versions.js";
import { canConnect } from "../stack/net-probe.js";
import { processStartTicks } from "../stack/pid-file.js";
import { STACK_HOST } from "../stack/ports.js";
import { sparkSubmitCommand } from "../stack/spark-submit.js";
import { stackContext } from "../stack/stack.js";
import { delay } from "../stack/process-control.js";
import { generateJobScript } from "./job-script.js";

interface SubmitFlags {
  master?: string;
  detach?: boolean;
  cores: string;
  conf?: string[];
  kafkaJars: boolean;
  name?: string;
  deploy: string;
  restUrl?: string;
}

/** Copies what a growing file gains to `out`, from `offset`; returns the new offset. */
function pump(file: string, offset: number, out: NodeJS.WritableStream): number {
  if (!existsSync(file)) return offset;
  const size = statSync(file).size;
  if (size <= offset) return offset;
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(size - offset);
    const n = readSync(fd, buf, 0, buf.length, offset);
    out.write(buf.subarray(0, n));
    return offset + n;
  } finally {
    closeSync(fd);
  }
}

interface RestJob {
  readonly job: string;
  readonly id: string;
  readonly dir: string;
  readonly scriptFile: string;
  readonly master: string;
  readonly restUrl: string;
  readonly conf: Readonly<Record<string, string>>;
  readonly kafkaJars: boolean;
  readonly detach: boolean;
}

/**
 * `--deploy rest`: the master's REST server starts the driver (kindling_submit.py under Spark's
 * PythonRunner) on a worker; recorded like a client-mode submission, with the driver id instead
 * of a pid. In the foreground, the driver's output (the worker's work/<driver id>/stdout) streams
 * here until the master reports the driver finished; Ctrl-C asks the master to kill it.
 */
async function submitRest(r: RestJob): Promise<void> {
  const ctx = stackContext();
  const home = sparkHome(ctx.paths);
  const jars = r.kafkaJars && existsSync(ctx.paths.sparkKafkaJars) ? sparkKafkaJarList(ctx.paths).split(",") : [];
  // Spark's driver wrapper loads one "user jar"; a Python job has none, so it gets a jar it needs anyway.
  const appResource = jars[0] ?? join(home, "jars", readdirSync(join(home, "jars")).find((f) => f.startsWith("spark-core_"))!);
  const conf: Record<string, string> = {
    ...r.conf,
    "spark.pyspark.python": ctx.paths.venvPython,
    "spark.pyspark.driver.python": ctx.paths.venvPython,
    ...(jars.length === 0 ? {} : { "spark.jars": jars.join(","), "spark.driver.extraClassPath": jars.join(":") }),
  };
  const { driverId } = await restCreateSubmission({
    restUrl: r.restUrl, master: r.master, appResource: `file:${appResource}`, pythonFile: pythonAsset("kindling_submit.py"), args: [r.scriptFile, r.dir], conf,
    env: { PYSPARK_PYTHON: ctx.paths.venvPython, PYSPARK_DRIVER_PYTHON: ctx.paths.venvPython }, sparkVersion: PINS.pyspark,
  });
  const logFile = join(ctx.paths.state, "spark", "work", driverId, "stdout");
  let record: Submission = {
    id: r.id, job: resolve(r.job), master: r.master, dir: r.dir, script: r.scriptFile, logFile,
    pid: -1, startTicks: "", command: `rest ${driverId} ${basename(r.job)}`, startedAt: new Date().toISOString(),
    rest: { url: r.restUrl, driverId, driverState: "SUBMITTED" },
  };
  writeSubmission(record);
  if (r.detach) {
    process.stdout.write(`${r.id}\n`);
    process.stderr.write(`submitted ${basename(r.job)} to ${r.restUrl} as ${r.id} (driver ${driverId}); follow it with \`kindling jobs logs ${r.id} -f\`, stop it with \`kindling jobs kill ${r.id}\`\n`);
    return;
  }
  process.stderr.write(`submitted ${basename(r.job)} to ${r.restUrl} as ${r.id} (driver ${driverId}, log ${logFile})\n`);
  const kill = (): void => void restKill(r.restUrl, driverId).catch(() => undefined);
  process.on("SIGINT", kill);
  let offset = 0;
  let last = 0;
  while (submissionState(record) === "running") {
    offset = pump(logFile, offset, process.stdout);
    await delay(200);
    if (performance.now() - last > 1000) {
      record = await refreshSubmission(record);
      last = performance.now();
    }
  }
  pump(logFile, offset, process.stdout);
  process.off("SIGINT", kill);
  const state = submissionState(record);
  const result = jobResult(record);
  if (result?.ok === false && result.error !== undefined) {
    process.stderr.write(`kindling: the job ${r.id} failed on Spark: ${sparkError(result.error).describe()}\n`);
    process.exitCode = 1;
  } else if (state !== "finished") {
    process.stderr.write(`kindling: the driver ${driverId} ended ${record.rest?.driverState ?? state} before the job finished\n  log: ${logFile} (Spark's own: ${join(dirname(logFile), "stderr")})\n`);
    process.exitCode = 1;
  }
}

/**
 * `kindling submit job.ts --master spark://…`: generates the job's PySpark script and runs it with
 * `spark-submit` in client mode (the Kafka connector's jars included), recorded as a submission
 * that `kindling jobs` can list, inspect, follow and kill. In the foreground the driver's log
 * streams here and the exit code is the job's; a job that fails prints Spark's error. With
 * `--detach` it prints the submission id and returns. `--deploy rest` hands the job to the
 * master's REST submission server instead, which starts the driver on a worker (see
 * src/bridge/submit/rest-submit.ts).
 */
export function submitCommand(): Command {
  return new Command("submit")
    .description("run a job file on a Spark master (spark-submit in client mode, or --deploy rest), recorded for `kindling jobs`")
    .argument("<job>", "a .ts or .js file whose default export returns DataFrames and/or writers")
    .option("--master <url>", "the Spark master (default: the stack's spark://127.0.0.1:7077)")
    .option("-d, --detach", "return once submitted; follow with `kindling jobs logs <id> -f`")
    .addOption(new Option("--cores <n>", "spark.cores.max: cores the job may take from the workers").default("1"))
    .option("--conf <key=value...>", "extra Spark settings")
    .option("--name <name>", "the Spark application name (default kindling:<job file>)")
    .option("--no-kafka-jars", "do not hand Spark the Kafka connector's jars")
    .addOption(new Option("--deploy <mode>", "client: spark-submit runs the driver here; rest: the master's REST server (port 6066) starts it on a worker").choices(["client", "rest"]).default("client"))
    .option("--rest-url <url>", "the master's REST submission server with --deploy rest (default: http://<master host>:6066, the stack's port)")
    .action(async (job: string, flags: SubmitFlags) => {
      const ctx = stackContext();
      const master = parseMasterUrl(flags.master ?? `spark://${STACK_HOST}:${ctx.ports.sparkMaster}`);
      if (master.kind !== "spark") throw new KindlingError(`submit needs a Spark master, not ${JSON.stringify(flags.master)}`, "user", { hint: "pass --master spark://host:port" });
      if (!(await canConnect(master.port, master.host, 3000))) {
        throw new ConnectorError(`cannot reach the Spark master at ${master.url}`, {
          context: { master: master.url },
          hint: "start the local one with `kindling stack up spark` (spark://127.0.0.1:7077), or check the master URL's host and port",
        });
      }
      const script = await generateJobScript(job);
      if (flags.kafkaJars && /\.format\("kafka"\)/.test(script) && !existsSync(ctx.paths.sparkKafkaJars)) {
        throw new KindlingError(`the job reads or writes Kafka, and the Kafka connector's jars are not in ${ctx.paths.sparkKafkaJars}`, "user", { hint: KAFKA_CONNECTOR_HINT });
      }
      const id = newSubmissionId();
      const dir = submissionDir(id);
      const scriptFile = join(dir, "job.py");
      writeFileSync(scriptFile, script);
      const logFile = join(dir, "driver.log");
      const conf: Record<string, string> = { "spark.cores.max": flags.cores, "spark.app.name": flags.name ?? `kindling:${basename(job)}`, "spark.log.level": "WARN" };
      for (const kv of flags.conf ?? []) {
        const i = kv.indexOf("=");
        if (i <= 0) throw new KindlingError(`--conf ${kv} is not key=value`, "user", { hint: "e.g. --conf spark.sql.shuffle.partitions=4" });
        conf[kv.slice(0, i)] = kv.slice(i + 1);
      }
      if (flags.deploy === "rest") {
        await submitRest({ job, id, dir, scriptFile, master: master.url, restUrl: flags.restUrl ?? `http://${master.host}:${ctx.ports.sparkRest}`, conf, kafkaJars: flags.kafkaJars, detach: flags.detach === true });
        return;
      }
      const cmd = sparkSubmitCommand(ctx, pythonAsset("kindling_submit.py"), [scriptFile, dir], { master: master.url, conf });
      // Without the connector, leave out `--jars <list>` (and do not ask the cache for it).
      const args = flags.kafkaJars ? cmd.args : cmd.args.filter((a, i, all) => a !== "--jars" && all[i - 1] !== "--jars");
      const log = openSync(logFile, "a");
      const child = spawn(cmd.command, args, { env: cmd.env, detached: true, stdio: ["ignore", log, log] });
      closeSync(log);
      const pid = child.pid;
      if (pid === undefined) throw new KindlingError(`could not start ${cmd.command}`, "user", { hint: "check the stack: `kindling stack status`" });
      const record: Submission = {
        id, job: resolve(job), master: master.url, dir, script: scriptFile, logFile,
        pid, startTicks: processStartTicks(pid) ?? "", command: `spark-submit ${basename(job)}`, startedAt: new Date().toISOString(),
      };
      writeSubmission(record);
      if (flags.detach === true) {
        child.unref();
        process.stdout.write(`${id}\n`);
        process.stderr.write(`submitted ${basename(job)} to ${master.url} as ${id}; follow it with \`kindling jobs logs ${id} -f\`, stop it with \`kindling jobs kill ${id}\`\n`);
        return;
      }
      process.stderr.write(`submitted ${basename(job)} to ${master.url} as ${id} (log ${logFile})\n`);
      const stopOnInterrupt = (): void => {
        try {
          process.kill(-pid, "SIGTERM");
        } catch {
          // gone already
        }
      };
      process.on("SIGINT", stopOnInterrupt);
      let exited: number | undefined;
      child.once("exit", (c, signal) => (exited = c ?? (signal === null ? 1 : 128 + 15)));
      let offset = 0;
      while (exited === undefined) {
        offset = pump(logFile, offset, process.stdout);
        await delay(200);
      }
      pump(logFile, offset, process.stdout);
      process.off("SIGINT", stopOnInterrupt);
      const result = jobResult(record);
      if (result?.ok === false && result.error !== undefined) {
        process.stderr.write(`kindling: the job ${id} failed on Spark: ${sparkError(result.error).describe()}\n`);
        process.exitCode = 1;
      } else if (exited !== 0) {
        const tail = readFileSync(logFile, "utf8").split("\n").filter((l) => /Exception|Error|error/.test(l)).slice(-5).join("\n");
        process.stderr.write(`kindling: spark-submit exited with code ${exited} before the job ran${tail === "" ? "" : `:\n${tail}`}\n  log: ${logFile}\n`);
        process.exitCode = exited;
      }
    });
}

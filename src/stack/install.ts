import { createRequire } from "node:module";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { StackError } from "../common/errors.js";
import type { StackPaths } from "./paths.js";
import { runCommand } from "./run-command.js";
import { PINS } from "./versions.js";

/** Reports a step of a long install, e.g. to the terminal. */
export type Progress = (line: string) => void;

const MARKER = ".kindling-complete";

/** The folder that holds the Maven poms, in the source tree and in the built package alike. */
function pomDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/stack/ → ../../src/stack/poms ; src/stack/ → ./poms
  const candidates = [join(here, "poms"), join(here, "..", "..", "src", "stack", "poms")];
  const found = candidates.find((c) => existsSync(join(c, "kafka-broker.xml")));
  if (found === undefined) throw new StackError(`Kindling's Maven poms are missing (looked in ${candidates.join(", ")})`, { hint: "reinstall kindling" });
  return found;
}

/** Checks that Java 17 or newer is on the PATH (or in JAVA_HOME): Kafka 4 and Spark 4 need it. */
export async function ensureJava(): Promise<string> {
  const javaHome = process.env["JAVA_HOME"];
  const java = javaHome ? join(javaHome, "bin", "java") : "java";
  const result = await runCommand(java, ["-version"]);
  if (result.code !== 0) {
    throw new StackError(`Java was not found (tried \`${java} -version\`); Kafka 4 and Spark 4 need Java 17 or newer`, {
      hint: "install it with `apt-get install openjdk-17-jre-headless`, or set JAVA_HOME to a Java 17+ installation",
    });
  }
  const match = /version "(\d+)/.exec(result.stderr + result.stdout);
  const major = match?.[1] === undefined ? 0 : Number(match[1]);
  if (major < 17) {
    throw new StackError(`Java ${major} was found, but Kafka 4 and Spark 4 need Java 17 or newer`, {
      hint: "install openjdk-17 and put it first on PATH, or set JAVA_HOME to it",
    });
  }
  return java;
}

function isComplete(dir: string, stamp: string): boolean {
  try {
    return readFileSync(join(dir, MARKER), "utf8") === stamp;
  } catch {
    return false;
  }
}

/**
 * Copies a pom's runtime dependencies from Maven Central (through the user's ~/.m2) into `target`,
 * once: the folder is filled beside the target and renamed into place, so an interrupted download
 * never looks complete.
 */
async function copyMavenJars(pom: string, target: string, extraArgs: readonly string[], logFile: string, progress: Progress): Promise<void> {
  const stamp = `${pom}:${PINS.kafka}:${PINS.pyspark}`;
  if (isComplete(target, stamp)) return;
  progress(`resolving ${pom.split("/").pop()} from Maven Central into ${target}`);
  const tmp = `${target}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await runCommand(
    "mvn",
    ["-q", "-B", "-f", pom, "dependency:copy-dependencies", "-DincludeScope=runtime", `-DoutputDirectory=${tmp}`, ...extraArgs],
    { logFile },
  );
  if (result.code === null) {
    throw new StackError("Maven (`mvn`) was not found; the stack resolves Kafka's and Spark's jars from Maven Central with it", {
      hint: "install it with `apt-get install maven`",
    });
  }
  if (result.code !== 0 || !existsSync(tmp)) {
    throw new StackError(`resolving the jars of ${pom} from Maven Central failed (mvn exited ${result.code}); see ${logFile}`, {
      hint: "check that Maven Central is reachable (proxy settings in ~/.m2/settings.xml), then run `kindling stack up` again",
    });
  }
  writeFileSync(join(tmp, MARKER), stamp);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  renameSync(tmp, target);
}

/** The Kafka broker's jars (kafka_2.13 and its runtime dependencies). */
export async function ensureKafkaJars(paths: StackPaths, logFile: string, progress: Progress): Promise<void> {
  await copyMavenJars(join(pomDir(), "kafka-broker.xml"), paths.kafkaLibs, [], logFile, progress);
}

/**
 * Spark's Kafka connector and the few jars it needs that the pyspark wheel does not ship; jobs get
 * them with `--jars`, so nothing is downloaded by Ivy at run time.
 */
export async function ensureSparkKafkaJars(paths: StackPaths, logFile: string, progress: Progress): Promise<void> {
  const only = ["spark-sql-kafka-0-10_2.13", "spark-token-provider-kafka-0-10_2.13", "kafka-clients", "commons-pool2"];
  await copyMavenJars(join(pomDir(), "spark-kafka-connector.xml"), paths.sparkKafkaJars, [`-DincludeArtifactIds=${only.join(",")}`], logFile, progress);
}

/** The connector jars as a comma-separated list for `spark-submit --jars`. */
export function sparkKafkaJarList(paths: StackPaths): string {
  return readdirSync(paths.sparkKafkaJars)
    .filter((f) => f.endsWith(".jar"))
    .sort()
    .map((f) => join(paths.sparkKafkaJars, f))
    .join(",");
}

/** The Python venv with the pinned PySpark (a whole Spark distribution) and JupyterLab. */
export async function ensureVenv(paths: StackPaths, logFile: string, progress: Progress): Promise<void> {
  const stamp = `pyspark==${PINS.pyspark} jupyterlab==${PINS.jupyterlab}`;
  if (isComplete(paths.venv, stamp) && existsSync(paths.venvPython)) return;
  progress(`creating the Python venv ${paths.venv} (${stamp}) from PyPI`);
  const python = process.env["KINDLING_PYTHON"] ?? "python3";
  const created = await runCommand(python, ["-m", "venv", paths.venv], { logFile });
  if (created.code !== 0) {
    throw new StackError(`\`${python} -m venv ${paths.venv}\` failed (exit ${created.code}); see ${logFile}`, {
      hint: "install Python 3.9+ with venv support (`apt-get install python3-venv`), or set KINDLING_PYTHON",
    });
  }
  const pip = await runCommand(paths.venvPython, ["-m", "pip", "install", "-q", "--disable-pip-version-check", `pyspark==${PINS.pyspark}`, `jupyterlab==${PINS.jupyterlab}`], { logFile });
  if (pip.code !== 0) {
    throw new StackError(`installing ${stamp} from PyPI into ${paths.venv} failed (pip exited ${pip.code}); see ${logFile}`, {
      hint: "check that PyPI is reachable (pip's proxy settings), then run `kindling stack up` again",
    });
  }
  writeFileSync(join(paths.venv, MARKER), stamp);
}

/** SPARK_HOME inside the venv: the pyspark package folder, which holds bin/spark-class and jars/. */
export function sparkHome(paths: StackPaths): string {
  const lib = join(paths.venv, "lib");
  const pythonDir = existsSync(lib) ? readdirSync(lib).find((d) => d.startsWith("python3")) : undefined;
  if (pythonDir === undefined) throw new StackError(`no python3.x folder in ${lib}`, { hint: "run `kindling stack up spark` to create the venv" });
  return join(lib, pythonDir, "site-packages", "pyspark");
}

/** The `tslab` executable of the tslab package Kindling depends on. */
export function tslabBinary(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("tslab/package.json")), "bin", "tslab");
}

/** Registers the tslab kernels (TypeScript and JavaScript) into the venv's Jupyter. */
export async function registerTslabKernel(paths: StackPaths, logFile: string): Promise<void> {
  const binary = tslabBinary();
  const result = await runCommand(process.execPath, [binary, "install", "--sys-prefix", `--python=${paths.venvPython}`, `--binary=${binary}`], { logFile });
  if (result.code !== 0) {
    throw new StackError(`registering the tslab kernel into ${paths.venv} failed (exit ${result.code}); see ${logFile}`, {
      hint: "run `kindling stack up jupyter` again; if it persists, reinstall node modules with `npm ci`",
    });
  }
}

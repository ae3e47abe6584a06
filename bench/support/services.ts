/**
 * The services a scenario needs, checked before anything is timed. A missing one fails the
 * scenario with the command that provides it (benchmarks never silently skip a peer).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { sparkHome } from "../../src/stack/install.js";
import { canConnect } from "../../src/stack/net-probe.js";
import { STACK_HOST } from "../../src/stack/ports.js";
import { stackContext } from "../../src/stack/stack.js";

export type Service = "kafka" | "spark" | "kcat";

export const stack = stackContext();
export const kafkaBootstrap = `${STACK_HOST}:${stack.ports.kafka}`;

/** Throws a clear error unless the stack's Kafka broker accepts connections; returns host:port. */
export async function requireKafka(): Promise<string> {
  if (!(await canConnect(stack.ports.kafka, STACK_HOST))) {
    throw new Error(`no Kafka broker at ${kafkaBootstrap}: start it with \`node dist/cli/main.js stack up kafka\``);
  }
  return kafkaBootstrap;
}

/**
 * Throws unless the stack's Spark install is usable: spark-submit in the venv and the Kafka
 * connector jars. The benchmarks run Spark as `local[2]` (the same two cores Node gets), so the
 * standalone master does not need to be running.
 */
export function requireSpark(): void {
  let home: string;
  try {
    home = sparkHome(stack.paths);
  } catch {
    home = "";
  }
  const jars = existsSync(stack.paths.sparkKafkaJars) ? readdirSync(stack.paths.sparkKafkaJars).filter((f) => f.endsWith(".jar")) : [];
  if (home === "" || !existsSync(join(home, "bin", "spark-submit")) || jars.length === 0) {
    throw new Error(`the stack's Spark (PySpark venv and Kafka connector jars under ${stack.paths.cache}) is not installed: run \`node dist/cli/main.js stack up spark\` once`);
  }
  if (spawnSync("java", ["-version"], { stdio: "ignore" }).status !== 0) throw new Error("no `java` on PATH: Spark needs Java 17 or 21 (`apt-get install openjdk-17-jre-headless`)");
}

/** Throws unless `kcat` (the librdkafka command-line client) is on PATH. */
export function requireKcat(): void {
  const r = spawnSync("kcat", ["-V"], { stdio: "ignore" });
  if (r.error !== undefined) throw new Error("kcat is not installed: `apt-get install kcat`");
}

export async function requireServices(services: readonly Service[]): Promise<void> {
  for (const s of services) {
    if (s === "kafka") await requireKafka();
    else if (s === "spark") requireSpark();
    else requireKcat();
  }
}

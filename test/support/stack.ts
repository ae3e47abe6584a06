/**
 * What integration tests need of the local stack that `.ci/run` (or `kindling stack up`) started.
 * A service that is not reachable makes the test fail with the command that starts it: tests
 * never skip silently.
 */
import { jupyterToken } from "../../src/stack/components/jupyter.js";
import { sparkMasterState } from "../../src/stack/components/spark.js";
import { canConnect } from "../../src/stack/net-probe.js";
import { STACK_HOST } from "../../src/stack/ports.js";
import { stackContext } from "../../src/stack/stack.js";

export const stack = stackContext();

export const kafkaBootstrap = `${STACK_HOST}:${stack.ports.kafka}`;
export const sparkMasterUrl = `spark://${STACK_HOST}:${stack.ports.sparkMaster}`;
export const jupyterUrl = `http://${STACK_HOST}:${stack.ports.jupyter}`;

/** Throws a clear error unless the stack's Kafka broker accepts connections. */
export async function requireKafka(): Promise<string> {
  if (!(await canConnect(stack.ports.kafka, STACK_HOST))) {
    throw new Error(`no Kafka broker at ${kafkaBootstrap}: start it with \`node dist/cli/main.js stack up kafka\``);
  }
  return kafkaBootstrap;
}

/** Throws a clear error unless the stack's Spark master has a live worker. */
export async function requireSpark(): Promise<string> {
  const state = await sparkMasterState(stack);
  if (state?.status !== "ALIVE" || !state.workers.some((w) => w.state === "ALIVE")) {
    throw new Error(`no Spark master with a live worker at ${sparkMasterUrl}: start it with \`node dist/cli/main.js stack up spark\``);
  }
  return sparkMasterUrl;
}

/** Throws a clear error unless JupyterLab answers; returns its URL and token. */
export async function requireJupyter(): Promise<{ url: string; token: string }> {
  if (!(await canConnect(stack.ports.jupyter, STACK_HOST))) {
    throw new Error(`no JupyterLab at ${jupyterUrl}: start it with \`node dist/cli/main.js stack up jupyter\``);
  }
  return { url: jupyterUrl, token: jupyterToken(stack) };
}

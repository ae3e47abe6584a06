import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { StackError } from "../common/errors.js";
import { STACK_GROUPS, type Component, type StackContext, type StackGroup } from "./component.js";
import { jupyterComponent } from "./components/jupyter.js";
import { kafkaComponent } from "./components/kafka.js";
import { sparkMasterComponent, sparkWorkerComponent } from "./components/spark.js";
import { isPortFree } from "./net-probe.js";
import { stackPaths } from "./paths.js";
import { isRecordAlive, readPidFile, removePidFile, writePidFile } from "./pid-file.js";
import { PORT_SPECS, STACK_HOST, resolvePorts } from "./ports.js";
import { delay, launchDetached, stopProcessGroup } from "./process-control.js";

/** Every component, in start order (the worker needs the master). */
export const COMPONENTS: readonly Component[] = [kafkaComponent, sparkMasterComponent, sparkWorkerComponent, jupyterComponent];

export interface ComponentStatus {
  readonly component: string;
  readonly group: StackGroup;
  readonly state: "running" | "starting" | "stopped";
  readonly healthy: boolean;
  readonly pid: number | null;
  readonly ports: Record<string, number>;
  readonly log: string;
  readonly info: Record<string, string>;
}

export interface StackOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly projectDir?: string;
  readonly progress?: (line: string) => void;
}

/** Builds the context from the environment: paths, ports, the project folder. */
export function stackContext(options: StackOptions = {}): StackContext {
  const env = options.env ?? process.env;
  let ports;
  try {
    ports = resolvePorts(env);
  } catch (error) {
    throw new StackError((error as Error).message);
  }
  const paths = stackPaths(env);
  return { paths, ports, projectDir: options.projectDir ?? process.cwd(), progress: options.progress ?? (() => undefined) };
}

/** The components of the named groups (all when none are named); unknown names are refused. */
export function selectComponents(names: readonly string[]): Component[] {
  for (const name of names) {
    if (!(STACK_GROUPS as readonly string[]).includes(name)) {
      throw new StackError(`unknown stack component ${JSON.stringify(name)}`, { hint: `choose from ${STACK_GROUPS.join(", ")} (or name none for all)` });
    }
  }
  return COMPONENTS.filter((c) => names.length === 0 || names.includes(c.group));
}

const pidFile = (ctx: StackContext, c: Component): string => join(ctx.paths.state, `${c.name}.pid`);
const logFile = (ctx: StackContext, c: Component): string => join(ctx.paths.state, "logs", `${c.name}.log`);

function tail(file: string, lines = 12): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/**
 * Starts the named components (all by default), each once: a component that is already running
 * and healthy is left as it is, so `up` can be run again at any time. If one fails, the
 * components this call started are stopped again, so nothing half-started stays behind.
 */
export async function stackUp(names: readonly string[], options: StackOptions = {}): Promise<ComponentStatus[]> {
  const ctx = stackContext(options);
  const components = selectComponents(names);
  mkdirSync(join(ctx.paths.state, "logs"), { recursive: true });
  const startedNow: Component[] = [];
  try {
    for (const c of components) {
      if (await startComponent(ctx, c)) startedNow.push(c);
    }
  } catch (error) {
    for (const c of startedNow.reverse()) await stopComponent(ctx, c);
    throw error;
  }
  return stackStatus(names, options);
}

/** Starts one component; returns false if it was already running. */
async function startComponent(ctx: StackContext, c: Component): Promise<boolean> {
  const log = logFile(ctx, c);
  const record = readPidFile(pidFile(ctx, c));
  if (record !== undefined && isRecordAlive(record)) {
    await waitReady(ctx, c, record.pid, log);
    ctx.progress(`${c.name} is already running (pid ${record.pid})`);
    return false;
  }
  removePidFile(pidFile(ctx, c));
  for (const key of c.ports) {
    if (!(await isPortFree(ctx.ports[key], STACK_HOST))) {
      const spec = PORT_SPECS[key];
      throw new StackError(`port ${ctx.ports[key]} (${spec.name}) on ${STACK_HOST} is already in use, so ${c.name} cannot start`, {
        hint: `stop what uses it, or set ${spec.envVar} to a free port`,
        context: { port: ctx.ports[key], variable: spec.envVar },
      });
    }
  }
  await c.install(ctx, log);
  const spec = c.launch(ctx, log);
  ctx.progress(`starting ${c.name} (log: ${log})`);
  const pid = launchDetached(spec);
  try {
    writePidFile(pidFile(ctx, c), pid, c.name);
  } catch {
    throw new StackError(`${c.name} exited right after it started; see ${log}:\n${tail(log)}`);
  }
  try {
    await waitReady(ctx, c, pid, log);
  } catch (error) {
    await stopComponent(ctx, c);
    throw error;
  }
  ctx.progress(`${c.name} is ready (pid ${pid})`);
  return true;
}

/** Polls the component's real readiness probe until it answers, the process dies, or time runs out. */
async function waitReady(ctx: StackContext, c: Component, pid: number, log: string): Promise<void> {
  const deadline = Date.now() + c.readyTimeoutMs;
  const record = readPidFile(pidFile(ctx, c));
  while (Date.now() < deadline) {
    if (await c.probe(ctx)) return;
    if (record === undefined || !isRecordAlive(record)) {
      throw new StackError(`${c.name} (pid ${pid}) exited before it was ready; see ${log}:\n${tail(log)}`);
    }
    await delay(500);
  }
  throw new StackError(`${c.name} (pid ${pid}) was not ready after ${c.readyTimeoutMs / 1000} s; see ${log}:\n${tail(log)}`);
}

async function stopComponent(ctx: StackContext, c: Component): Promise<boolean> {
  const file = pidFile(ctx, c);
  const record = readPidFile(file);
  if (record === undefined) return false;
  const wasAlive = isRecordAlive(record);
  await stopProcessGroup(record);
  removePidFile(file);
  return wasAlive;
}

/** Stops the named components (all by default) that the stack started, in reverse start order. */
export async function stackDown(names: readonly string[], options: StackOptions = {}): Promise<string[]> {
  const ctx = stackContext(options);
  const stopped: string[] = [];
  for (const c of [...selectComponents(names)].reverse()) {
    if (await stopComponent(ctx, c)) {
      stopped.push(c.name);
      ctx.progress(`stopped ${c.name}`);
    }
  }
  return stopped;
}

/** Each component's state, pid, ports and health, for `kindling stack status`. */
export async function stackStatus(names: readonly string[] = [], options: StackOptions = {}): Promise<ComponentStatus[]> {
  const ctx = stackContext(options);
  const out: ComponentStatus[] = [];
  for (const c of selectComponents(names)) {
    const record = readPidFile(pidFile(ctx, c));
    const alive = record !== undefined && isRecordAlive(record);
    const healthy = alive && (await c.probe(ctx));
    out.push({
      component: c.name,
      group: c.group,
      state: !alive ? "stopped" : healthy ? "running" : "starting",
      healthy,
      pid: alive ? record.pid : null,
      ports: Object.fromEntries(c.ports.map((k) => [k, ctx.ports[k]])),
      log: logFile(ctx, c),
      info: alive && existsSync(ctx.paths.state) ? c.describe(ctx) : {},
    });
  }
  return out;
}

import type { StreamingQueryManager } from "./query-manager.js";
import { parseTrigger, type Trigger } from "./trigger.js";

/**
 * How `kindling run job.ts` steers the queries of a job it runs, through the environment of the
 * job's process: a trigger that overrides the job's own (`--trigger availableNow` turns a
 * continuous job into a bounded one), and a clean stop on Ctrl-C.
 */
export const RUN_TRIGGER_ENV = "KINDLING_RUN_TRIGGER";
export const RUN_MODE_ENV = "KINDLING_RUN";

/** The trigger `kindling run --trigger` asked for, if any. */
export function runTriggerOverride(env: NodeJS.ProcessEnv = process.env): Trigger | null {
  const value = env[RUN_TRIGGER_ENV];
  if (value === undefined || value === "") return null;
  if (value === "availableNow") return parseTrigger({ availableNow: true });
  if (value === "once") return parseTrigger({ once: true });
  return parseTrigger({ processingTime: value });
}

const handled = new WeakSet<StreamingQueryManager>();

/**
 * Under `kindling run`, the first Ctrl-C (SIGINT) or SIGTERM stops every active query after its
 * batch in flight (so nothing half-done is committed) and exits with 130; a second one exits at once.
 */
export function installStopOnInterrupt(manager: StreamingQueryManager, env: NodeJS.ProcessEnv = process.env): void {
  if (env[RUN_MODE_ENV] !== "1" || handled.has(manager)) return;
  handled.add(manager);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`\nkindling: ${signal}: stopping ${manager.active.length} query(ies) after their current batch…\n`);
    void manager.stopAll().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

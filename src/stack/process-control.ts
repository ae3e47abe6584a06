import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { isRecordAlive, type PidRecord } from "./pid-file.js";

export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly logFile: string;
}

/**
 * Starts a long-running server detached from the CLI (its own process group, so `down` can stop
 * the server and every child it forked with one signal), output appended to its log file.
 */
export function launchDetached(spec: LaunchSpec): number {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, "a");
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ["ignore", log, log],
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Resolves after `ms`, for polling loops that wait on a real condition. */
export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Stops the process group led by the recorded process: SIGTERM, then SIGKILL if it has not
 * exited after `graceMs`. Returns once the leader is gone.
 */
export async function stopProcessGroup(record: PidRecord, graceMs = 20_000): Promise<void> {
  if (!isRecordAlive(record)) return;
  signalGroup(record.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isRecordAlive(record)) break;
    await delay(100);
  }
  // Children (e.g. Jupyter's kernels) may outlive the leader: make sure the whole group is gone.
  signalGroup(record.pid, "SIGKILL");
  const killDeadline = Date.now() + 5_000;
  while (isRecordAlive(record) && Date.now() < killDeadline) await delay(50);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

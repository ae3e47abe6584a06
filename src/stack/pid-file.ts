import { readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * A pid file that also records the process's start time (from /proc), so a pid that the kernel
 * has since given to another process is never mistaken for ours: `down` stops exactly the
 * processes the stack started, never anything found by name.
 */
export interface PidRecord {
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot when the process started. */
  readonly startTicks: string;
  readonly command: string;
  readonly startedAt: string;
}

/** Reads /proc/<pid>/stat's start time, or undefined when the process does not exist. */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const state = rest[0];
    if (state === "Z" || state === "X") return undefined; // a zombie has exited already
    return rest[19];
  } catch {
    return undefined;
  }
}

export function writePidFile(path: string, pid: number, command: string): PidRecord {
  const startTicks = processStartTicks(pid);
  if (startTicks === undefined) throw new Error(`process ${pid} (${command}) exited right after it started`);
  const record: PidRecord = { pid, startTicks, command, startedAt: new Date().toISOString() };
  writeFileSync(path, JSON.stringify(record, null, 2) + "\n");
  return record;
}

export function readPidFile(path: string): PidRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path, "utf8")) as PidRecord;
    return typeof record.pid === "number" && typeof record.startTicks === "string" ? record : undefined;
  } catch {
    return undefined;
  }
}

/** True when the process recorded in the pid file is still the same, running process. */
export function isRecordAlive(record: PidRecord): boolean {
  return processStartTicks(record.pid) === record.startTicks;
}

export function removePidFile(path: string): void {
  rmSync(path, { force: true });
}

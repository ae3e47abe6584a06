import { execFile } from "node:child_process";
import { join } from "node:path";

/** The built CLI, run as a user runs it. */
export const CLI = join(import.meta.dirname, "..", "..", "dist", "cli", "main.js");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs `kindling <args>` to completion (bounded by timeoutMs) and returns its exit code and output. */
export function cli(args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 180_000): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion, capturing its output (and appending it to `logFile` when given,
 * so a failed install can name the file to read). A missing executable resolves with code null.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    if (options.logFile !== undefined) {
      mkdirSync(dirname(options.logFile), { recursive: true });
      appendFileSync(options.logFile, `\n$ ${command} ${args.join(" ")}\n`);
    }
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs,
    });
    let stdout = "";
    let stderr = "";
    const sink = (chunk: Buffer, into: "out" | "err"): void => {
      const text = chunk.toString("utf8");
      if (into === "out") stdout += text;
      else stderr += text;
      if (options.logFile !== undefined) appendFileSync(options.logFile, text);
    };
    child.stdout.on("data", (c: Buffer) => sink(c, "out"));
    child.stderr.on("data", (c: Buffer) => sink(c, "err"));
    child.once("error", () => resolve({ code: null, stdout, stderr }));
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

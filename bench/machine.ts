/** What a result was measured on: the machine, the runtimes, the stack's pinned versions, the commit. */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { PINS } from "../src/stack/versions.js";

export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly java: string;
  readonly spark: string;
  readonly kafka: string;
  readonly kafkajs: string;
  readonly kcat: string;
  readonly git: { readonly commit: string; readonly dirty: boolean };
  /** 1-minute load average when the scenario started: a busy neighbour shows here. */
  readonly loadAverage1m: number;
}

/** stdout and stderr of a short command ("" if it is missing), whatever its exit code. */
function tryRun(command: string, args: readonly string[]): string {
  const r = spawnSync(command, [...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
  return `${r.stdout ?? ""}${r.stderr ?? ""}`;
}

function packageVersion(name: string): string {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Collects the machine's description (a few short subprocesses: java, kcat, git). */
export function machineInfo(): MachineInfo {
  // `java -version` prints to stderr: `openjdk version "17.0.15" 2025-04-15`.
  const javaText = tryRun("java", ["-version"]);
  const java = /version "([^"]+)"/.exec(javaText)?.[1] ?? "unknown";
  const kcatMatch = /Version ([\d.]+).*?librdkafka ([\d.]+)/.exec(tryRun("kcat", ["-V"]));
  const kcat = kcatMatch === null ? "unknown" : `${kcatMatch[1]} (librdkafka ${kcatMatch[2]})`;
  const commit = /^[0-9a-f]{40}$/.exec(tryRun("git", ["rev-parse", "HEAD"]).trim())?.[0] ?? "unknown";
  const dirty = tryRun("git", ["status", "--porcelain", "--untracked-files=no"]).trim().length > 0;
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    java,
    spark: PINS.pyspark,
    kafka: PINS.kafka,
    kafkajs: packageVersion("kafkajs"),
    kcat,
    git: { commit, dirty },
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

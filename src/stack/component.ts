import type { StackPaths } from "./paths.js";
import type { PortKey, Ports } from "./ports.js";
import type { LaunchSpec } from "./process-control.js";
import type { Progress } from "./install.js";

/** What every component sees: where things live, which ports to use. */
export interface StackContext {
  readonly paths: StackPaths;
  readonly ports: Ports;
  /** The folder JupyterLab serves and notebooks run in (the project). */
  readonly projectDir: string;
  readonly progress: Progress;
}

/** One server of the stack (Kafka, the Spark master, a Spark worker, JupyterLab). */
export interface Component {
  /** The process name used for its pid and log files, e.g. `spark-master`. */
  readonly name: string;
  /** The name a user types (`kindling stack up spark` starts every component of group `spark`). */
  readonly group: StackGroup;
  /** The ports it binds, checked to be free before it starts. */
  readonly ports: readonly PortKey[];
  /** How long readiness may take before `up` gives up. */
  readonly readyTimeoutMs: number;
  /** Downloads and one-time setup (cached, idempotent). */
  install(ctx: StackContext, logFile: string): Promise<void>;
  /** The server's command line. */
  launch(ctx: StackContext, logFile: string): LaunchSpec;
  /** A real readiness probe (the protocol answers), not just an open port. */
  probe(ctx: StackContext): Promise<boolean>;
  /** Facts for `status`, e.g. URLs and the Jupyter token. */
  describe(ctx: StackContext): Record<string, string>;
}

export const STACK_GROUPS = ["kafka", "spark", "jupyter"] as const;
export type StackGroup = (typeof STACK_GROUPS)[number];

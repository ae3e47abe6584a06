/**
 * The record of each `kindling submit`: ~/.cache/kindling/submissions/<id>.json (the handle: the
 * spark-submit process with its start time, so a reused pid is never mistaken for ours), and the
 * folder <id>/ with the generated script, the driver's log, and what the job wrapper
 * (src/bridge/python/kindling_submit.py) writes: app.json, progress.jsonl, result.json.
 *
 * ```ts
 * const s = readSubmission("sub-20261126-0347-ab12");
 * submissionState(s); // "running" | "finished" | "failed" | "killed" | "exited"
 * ```
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KindlingError } from "../../common/errors.js";
import { isRecordAlive, type PidRecord } from "../../stack/pid-file.js";
import { stackPaths } from "../../stack/paths.js";
import type { SparkErrorInfo } from "../remote/spark-error.js";
import { FINAL_DRIVER_STATES, restStatus } from "./rest-submit.js";

export interface Submission extends PidRecord {
  readonly id: string;
  readonly job: string;
  readonly master: string;
  readonly dir: string;
  readonly script: string;
  readonly logFile: string;
  /** Set by `jobs kill`. */
  readonly killedAt?: string;
  /**
   * A `--deploy rest` submission: the master's REST server, the driver's id there, and the driver
   * state last seen (refreshed by {@link refreshSubmission}). Its `pid` is -1: the driver runs under a worker.
   */
  readonly rest?: { readonly url: string; readonly driverId: string; readonly driverState?: string };
}

export type SubmissionState = "running" | "finished" | "failed" | "killed" | "exited";

/** The folder holding submission records (`KINDLING_SUBMISSIONS_DIR` moves it). */
export function submissionsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env["KINDLING_SUBMISSIONS_DIR"] ?? join(stackPaths(env).cache, "submissions");
}

/** A new id: time first (sorts by start), then random. */
export function newSubmissionId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `sub-${t}-${Math.random().toString(16).slice(2, 6)}`;
}

export function submissionDir(id: string): string {
  const dir = join(submissionsRoot(), id);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeSubmission(s: Submission): void {
  writeFileSync(join(submissionsRoot(), `${s.id}.json`), JSON.stringify(s, null, 2) + "\n");
}

/** Every recorded submission, oldest first. */
export function listSubmissions(): Submission[] {
  const root = submissionsRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(join(root, f), "utf8")) as Submission];
      } catch {
        return [];
      }
    });
}

/**
 * The submission with this id (or a unique prefix of it), or with this Spark application id.
 *
 * @example readSubmission("app-20261126034700-0003")
 */
export function readSubmission(idOrApp: string): Submission {
  const all = listSubmissions();
  const hits = all.filter((s) => s.id === idOrApp || s.id.startsWith(idOrApp) || appInfo(s)?.appId === idOrApp);
  const exact = hits.find((s) => s.id === idOrApp || appInfo(s)?.appId === idOrApp);
  if (exact !== undefined) return exact;
  if (hits.length === 1) return hits[0]!;
  throw new KindlingError(
    hits.length === 0 ? `no submission ${JSON.stringify(idOrApp)}` : `${JSON.stringify(idOrApp)} matches ${hits.length} submissions`,
    "user",
    { hint: `\`kindling jobs list\` shows them; known: ${all.slice(-5).map((s) => s.id).join(", ") || "none"}` },
  );
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** The Spark application the job's session got, once it is up. */
export function appInfo(s: Submission): { appId: string; master: string; startedAt: number } | undefined {
  return readJson(join(s.dir, "app.json"));
}

/** How the job ended, once it has: Spark's error for a failure. */
export function jobResult(s: Submission): { ok: boolean; error?: SparkErrorInfo } | undefined {
  return readJson(join(s.dir, "result.json"));
}

/**
 * A REST submission with its driver state as the master reports it now (and recorded); any other
 * submission as it is.
 *
 * @example const fresh = await refreshSubmission(readSubmission(id));
 */
export async function refreshSubmission(s: Submission): Promise<Submission> {
  if (s.rest === undefined || (s.rest.driverState !== undefined && FINAL_DRIVER_STATES.has(s.rest.driverState))) return s;
  let driverState: string;
  try {
    driverState = (await restStatus(s.rest.url, s.rest.driverId)).driverState;
  } catch {
    return s; // the master is away: keep what we knew
  }
  const fresh: Submission = { ...s, rest: { ...s.rest, driverState } };
  writeSubmission(fresh);
  return fresh;
}

/** The StreamingQueryListener events so far. */
export function progressEvents(s: Submission): Record<string, unknown>[] {
  const file = join(s.dir, "progress.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return []; // a line being written
      }
    });
}

export function submissionState(s: Submission): SubmissionState {
  if (s.rest !== undefined) {
    const state = s.rest.driverState ?? "SUBMITTED";
    if (state === "SUBMITTED" || state === "RUNNING" || state === "RELAUNCHING") return "running";
    if (state === "KILLED" || s.killedAt !== undefined) return "killed";
    const r = jobResult(s);
    if (state === "FINISHED") return r === undefined ? "exited" : r.ok ? "finished" : "failed";
    return state === "FAILED" || state === "ERROR" ? "failed" : "exited";
  }
  if (isRecordAlive(s)) return "running";
  if (s.killedAt !== undefined) return "killed";
  const r = jobResult(s);
  if (r === undefined) return "exited";
  return r.ok ? "finished" : "failed";
}

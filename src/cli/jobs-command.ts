import { existsSync, readFileSync } from "node:fs";
import { Command } from "commander";
import { KindlingError } from "../common/errors.js";
import { parseMasterUrl } from "../bridge/remote/master-url.js";
import { appInfo, jobResult, listSubmissions, progressEvents, readSubmission, refreshSubmission, submissionState, writeSubmission, type Submission } from "../bridge/submit/submissions.js";
import { FINAL_DRIVER_STATES, restKill, restStatus } from "../bridge/submit/rest-submit.js";
import { get } from "node:http";
import { delay, stopProcessGroup } from "../stack/process-control.js";
import { stackContext } from "../stack/stack.js";

interface MasterApp {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly cores?: number;
  readonly starttime?: number;
  readonly duration?: number;
}

/**
 * GETs a URL with node:http. (Under heavy load undici's fetch was seen failing against the master's
 * Jetty with "other side closed" where node:http got its answer.)
 */
function httpText(url: string, timeoutMs: number): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", () => resolve(undefined));
    });
    req.on("error", () => resolve(undefined));
    req.on("timeout", () => req.destroy());
  });
}

/** The master's applications from its web UI's `/json/` endpoint (the stack's UI port for 127.0.0.1). */
async function masterApps(masterUrl: string): Promise<{ active: MasterApp[]; completed: MasterApp[] } | undefined> {
  const m = parseMasterUrl(masterUrl);
  if (m.kind !== "spark") return undefined;
  const ui = stackContext().ports.sparkUi;
  const r = await httpText(`http://${m.host}:${ui}/json/`, 10_000);
  if (r === undefined || r.status !== 200) return undefined;
  const j = JSON.parse(r.body) as { activeapps?: MasterApp[]; completedapps?: MasterApp[] };
  return { active: j.activeapps ?? [], completed: j.completedapps ?? [] };
}

function appState(apps: { active: MasterApp[]; completed: MasterApp[] } | undefined, appId: string | undefined): string {
  if (apps === undefined) return "master unreachable";
  if (appId === undefined) return "-";
  const a = apps.active.find((x) => x.id === appId) ?? apps.completed.find((x) => x.id === appId);
  return a?.state ?? "unknown";
}

function lastProgress(s: Submission): Record<string, unknown> | null {
  const p = progressEvents(s).filter((e) => e["event"] === "progress");
  return (p.at(-1)?.["progress"] as Record<string, unknown> | undefined) ?? null;
}

async function statusOf(s: Submission): Promise<Record<string, unknown>> {
  const apps = await masterApps(s.master);
  const app = appInfo(s);
  const result = jobResult(s);
  const progress = lastProgress(s);
  return {
    id: s.id,
    state: submissionState(s),
    job: s.job,
    master: s.master,
    pid: s.pid,
    startedAt: s.startedAt,
    appId: app?.appId ?? null,
    appState: appState(apps, app?.appId),
    batches: progressEvents(s).filter((e) => e["event"] === "progress").length,
    lastProgress: progress === null ? null : { batchId: progress["batchId"], numInputRows: progress["numInputRows"], timestamp: progress["timestamp"], name: progress["name"] },
    error: result?.ok === false ? (result.error ?? null) : null,
    logFile: s.logFile,
  };
}

function pad(rows: readonly (readonly string[])[]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(w[i]!)).join("  ").trimEnd()).join("\n") + "\n";
}

/**
 * `kindling jobs list|status|logs|kill`: the jobs `kindling submit` started (their records in
 * ~/.cache/kindling/submissions) beside the master's applications (its `/json/` endpoint).
 */
export function jobsCommand(): Command {
  const jobs = new Command("jobs").description("list, inspect, follow and kill jobs started with `kindling submit`");
  jobs
    .command("list")
    .description("submissions and the master's applications")
    .option("--json", "as JSON")
    .option("--master <url>", "the master whose applications to list (default: the stack's)")
    .action(async (flags: { json?: boolean; master?: string }) => {
      const subs = await Promise.all(listSubmissions().map(refreshSubmission));
      const master = flags.master ?? `spark://127.0.0.1:${stackContext().ports.sparkMaster}`;
      const apps = await masterApps(master);
      const ours = new Set(subs.map((s) => appInfo(s)?.appId).filter((x): x is string => x !== undefined));
      const others = apps === undefined ? [] : [...apps.active, ...apps.completed].filter((a) => !ours.has(a.id));
      if (flags.json === true) {
        const statuses = await Promise.all(subs.map(statusOf));
        process.stdout.write(JSON.stringify({ submissions: statuses, otherApps: others, masterReachable: apps !== undefined }, null, 2) + "\n");
        return;
      }
      const rows: string[][] = [["SUBMISSION", "STATE", "APP", "APP STATE", "JOB"]];
      for (const s of subs) {
        const appId = appInfo(s)?.appId;
        rows.push([s.id, submissionState(s), appId ?? "-", appState(apps, appId), s.job]);
      }
      for (const a of others) rows.push(["-", "-", a.id, a.state, a.name]);
      process.stdout.write(pad(rows));
      if (apps === undefined) process.stderr.write(`(the master's /json/ endpoint for ${master} did not answer: start it with \`kindling stack up spark\`)\n`);
    });
  jobs
    .command("status")
    .description("one submission: state, Spark application, last streaming progress, Spark's error")
    .argument("<id>", "a submission id (or prefix) or a Spark application id")
    .option("--json", "as JSON")
    .action(async (id: string, flags: { json?: boolean }) => {
      const st = await statusOf(await refreshSubmission(readSubmission(id)));
      if (flags.json === true) {
        process.stdout.write(JSON.stringify(st, null, 2) + "\n");
        return;
      }
      const lines = Object.entries(st).map(([k, v]) => `${k.padEnd(12)} ${v === null ? "-" : typeof v === "object" ? JSON.stringify(v) : String(v)}`);
      process.stdout.write(lines.join("\n") + "\n");
    });
  jobs
    .command("logs")
    .description("the driver's log (spark-submit's output)")
    .argument("<id>", "a submission id (or prefix) or a Spark application id")
    .option("-f, --follow", "keep printing until the job ends")
    .action(async (id: string, flags: { follow?: boolean }) => {
      let s = await refreshSubmission(readSubmission(id));
      let offset = 0;
      const print = (): void => {
        if (!existsSync(s.logFile)) return;
        const text = readFileSync(s.logFile);
        if (text.length > offset) process.stdout.write(text.subarray(offset));
        offset = text.length;
      };
      print();
      while (flags.follow === true && submissionState(s) === "running") {
        await delay(250);
        print();
        if (s.rest !== undefined) s = await refreshSubmission(s);
      }
      print();
    });
  jobs
    .command("kill")
    .description("stop a running submission (its spark-submit process group); Spark ends the application")
    .argument("<id>", "a submission id (or prefix) or a Spark application id")
    .action(async (id: string) => {
      const s = await refreshSubmission(readSubmission(id));
      if (submissionState(s) !== "running") throw new KindlingError(`${s.id} is not running (${submissionState(s)})`, "user", { hint: "`kindling jobs list` shows the running ones" });
      writeSubmission({ ...s, killedAt: new Date().toISOString() });
      if (s.rest !== undefined) {
        // The driver runs under a worker: the master kills it; wait until it says so (bounded).
        await restKill(s.rest.url, s.rest.driverId);
        for (let i = 0; i < 60 && !FINAL_DRIVER_STATES.has((await restStatus(s.rest.url, s.rest.driverId)).driverState); i++) await delay(500);
      } else await stopProcessGroup(s, 20_000);
      const appId = appInfo(s)?.appId;
      // The master drops the application once its driver is gone; wait for that (bounded).
      let state = "-";
      for (let i = 0; i < 60 && appId !== undefined; i++) {
        state = appState(await masterApps(s.master), appId);
        if (state !== "RUNNING" && state !== "WAITING") break;
        await delay(500);
      }
      process.stdout.write(`killed ${s.id}${appId === undefined ? "" : ` (${appId}: ${state})`}\n`);
    });
  return jobs;
}

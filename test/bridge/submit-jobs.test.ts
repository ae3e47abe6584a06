/**
 * `kindling submit` and `kindling jobs` against the local stack's Spark master: a real streaming
 * job is submitted detached, reaches its first batch, is listed, shows its status and logs, and is
 * killed (the master then no longer runs it); a job that fails on Spark reports Spark's error (here
 * a Spark without the Kafka connector); bad masters fail before anything starts.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../support/cli.js";
import { requireSpark } from "../support/stack.js";

const JOBS = join(import.meta.dirname, "fixtures", "jobs");
const env = { ...process.env, KINDLING_SUBMISSIONS_DIR: mkdtempSync(join(tmpdir(), "kindling-submissions-")) };
const started: string[] = [];

interface Status {
  readonly id: string;
  readonly state: string;
  readonly appId: string | null;
  readonly appState: string;
  readonly batches: number;
  readonly lastProgress: { batchId: number; numInputRows: number; name: string } | null;
  readonly error: { type: string; message: string } | null;
}

async function status(id: string): Promise<Status> {
  const r = await cli(["jobs", "status", id, "--json"], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Status;
}

beforeAll(async () => {
  await requireSpark();
});

afterAll(async () => {
  // Never leave a submission holding the worker's cores.
  for (const id of started) {
    if ((await status(id)).state === "running") await cli(["jobs", "kill", id], env);
  }
}, 120_000);

describe("kindling submit and kindling jobs", () => {
  it("submit --detach, first batch, list, status, logs, kill", async () => {
    const t0 = performance.now();
    const sub = await cli(["submit", join(JOBS, "rate-console.ts"), "--detach"], env);
    expect(sub.code, sub.stderr).toBe(0);
    const id = sub.stdout.trim();
    expect(id).toMatch(/^sub-\d{8}-\d{6}-[0-9a-f]{4}$/);
    started.push(id);

    // Wait (bounded) for Spark's first completed micro-batch, as the job's listener recorded it.
    let st = await status(id);
    for (let i = 0; i < 240 && st.lastProgress === null && st.state === "running"; i++) st = await status(id);
    const firstBatchMs = performance.now() - t0;
    console.log(`kindling submit → first batch on Spark: ${Math.round(firstBatchMs)} ms`);
    expect(st.state).toBe("running");
    expect(st.lastProgress?.name).toBe("rates");
    expect(st.lastProgress?.numInputRows).toBe(5);
    expect(st.appId).toMatch(/^app-\d{14}-\d{4}$/);
    expect(st.appState).toBe("RUNNING");

    const list = await cli(["jobs", "list"], env);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+running\\s+${st.appId}\\s+RUNNING`));

    const logs = await cli(["jobs", "logs", id], env);
    expect(logs.stdout).toContain(`kindling: application ${st.appId} on spark://127.0.0.1:7077`);
    expect(logs.stdout).toMatch(/Batch: \d+\n-+\n\+-----\+------\+\n\|value\|parity\|/);
    // By Spark application id as well as by submission id.
    expect((await status(st.appId!)).id).toBe(id);

    const kill = await cli(["jobs", "kill", id], env);
    expect(kill.code, kill.stderr).toBe(0);
    expect(kill.stdout).toMatch(new RegExp(`killed ${id} \\(${st.appId}: (FINISHED|KILLED)\\)`));
    const after = await status(id);
    expect(after.state).toBe("killed");
    expect(["FINISHED", "KILLED"]).toContain(after.appState);
    const again = await cli(["jobs", "kill", id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not running \(killed\)/);
  }, 400_000);

  it("a job that fails on Spark reports Spark's error: a Spark without the Kafka connector", async () => {
    const r = await cli(["submit", join(JOBS, "course-job.ts"), "--no-kafka-jars"], env, 300_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the job sub-\S+ failed on Spark: AnalysisException: Failed to find data source: kafka\./);
    expect(r.stderr).toMatch(/fix: this Spark lacks the Kafka connector \(org\.apache\.spark:spark-sql-kafka-0-10_2\.13:4\.1\.1/);
    const id = /the job (sub-\S+) failed/.exec(r.stderr)![1]!;
    started.push(id);
    const st = await status(id);
    expect(st.state).toBe("failed");
    expect(st.error?.type).toBe("AnalysisException");
  }, 400_000);

  it("bad masters fail at once with what to do", async () => {
    const job = join(JOBS, "rate-console.ts");
    const spork = await cli(["submit", job, "--master", "spork://x"], env);
    expect(spork.code).toBe(1);
    expect(spork.stderr).toMatch(/unsupported Spark master URL "spork:\/\/x"\n\s+fix: use spark:\/\/host:port/);
    const noPort = await cli(["submit", job, "--master", "spark://nohost"], env);
    expect(noPort.stderr).toMatch(/has no valid host:port/);
    const closed = await cli(["submit", job, "--master", "spark://127.0.0.1:7099"], env);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/cannot reach the Spark master at spark:\/\/127\.0\.0\.1:7099\n\s+fix: start the local one with `kindling stack up spark`/);
    expect((await cli(["jobs", "status", "sub-none"], env)).stderr).toMatch(/no submission "sub-none"/);
  }, 120_000);
});

/**
 * `kindling submit --deploy rest` against the local master's REST submission server (port 6066):
 * the driver starts on the worker (cluster mode), and a streaming job submitted detached reaches
 * its first batch, shows up in `kindling jobs` with the driver's id, and is killed through the
 * master; a batch job in the foreground prints its result and exits 0.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../support/cli.js";
import { requireSpark } from "../support/stack.js";

const JOBS = join(import.meta.dirname, "fixtures", "jobs");
const env = { ...process.env, KINDLING_SUBMISSIONS_DIR: mkdtempSync(join(tmpdir(), "kindling-rest-submissions-")) };
const started: string[] = [];

interface Status { readonly state: string; readonly appId: string | null; readonly lastProgress: { name: string } | null }

async function status(id: string): Promise<Status> {
  const r = await cli(["jobs", "status", id, "--json"], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Status;
}

beforeAll(async () => {
  await requireSpark();
});

afterAll(async () => {
  for (const id of started) {
    if ((await status(id)).state === "running") await cli(["jobs", "kill", id], env);
  }
}, 120_000);

describe("kindling submit --deploy rest", () => {
  it("a batch job runs in a driver the master started, its output comes back, exit 0", async () => {
    const r = await cli(["submit", join(JOBS, "compare-disagree.ts"), "--deploy", "rest"], env, 300_000);
    expect(r.code, `${r.stderr}\n${r.stdout}`).toBe(0);
    expect(r.stderr).toMatch(/submitted compare-disagree\.ts to http:\/\/127\.0\.0\.1:6066 as sub-\S+ \(driver driver-\d+-\d+/);
    expect(r.stdout).toMatch(/kindling: application app-\S+ on spark:\/\/127\.0\.0\.1:7077/);
    expect(r.stdout).toMatch(/\|\s*id\|twice\|\s*now\|/);
    const id = /as (sub-\S+)/.exec(r.stderr)![1]!;
    expect((await status(id)).state).toBe("finished");
    console.log(`submit --deploy rest (batch, foreground): ${Math.round(r.ms)} ms`);
  }, 330_000);

  it("a streaming job detached: first batch, listed with its driver, killed through the master", async () => {
    const sub = await cli(["submit", join(JOBS, "rate-console.ts"), "--deploy", "rest", "--detach"], env);
    expect(sub.code, sub.stderr).toBe(0);
    const id = sub.stdout.trim();
    started.push(id);
    expect(sub.stderr).toMatch(/\(driver driver-\d+-\d+\)/);
    let st = await status(id);
    for (let i = 0; i < 240 && st.lastProgress === null && st.state === "running"; i++) st = await status(id);
    expect(st.state).toBe("running");
    expect(st.lastProgress?.name).toBe("rates");
    const list = await cli(["jobs", "list"], env);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+running\\s+app-`));
    const kill = await cli(["jobs", "kill", id], env, 60_000);
    expect(kill.code, kill.stderr).toBe(0);
    expect((await status(id)).state).toBe("killed");
  }, 330_000);
});

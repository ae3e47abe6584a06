import { spawn } from "node:child_process";
import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SparkSession } from "../../src/index.js";
import { kindlingRows } from "../differential/support/diff-case.js";
import { expectSameRows } from "../support/compare-rows.js";

const FILES = 25;
const ROWS_PER_FILE = 40;
const KILLS = 20;
const JOB = join(import.meta.dirname, "fixtures", "file-pipeline.ts");
const TSX = createRequire(import.meta.url).resolve("tsx");

/** A small deterministic PRNG, so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writeInput(dir: string): void {
  for (let f = 0; f < FILES; f++) {
    const lines = Array.from({ length: ROWS_PER_FILE }, (_, i) => {
      const id = f * ROWS_PER_FILE + i;
      return JSON.stringify({ id, t: new Date(id * 1000).toISOString(), v: id / 4 });
    });
    const file = join(dir, `part-${String(f).padStart(3, "0")}.json`);
    writeFileSync(file, lines.join("\n") + "\n");
    utimesSync(file, 1_600_000_000 + f, 1_600_000_000 + f);
  }
}

/** Runs the job; with `killAfterMs`, SIGKILLs it then (if it is still running). Resolves with how it ended. */
function runJob(input: string, output: string, ckpt: string, killAfterMs?: number): Promise<{ code: number | null; killed: boolean; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", TSX, JOB, input, output, ckpt], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let killed = false;
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => {
      killed = child.kill("SIGKILL");
    }, killAfterMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, killed: killed && code === null, stderr });
    });
  });
}

function outputRows(dir: string): unknown[][] {
  const spark = SparkSession.builder.getOrCreate();
  return kindlingRows(spark.read.schema("id BIGINT, t STRING, v DOUBLE, v2 DOUBLE").json(dir));
}

/**
 * Exactly-once through crashes: a checkpointed query with a file sink is SIGKILLed at 20 random
 * moments and restarted each time; its final output equals a clean run's, with nothing lost and
 * nothing duplicated.
 */
describe("kill -9 and restart on the checkpoint", () => {
  it("ends with the same output as a clean run", async () => {
    const input = mkdtempSync(join(tmpdir(), "kindling-fault-in-"));
    writeInput(input);

    const cleanOut = mkdtempSync(join(tmpdir(), "kindling-fault-clean-"));
    const clean = await runJob(input, join(cleanOut, "out"), join(cleanOut, "ckpt"));
    expect(clean.code, clean.stderr).toBe(0);
    const expected = outputRows(join(cleanOut, "out"));
    expect(expected).toHaveLength(FILES * ROWS_PER_FILE);

    const seed = Number(process.env["KINDLING_FAULT_SEED"] ?? Date.now() % 100_000);
    const random = prng(seed);
    const crashed = mkdtempSync(join(tmpdir(), "kindling-fault-crash-"));
    let kills = 0;
    for (let attempt = 0; attempt < KILLS; attempt++) {
      // Node and tsx take a few hundred ms to start; the batches come after.
      const result = await runJob(input, join(crashed, "out"), join(crashed, "ckpt"), 300 + Math.floor(random() * 1500));
      if (result.killed) kills++;
      else expect(result.code, `seed ${seed}: ${result.stderr}`).toBe(0);
    }
    const last = await runJob(input, join(crashed, "out"), join(crashed, "ckpt"));
    expect(last.code, `seed ${seed}: ${last.stderr}`).toBe(0);
    expect(kills, `seed ${seed}: the job should have been killed mid-run at least once`).toBeGreaterThan(0);

    const got = outputRows(join(crashed, "out"));
    expect(got, `seed ${seed}`).toHaveLength(FILES * ROWS_PER_FILE);
    expectSameRows(got, expected, { names: [`after ${kills} kills (seed ${seed})`, "clean run"] });
  }, 600_000);
});

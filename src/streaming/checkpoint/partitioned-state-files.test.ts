import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PartitionedStateFiles, SNAPSHOT_EVERY } from "./partitioned-state-files.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "kindling-pstate-"));
  dirs.push(d);
  return d;
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** What a fresh reader (a restarted query) restores after batch `last`. */
function read(dir: string, last: number, n: number): Record<number, string> {
  const out: Record<number, string> = {};
  const found = new PartitionedStateFiles(dir, n).read(last, (p, text) => { out[p] = text; });
  expect(found).toBe(true);
  return out;
}

/** A state of 4 partitions whose partition p holds `["p<p>@<batch it last changed>"]`. */
function model() {
  const at: number[] = [-1, -1, -1, -1];
  const text = (p: number): string => (at[p]! < 0 ? "[]" : JSON.stringify([`p${p}@${at[p]}`]));
  return { at, text, expected: () => Object.fromEntries(at.flatMap((b, p) => (b < 0 ? [] : [[p, text(p)]]))) };
}

describe("PartitionedStateFiles", () => {
  it("restores every batch's state, through snapshots and the deltas after them", () => {
    const dir = tempDir();
    const files = new PartitionedStateFiles(dir, 4);
    const m = model();
    const after: Record<number, Record<number, string>> = {};
    for (let b = 0; b < 3 * SNAPSHOT_EVERY; b++) {
      const changed = [b % 4, (b * 3) % 4].filter((p, i, all) => all.indexOf(p) === i && (b % 5 !== 4));
      for (const p of changed) m.at[p] = b;
      files.write(b, changed, m.text);
      after[b] = m.expected();
      // Whatever the last committed batch, a restart restores it (and, after batch b, b - 1 too).
      expect(read(dir, b, 4)).toEqual(after[b]);
      if (b > 0) expect(read(dir, b - 1, 4)).toEqual(after[b - 1]);
      if (b > 0) files.write(b, changed, m.text); // the reads dropped batch b's file, as a restart would; write it again
    }
    // Old versions are dropped: two snapshots and the deltas between and after them at most.
    const names = readdirSync(dir).filter((f) => f !== "partitions.json");
    expect(names.filter((f) => f.endsWith(".snapshot")).length).toBeLessThanOrEqual(2);
    expect(names.length).toBeLessThanOrEqual(2 * SNAPSHOT_EVERY + 2);
  });

  it("drops the files of a batch that was written but never committed", () => {
    const dir = tempDir();
    const files = new PartitionedStateFiles(dir, 4);
    files.write(0, [0], (p) => (p === 0 ? '["a"]' : "[]"));
    files.write(1, [0], (p) => (p === 0 ? '["b"]' : "[]"));
    // Batch 1 was written, but the query stopped before committing it: a restart restores batch 0.
    expect(read(dir, 0, 4)).toEqual({ 0: '["a"]' });
    expect(existsSync(join(dir, "1.delta"))).toBe(false);
    // The re-run of batch 1 changes nothing: a later restart must not find the old batch 1.
    const again = new PartitionedStateFiles(dir, 4);
    again.read(0, () => {});
    again.write(1, [], () => "unused");
    expect(read(dir, 1, 4)).toEqual({ 0: '["a"]' });
  });

  it("says there is no partitioned state in a folder without it, and refuses another partition count", () => {
    const dir = tempDir();
    expect(new PartitionedStateFiles(dir, 3).read(0, () => {})).toBe(false);
    new PartitionedStateFiles(dir, 3).write(0, [], () => "[]");
    expect(() => new PartitionedStateFiles(dir, 8).read(0, () => {})).toThrow(/has 3 partitions, and this query runs with 8 \(spark.sql.shuffle.partitions\)/);
  });
});

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

/**
 * A toy partitioned state: partition → key → value. A snapshot line is a partition's entries, a
 * delta line its puts and removed keys, as the aggregation state writes them.
 */
type Toy = Map<number, Map<string, number>>;

function snapshotOf(state: Toy): (p: number) => string {
  return (p) => JSON.stringify([...(state.get(p) ?? new Map<string, number>())]);
}

function restoreFrom(dir: string, last: number, n: number): Toy {
  const state: Toy = new Map();
  const part = (p: number) => state.get(p) ?? state.set(p, new Map()).get(p)!;
  const found = new PartitionedStateFiles(dir, n).read(last, {
    snapshot: (p, text) => { for (const [k, v] of JSON.parse(text) as [string, number][]) part(p).set(k, v); },
    delta: (p, text) => {
      const d = JSON.parse(text) as { put: [string, number][]; removed: string[] };
      for (const k of d.removed) part(p).delete(k);
      for (const [k, v] of d.put) part(p).set(k, v);
    },
  });
  expect(found).toBe(true);
  return state;
}

/** The toy's entries, empty partitions left out, in a canonical order. */
function canonical(state: Toy): string[] {
  return [...state].flatMap(([p, m]) => [...m].map(([k, v]) => `${p}/${k}=${v}`)).sort();
}

describe("PartitionedStateFiles", () => {
  it("restores every batch's state, through snapshots and the deltas after them", () => {
    const dir = tempDir();
    const files = new PartitionedStateFiles(dir, 4);
    const state: Toy = new Map();
    const after: string[][] = [];
    for (let b = 0; b < 3 * SNAPSHOT_EVERY + 3; b++) {
      // Each batch puts two keys and, every third batch, removes one put three batches before.
      const changes = new Map<number, { put: [string, number][]; removed: string[] }>();
      const change = (p: number) => changes.get(p) ?? changes.set(p, { put: [], removed: [] }).get(p)!;
      for (const k of [`k${b}`, `k${b % 5}`]) {
        const p = Number(k.slice(1)) % 4;
        (state.get(p) ?? state.set(p, new Map()).get(p)!).set(k, b);
        change(p).put.push([k, b]);
      }
      if (b % 3 === 2 && b >= 3) {
        const gone = `k${b - 3}`;
        const p = (b - 3) % 4;
        if (state.get(p)?.delete(gone) === true) {
          change(p).removed.push(gone);
          change(p).put = change(p).put.filter(([k]) => k !== gone);
        }
      }
      files.write(b, new Map([...changes].map(([p, c]) => [p, JSON.stringify(c)])), snapshotOf(state));
      after[b] = canonical(state);
      // Whatever the last committed batch, a restart restores it (and, after batch b, b - 1 too).
      expect(canonical(restoreFrom(dir, b, 4)), `after batch ${b}`).toEqual(after[b]);
      if (b > 0) {
        expect(canonical(restoreFrom(dir, b - 1, 4)), `after batch ${b - 1}, with ${b} written`).toEqual(after[b - 1]);
        // That read dropped batch b's file, as a restart would: write it again.
        files.write(b, new Map([...changes].map(([p, c]) => [p, JSON.stringify(c)])), snapshotOf(state));
      }
    }
    // Old versions are dropped: two snapshots and the deltas between and after them at most.
    const names = readdirSync(dir).filter((f) => f !== "partitions.json");
    expect(names.filter((f) => f.endsWith(".snapshot")).length).toBeLessThanOrEqual(2);
    expect(names.length).toBeLessThanOrEqual(2 * SNAPSHOT_EVERY + 2);
  });

  it("drops the files of a batch that was written but never committed", () => {
    const dir = tempDir();
    const files = new PartitionedStateFiles(dir, 4);
    const state: Toy = new Map([[0, new Map([["a", 1]])]]);
    files.write(0, new Map(), snapshotOf(state));
    files.write(1, new Map([[0, JSON.stringify({ put: [["b", 2]], removed: [] })]]), snapshotOf(state));
    // Batch 1 was written, but the query stopped before committing it: a restart restores batch 0.
    expect(canonical(restoreFrom(dir, 0, 4))).toEqual(["0/a=1"]);
    expect(existsSync(join(dir, "1.delta"))).toBe(false);
    // The re-run of batch 1 changes nothing: a later restart must not find the old batch 1.
    const again = new PartitionedStateFiles(dir, 4);
    again.read(0, { snapshot: () => {}, delta: () => {} });
    again.write(1, new Map(), snapshotOf(state));
    expect(canonical(restoreFrom(dir, 1, 4))).toEqual(["0/a=1"]);
  });

  it("says there is no partitioned state in a folder without it, and refuses another partition count", () => {
    const dir = tempDir();
    const none = { snapshot: () => {}, delta: () => {} };
    expect(new PartitionedStateFiles(dir, 3).read(0, none)).toBe(false);
    new PartitionedStateFiles(dir, 3).write(0, new Map(), () => "[]");
    expect(() => new PartitionedStateFiles(dir, 8).read(0, none)).toThrow(/has 3 partitions, and this query runs with 8 \(spark.sql.shuffle.partitions\)/);
  });
});

/**
 * One side's buffer of a stream-stream join (Spark's SymmetricHashJoinStateManager, state format 2):
 * a multi-map from the equi-join key to the input rows seen with that key, each with a `matched`
 * flag that says whether it ever joined with a row of the other side (outer joins emit the rows
 * that never did, null-padded, when the watermark evicts them).
 *
 * Rows are kept as arrays of physical values (see src/physical/vector.ts): the buffer is read one
 * key at a time, and eviction walks it once per batch.
 *
 * ```ts
 * const s = new JoinSideState();
 * s.append(7, [7], [7, 100_000_000n, "a"], false);
 * s.get(7);                                  // [{ values: [7, 100000000n, "a"], matched: false }]
 * s.removeWhere((key, row) => row.values[1]! <= 0n);
 * ```
 */
import { stateFromJson, stateToJson } from "./state-json.js";

/** The hash-map key of a join key (see `rowKey` in src/physical/kernels/group-ids.ts). */
export type JoinMapKey = string | number | bigint | boolean;

export interface StoredRow {
  readonly values: readonly unknown[];
  matched: boolean;
}

interface KeyEntry {
  /** The key's physical values (for key-watermark eviction). */
  readonly key: readonly unknown[];
  readonly rows: StoredRow[];
}

const NONE: readonly StoredRow[] = Object.freeze([]);

export class JoinSideState {
  private readonly byKey = new Map<JoinMapKey, KeyEntry>();
  private rowCount = 0;

  /** The number of buffered rows (Spark reports this as the side's numRowsTotal). */
  get numRows(): number {
    return this.rowCount;
  }

  /** The rows buffered under `mapKey`, oldest first. */
  get(mapKey: JoinMapKey): readonly StoredRow[] {
    return this.byKey.get(mapKey)?.rows ?? NONE;
  }

  /** Buffers one row under its key; returns the stored row (its `matched` flag may change later). */
  append(mapKey: JoinMapKey, key: readonly unknown[], values: readonly unknown[], matched: boolean): StoredRow {
    let entry = this.byKey.get(mapKey);
    if (entry === undefined) {
      entry = { key, rows: [] };
      this.byKey.set(mapKey, entry);
    }
    const row: StoredRow = { values, matched };
    entry.rows.push(row);
    this.rowCount++;
    return row;
  }

  /** Removes every row for which `expired(key, row)` holds; returns them in key, then arrival order. */
  removeWhere(expired: (key: readonly unknown[], row: StoredRow) => boolean): StoredRow[] {
    const gone: StoredRow[] = [];
    for (const [mapKey, entry] of this.byKey) {
      const kept: StoredRow[] = [];
      for (const row of entry.rows) (expired(entry.key, row) ? gone : kept).push(row);
      if (kept.length === entry.rows.length) continue;
      if (kept.length === 0) this.byKey.delete(mapKey);
      else entry.rows.splice(0, entry.rows.length, ...kept);
    }
    this.rowCount -= gone.length;
    return gone;
  }

  /** A rough size for progress reports (`memoryUsedBytes`). */
  estimatedBytes(width: number): number {
    return this.byKey.size * 64 + this.rowCount * (48 + 16 * width);
  }

  /** A JSON snapshot for the checkpoint (bigints, bytes and non-finite doubles tagged). */
  snapshot(): string {
    return stateToJson([...this.byKey].map(([k, e]) => [k, e.key, e.rows.map((r) => [r.values, r.matched])]));
  }

  restore(text: string): void {
    this.byKey.clear();
    this.rowCount = 0;
    const entries = stateFromJson(text) as Array<[JoinMapKey, unknown[], Array<[unknown[], boolean]>]>;
    for (const [k, key, rows] of entries) {
      this.byKey.set(k, { key, rows: rows.map(([values, matched]) => ({ values, matched })) });
      this.rowCount += rows.length;
    }
  }
}

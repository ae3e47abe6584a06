/**
 * A key → value state split into partitions by a hash of the key (state-partition.ts), for the
 * stateful operators whose state is one value per key (`dropDuplicates`' seen keys,
 * `dropDuplicatesWithinWatermark`'s expiries), with the checkpoint form every partitioned state
 * has here ({@link PartitionedStateStore}): a snapshot per partition, and deltas of the keys put
 * and removed since the last checkpoint.
 *
 * ```ts
 * const seen = new KeyedState<bigint | null>(200, nullableBigintCodec);
 * seen.set("k", 5n);
 * seen.has("k"); // true
 * ```
 */
import { InternalError } from "../../common/errors.js";
import type { StateKey } from "./state-key.js";
import { emptyPartitions, entryCount, type PartitionedStateStore } from "./partitioned-state-store.js";
import { statePartitionOf } from "./state-partition.js";
import { stateFromJson, stateToJson } from "./state-json.js";

/** How a value is written to JSON and read back. */
export interface ValueCodec<V> {
  encode(value: V): unknown;
  decode(json: unknown): V;
}

/** A bigint or null value (a microsecond time), as a decimal string. */
export const nullableBigintCodec: ValueCodec<bigint | null> = {
  encode: (v) => (v === null ? null : v.toString()),
  decode: (j) => (j === null ? null : BigInt(j as string)),
};

/** A bigint value (a microsecond time), as a decimal string. */
export const bigintCodec: ValueCodec<bigint> = {
  encode: (v) => v.toString(),
  decode: (j) => BigInt(j as string),
};


export class KeyedState<V> implements PartitionedStateStore {
  private parts: Map<StateKey, V>[];
  trackChanges = false;
  /** Per partition, the keys put and removed since the last {@link takeChanges}. */
  private readonly changes = new Map<number, { put: Set<StateKey>; removed: Set<StateKey> }>();

  constructor(
    numPartitions: number,
    private readonly codec: ValueCodec<V>,
  ) {
    this.parts = emptyPartitions(numPartitions);
  }

  get numPartitions(): number {
    return this.parts.length;
  }

  /** How many entries (groups, keys) the state holds. */
  get size(): number {
    return entryCount(this.parts);
  }

  private partOf(k: StateKey): Map<StateKey, V> {
    return this.parts[statePartitionOf(k, this.parts.length)]!;
  }

  has(k: StateKey): boolean {
    return this.partOf(k).has(k);
  }

  set(k: StateKey, v: V): void {
    const p = statePartitionOf(k, this.parts.length);
    this.parts[p]!.set(k, v);
    if (!this.trackChanges) return;
    const c = this.changesOf(p);
    c.put.add(k);
    c.removed.delete(k);
  }

  /** Removes every entry for which `expired(value)` is true; returns how many. */
  removeWhere(expired: (value: V) => boolean): number {
    let removed = 0;
    this.parts.forEach((part, p) => {
      for (const [k, v] of part) {
        if (!expired(v)) continue;
        part.delete(k);
        removed++;
        if (!this.trackChanges) continue;
        const c = this.changesOf(p);
        c.put.delete(k);
        c.removed.add(k);
      }
    });
    return removed;
  }

  private changesOf(p: number): { put: Set<StateKey>; removed: Set<StateKey> } {
    let c = this.changes.get(p);
    if (c === undefined) this.changes.set(p, (c = { put: new Set(), removed: new Set() }));
    return c;
  }

  repartition(numPartitions: number): void {
    if (numPartitions === this.parts.length) return;
    if (this.size > 0) throw new InternalError(`the state was repartitioned from ${this.parts.length} to ${numPartitions} partitions while it held keys`);
    this.parts = emptyPartitions(numPartitions);
  }

  takeChanges(): Map<number, string> {
    const out = new Map<number, string>();
    for (const p of [...this.changes.keys()].sort((a, b) => a - b)) {
      const c = this.changes.get(p)!;
      const part = this.parts[p]!;
      out.set(p, stateToJson({ put: [...c.put].map((k) => [k, this.codec.encode(part.get(k)!)]), removed: [...c.removed] }));
    }
    this.changes.clear();
    return out;
  }

  snapshotPartition(partition: number): string {
    return stateToJson([...this.parts[partition]!].map(([k, v]) => [k, this.codec.encode(v)]));
  }

  /** Adds `[key, value]` pairs: a partition's snapshot, or the whole state as older checkpoints kept it (the same form). */
  restore(text: string): void {
    for (const [key, v] of stateFromJson(text) as Array<[StateKey, unknown]>) this.partOf(key).set(key, this.codec.decode(v));
  }

  applyDelta(text: string): void {
    const d = stateFromJson(text) as { put: Array<[StateKey, unknown]>; removed: StateKey[] };
    for (const key of d.removed) this.partOf(key).delete(key);
    for (const [key, v] of d.put) this.partOf(key).set(key, this.codec.decode(v));
  }
}

import { AnalysisError, InternalError, NotImplementedError } from "../../common/errors.js";
import type { AggCall } from "../../logical/plan.js";
import { emptyBuffer, finalValue, mergeBuffer, type AggBuffer, type PartialGroups } from "../../physical/kernels/partial-aggregate.js";
import { getValue, vectorFromValues, type Vec } from "../../physical/vector.js";
import type { DataType } from "../../types/data-types.js";
import { stateKeyFunction, typedStateKeyFunction, type StateKey } from "./state-key.js";
import { valueAt } from "../../physical/columnar-struct.js";
import { emptyPartitions, entryCount, type PartitionedStateStore } from "./partitioned-state-store.js";
import { statePartitionOf } from "./state-partition.js";
import { stateFromJson, stateToJson } from "./state-json.js";

/** One group's key values (physical) and aggregate buffers. */
export interface GroupState {
  readonly key: readonly unknown[];
  readonly buffers: AggBuffer[];
}

/** A group the state holds, with its partition and map key (what emit and eviction hand around). */
export interface StoredGroup {
  readonly partition: number;
  readonly mapKey: StateKey;
  readonly group: GroupState;
}

/**
 * The state of a streaming aggregation: every group seen (and not yet evicted by the watermark)
 * with the running value of each aggregate, updated from each micro-batch. This is what Spark
 * keeps in its state stores between batches (StateStoreSaveExec); the aggregates are merged
 * exactly as a batch aggregation over all rows would compute them.
 *
 * The groups are split into `numPartitions` partitions by a hash of their key
 * (state-partition.ts), as Spark's state is split into `spark.sql.shuffle.partitions` stores:
 * a batch's checkpoint writes only the groups it changed, partition by partition
 * (partitioned-state-files.ts), and the rows a batch emits come partition by partition, each partition's in the order its groups
 * were touched (update), inserted (complete) or found expired (append). Neither depends on how
 * many threads computed the partials, so the output of `local[N]` is the same for every N.
 */
export class AggregateState implements PartitionedStateStore {
  private parts: Map<StateKey, GroupState>[];
  /**
   * Set when a checkpoint will write this state's changes ({@link takeChanges}); otherwise nothing
   * is recorded, so a query without a checkpoint keeps no record growing batch after batch.
   */
  trackChanges = false;
  /** Per partition, the groups put (merged into) and the keys removed since the last {@link takeChanges}. */
  private readonly changes = new Map<number, { put: Set<StateKey>; removed: Map<StateKey, readonly unknown[]> }>();
  private readonly keyOf: (values: readonly unknown[]) => StateKey;

  constructor(
    private readonly calls: readonly AggCall[],
    private readonly keyTypes: readonly DataType[],
    private readonly ansi: boolean,
    numPartitions = 1,
  ) {
    this.keyOf = stateKeyFunction(keyTypes);
    this.parts = emptyPartitions(numPartitions);
    for (const call of calls) {
      if (call.distinct) {
        throw new AnalysisError("Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.", {
          hint: "drop DISTINCT, or deduplicate first with dropDuplicates() and a watermark",
        });
      }
      if (call.name === "avg" && call.args[0] !== undefined && "dataType" in call.args[0] && (call.args[0] as { dataType: DataType }).dataType.kind === "decimal") {
        throw new NotImplementedError("avg() of a DECIMAL column is not supported in Kindling's streaming aggregation yet", { hint: "cast the column to double first" });
      }
    }
  }

  get numPartitions(): number {
    return this.parts.length;
  }

  /** How many entries (groups, keys) the state holds. */
  get size(): number {
    return entryCount(this.parts);
  }

  /** The groups of a single-partition state (session windows keep theirs in one). */
  get groups(): Map<StateKey, GroupState> {
    if (this.parts.length !== 1) throw new InternalError(`groups of a state with ${this.parts.length} partitions read as one map`);
    return this.parts[0]!;
  }

  /**
   * Sets the partition count of an empty state: a restarted query keeps the count its checkpoint
   * was written with, whatever the session's `spark.sql.shuffle.partitions` says now (Spark pins
   * it in the offset log's metadata: OffsetSeqMetadata.relevantSQLConfs).
   */
  repartition(numPartitions: number): void {
    if (numPartitions === this.parts.length) return;
    if (this.size > 0) throw new InternalError(`the state was repartitioned from ${this.parts.length} to ${numPartitions} partitions while it held groups`);
    this.parts = emptyPartitions(numPartitions);
  }

  /**
   * Merges one slice's partial aggregate into the state (Spark's final aggregation over the
   * partials), adding the map keys of the groups it touched to `touched[partition]` in
   * first-touch order. Slices must be merged in input order: first/last and collect_list depend
   * on it, and float sums are only reproducible when added in the same order.
   */
  mergePartial(partial: PartialGroups, touched: TouchedGroups): void {
    const keys = partial.keys;
    const calls = this.calls;
    const parts = this.parts;
    const n = parts.length;
    // Keys read in place from typed columns when the partial has them (the windowed count's
    // partials do), else from each group's values; both give the same keys (state-key.ts).
    const keyAt = typedStateKeyFunction(this.keyTypes, keys);
    const counts = partial.counts;
    const values = new Array<unknown>(keys.length);
    for (let g = 0; g < partial.numGroups; g++) {
      let mapKey: StateKey;
      if (keyAt !== null) {
        mapKey = keyAt(g);
      } else {
        for (let c = 0; c < keys.length; c++) values[c] = getValue(keys[c]!, g);
        mapKey = this.keyOf(values);
      }
      const p = statePartitionOf(mapKey, n);
      const part = parts[p]!;
      let group = part.get(mapKey);
      if (group === undefined) {
        group = { key: keys.map((k) => valueAt(k, g)), buffers: calls.map((c) => emptyBuffer(c)) };
        part.set(mapKey, group);
      }
      (touched[p] ??= new Set()).add(mapKey);
      if (counts !== undefined) {
        // mergeBuffer of two counts, without a buffer object per partial group.
        for (let c = 0; c < calls.length; c++) (group.buffers[c] as Extract<AggBuffer, { kind: "count" }>).n += counts[c]![g]!;
        continue;
      }
      const from = partial.buffers[g]!;
      for (let c = 0; c < calls.length; c++) mergeBuffer(calls[c]!, group.buffers[c]!, from[c]!, this.ansi);
    }
  }

  /** Records a batch's touched groups as changed, for the next checkpoint (once per batch, after its merges). */
  recordTouched(touched: TouchedGroups): void {
    if (!this.trackChanges) return;
    touched.forEach((keys, p) => {
      if (keys === undefined) return;
      const c = this.changesOf(p);
      for (const k of keys) {
        c.put.add(k);
        c.removed.delete(k);
      }
    });
  }

  private changesOf(p: number): { put: Set<StateKey>; removed: Map<StateKey, readonly unknown[]> } {
    let c = this.changes.get(p);
    if (c === undefined) this.changes.set(p, (c = { put: new Set(), removed: new Map() }));
    return c;
  }

  /** Every group, partition by partition, each in insertion order (complete mode's output). */
  all(): StoredGroup[] {
    const out: StoredGroup[] = [];
    this.parts.forEach((part, partition) => { for (const [mapKey, group] of part) out.push({ partition, mapKey, group }); });
    return out;
  }

  /** The groups a batch touched, partition by partition, each in first-touch order (update mode's output). */
  touchedGroups(touched: TouchedGroups): StoredGroup[] {
    const out: StoredGroup[] = [];
    for (let partition = 0; partition < this.parts.length; partition++) {
      const keys = touched[partition];
      if (keys === undefined) continue;
      const part = this.parts[partition]!;
      for (const mapKey of keys) out.push({ partition, mapKey, group: part.get(mapKey)! });
    }
    return out;
  }

  /** The groups' key columns and final aggregate values, as the aggregate's output columns. */
  materialize(stored: readonly StoredGroup[]): Vec[] {
    const groups = stored.map((s) => s.group);
    const keyCols = this.keyTypes.map((t, c) => vectorFromValues(t, groups.map((g) => g.key[c])));
    const aggCols = this.calls.map((call, c) => vectorFromValues(call.dataType, groups.map((g) => finalValue(call, g.buffers[c]!))));
    return [...keyCols, ...aggCols];
  }

  /** The groups for which `expired(key)` is true, partition by partition (append mode's output); {@link remove} drops them. */
  evict(expired: (key: readonly unknown[]) => boolean): StoredGroup[] {
    const gone: StoredGroup[] = [];
    this.parts.forEach((part, partition) => { for (const [mapKey, group] of part) if (expired(group.key)) gone.push({ partition, mapKey, group }); });
    return gone;
  }

  remove(stored: readonly StoredGroup[]): void {
    for (const s of stored) {
      this.parts[s.partition]!.delete(s.mapKey);
      if (!this.trackChanges) continue;
      const c = this.changesOf(s.partition);
      c.put.delete(s.mapKey);
      c.removed.set(s.mapKey, s.group.key);
    }
  }

  /**
   * The changes since the last call, per partition in ascending order, as delta text (the groups
   * put, whole, and the key values of the groups removed: Spark's state store deltas likewise hold
   * the rows put and the keys removed, HDFSBackedStateStoreProvider); clears the record.
   */
  takeChanges(): Map<number, string> {
    const out = new Map<number, string>();
    for (const p of [...this.changes.keys()].sort((a, b) => a - b)) {
      const c = this.changes.get(p)!;
      const part = this.parts[p]!;
      const put = [...c.put].map((k) => part.get(k)!);
      out.set(p, stateToJson({ put, removed: [...c.removed.values()] }));
    }
    this.changes.clear();
    return out;
  }

  /** Applies a delta written by {@link takeChanges} (after the snapshot and the deltas before it). */
  applyDelta(text: string): void {
    const { put, removed } = stateFromJson(text) as { put: GroupState[]; removed: unknown[][] };
    for (const key of removed) {
      const mapKey = this.keyOf(key);
      this.parts[statePartitionOf(mapKey, this.parts.length)]!.delete(mapKey);
    }
    for (const g of put) {
      const mapKey = this.keyOf(g.key);
      this.parts[statePartitionOf(mapKey, this.parts.length)]!.set(mapKey, g);
    }
  }

  /** One partition as JSON (state-json.ts), for the checkpoint. */
  snapshotPartition(partition: number): string {
    return stateToJson([...this.parts[partition]!.values()]);
  }

  /** The whole state as JSON, every partition's groups in one list (the single-file checkpoint form). */
  snapshot(): string {
    return stateToJson(this.all().map((s) => s.group));
  }

  /**
   * Adds the groups of a snapshot (of one partition, or of a whole state in the single-file
   * form): each goes to the partition its key hashes to now, with its key recomputed from its
   * values, so a checkpoint written with another key scheme or partition count restores to the
   * same groups.
   */
  restore(text: string): void {
    const groups = stateFromJson(text) as GroupState[] | Array<[StateKey, GroupState]>;
    for (const entry of groups) {
      // Kindling before partitioned state wrote [mapKey, group] pairs.
      const g = Array.isArray(entry) ? entry[1] : entry;
      const mapKey = this.keyOf(g.key);
      this.parts[statePartitionOf(mapKey, this.parts.length)]!.set(mapKey, g);
    }
  }

  /** A rough size of the state for progress reports (`memoryUsedBytes`). */
  estimatedBytes(): number {
    return this.size * (64 + 32 * (this.keyTypes.length + this.calls.length));
  }
}

/** The map keys a micro-batch touched, per partition, each set in first-touch order. */
export type TouchedGroups = Array<Set<StateKey> | undefined>;

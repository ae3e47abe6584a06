import { InternalError } from "../../common/errors.js";
import type { StateKey } from "./state-key.js";

/**
 * A state that a checkpoint writes partition by partition (partitioned-state-files.ts): the
 * operators' states implement it (AggregateState, KeyedState).
 */
export interface PartitionedStateStore {
  readonly numPartitions: number;
  /** Sets the partition count of an empty state (a restart keeps its checkpoint's). */
  repartition(numPartitions: number): void;
  /** Set when a checkpoint will take the changes; nothing is recorded otherwise. */
  trackChanges: boolean;
  /** The changes since the last call, per partition (delta text); clears the record. */
  takeChanges(): Map<number, string>;
  snapshotPartition(partition: number): string;
  /** Adds a snapshot's entries (of one partition, or of a whole state in the single-file form of older checkpoints). */
  restore(text: string): void;
  applyDelta(text: string): void;
}

/** `n` empty partitions (maps from state key to entry). */
export function emptyPartitions<V>(n: number): Map<StateKey, V>[] {
  if (!Number.isInteger(n) || n < 1) throw new InternalError(`a state needs a positive whole number of partitions, not ${n}`);
  return Array.from({ length: n }, () => new Map<StateKey, V>());
}

/** The entries of every partition. */
export function entryCount(parts: readonly Map<StateKey, unknown>[]): number {
  let n = 0;
  for (const p of parts) n += p.size;
  return n;
}

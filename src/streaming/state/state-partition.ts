/**
 * Which state partition a group belongs to: a hash of its state key modulo the number of
 * partitions, as Spark's shuffle before a stateful operator puts each grouping key in one of
 * `spark.sql.shuffle.partitions` partitions (HashPartitioning: `pmod(murmur3(keys), n)`), and each
 * partition keeps its own state store (StateStoreRDD: one store per operator and partition).
 *
 * The hash is not Spark's Murmur3 of the key's values: it is FNV-1a over the state key (the
 * string of the key's bits that state-key.ts makes, or its text), which every thread computes the
 * same way and which costs a few ns a code unit on keys that are already built. Which groups share
 * a partition may thus differ from Spark's; what Spark guarantees, and this keeps, is that one key
 * is always in one partition, that the partition count is fixed for the life of a checkpoint, and
 * that the result does not depend on it.
 *
 * ```ts
 * statePartitionOf("\u0001\u0002", 200); // always the same partition in [0, 200)
 * ```
 */
import type { StateKey } from "./state-key.js";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over a string's UTF-16 code units (both bytes of each), as an unsigned 32-bit number. */
function fnv1a(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    h = Math.imul(h ^ (u & 0xff), FNV_PRIME);
    h = Math.imul(h ^ (u >>> 8), FNV_PRIME);
  }
  return h >>> 0;
}

/** The partition in `[0, numPartitions)` that holds the group with this state key. */
export function statePartitionOf(key: StateKey, numPartitions: number): number {
  if (numPartitions === 1) return 0;
  const text = typeof key === "string" ? key : `${typeof key}:${String(key)}`;
  return fnv1a(text) % numPartitions;
}

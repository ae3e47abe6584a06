import { newPlanId, type LogicalPlan, type ResolvedPlan } from "../../logical/plan.js";
import type { Batch } from "../../physical/vector.js";
import type { StructType } from "../../types/data-types.js";
import type { StreamSource } from "../source.js";

/**
 * A streaming source as the plan knows it: its schema and how to open it. Every query started
 * from a plan opens its own source (as every Spark query makes its own), so two queries over one
 * `readStream...load()` DataFrame never share a Kafka consumer or its buffers.
 */
export interface StreamingLeaf {
  readonly schema: StructType;
  readonly description: string;
  /** How the source was asked for (`readStream.format(…).option(…).schema(…).load(path)`), for code generation; null for a MemoryStream. */
  readonly spec: StreamingSourceSpec | null;
  open(): StreamSource;
}

/** A `readStream` call as data: the format, its options (keys lower-cased), the user's schema and path. */
export interface StreamingSourceSpec {
  readonly format: string;
  readonly options: Readonly<Record<string, string>>;
  readonly userSchema: StructType | null;
  readonly path: string | null;
}

/**
 * The engine knows local relations, so a source enters the plan as an (empty) local relation whose
 * `batches` array is a marker registered here; each micro-batch swaps in the batch's rows. Analysis
 * passes the array through by reference, so the marker names the leaf in the resolved plan too.
 */
const LEAVES = new WeakMap<readonly Batch[], StreamingLeaf>();

/** A logical plan leaf reading a stream. */
export function streamingRelation(leaf: StreamingLeaf): LogicalPlan {
  const marker: Batch[] = [];
  Object.freeze(marker);
  LEAVES.set(marker, leaf);
  return { kind: "localRelation", planId: newPlanId(), schema: leaf.schema, batches: marker };
}

/** A leaf over one source object that every query shares (a MemoryStream holds only data). */
export function sharedSourceLeaf(source: StreamSource): StreamingLeaf {
  return { schema: source.schema, description: source.description, spec: null, open: () => source };
}

/** The streaming leaf a plan node is, if it is one. */
export function streamingLeafOf(node: LogicalPlan | ResolvedPlan): StreamingLeaf | undefined {
  return node.kind === "localRelation" ? LEAVES.get(node.batches) : undefined;
}

/** The streaming leaves of a logical plan, in depth-first order (the order of the offsets log), each once. */
export function streamingLeaves(plan: LogicalPlan): StreamingLeaf[] {
  const out: StreamingLeaf[] = [];
  const walk = (p: LogicalPlan): void => {
    const leaf = streamingLeafOf(p);
    if (leaf !== undefined && !out.includes(leaf)) out.push(leaf);
    switch (p.kind) {
      case "localRelation": case "range": case "fileScan": return;
      case "join": case "union": walk(p.left); walk(p.right); return;
      default: walk(p.child);
    }
  };
  walk(plan);
  return out;
}

/** True when a logical plan reads at least one stream (`df.isStreaming`). */
export function isStreamingPlan(plan: LogicalPlan): boolean {
  return streamingLeaves(plan).length > 0;
}

import { newPlanId, type LogicalPlan, type ResolvedPlan } from "../../logical/plan.js";
import type { Batch } from "../../physical/vector.js";
import type { StreamSource } from "../source.js";

/**
 * A streaming source inside a logical plan. The engine knows local relations, so a source enters
 * the plan as an (empty) local relation whose `batches` array is a marker object registered here;
 * each micro-batch swaps it for the batch's rows. Analysis passes the array through by reference,
 * so the marker identifies the source in the resolved plan too.
 */
const SOURCES = new WeakMap<readonly Batch[], StreamSource>();

/** A logical plan leaf reading `source`. */
export function streamingRelation(source: StreamSource): LogicalPlan {
  const marker: Batch[] = [];
  Object.freeze(marker);
  SOURCES.set(marker, source);
  return { kind: "localRelation", planId: newPlanId(), schema: source.schema, batches: marker };
}

/** The source a plan node reads, when it is a streaming leaf. */
export function streamingSourceOf(node: LogicalPlan | ResolvedPlan): StreamSource | undefined {
  return node.kind === "localRelation" ? SOURCES.get(node.batches) : undefined;
}

/** The streaming sources of a logical plan, in depth-first order (the order of the offsets log). */
export function streamingSources(plan: LogicalPlan): StreamSource[] {
  const out: StreamSource[] = [];
  const walk = (p: LogicalPlan): void => {
    const source = streamingSourceOf(p);
    if (source !== undefined) out.push(source);
    switch (p.kind) {
      case "localRelation": case "range": case "fileScan": return;
      case "join": case "union": walk(p.left); walk(p.right); return;
      default: walk(p.child);
    }
  };
  walk(plan);
  return out;
}

/** True when a logical plan reads at least one streaming source (`df.isStreaming`). */
export function isStreamingPlan(plan: LogicalPlan): boolean {
  return streamingSources(plan).length > 0;
}

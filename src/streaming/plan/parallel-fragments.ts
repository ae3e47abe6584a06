/**
 * The parts of a streaming plan that run per input slice, on worker threads when the batch is big
 * enough (src/parallel): maximal chains of stateless operators (project, filter, window expansion,
 * withWatermark) over one streaming leaf, and, when such a chain feeds a streaming aggregation,
 * the aggregation's partial half too. The stateful half (merging partials into the state, the
 * output mode, eviction) stays on the main thread, in slice order.
 *
 * ```ts
 * const fragments = parallelFragments(plan, aggregates);
 * const done = await runFragments(fragments, input.inputs, leaves, ctx, lateWatermarkMs, options);
 * ```
 */
import type { Attribute, ResolvedPlan } from "../../logical/plan.js";
import type { ExecContext } from "../../physical/exec-context.js";
import type { PartialGroups } from "../../physical/kernels/partial-aggregate.js";
import type { Batch } from "../../physical/vector.js";
import type { FragmentSpec, WatermarkStats } from "../../parallel/partition-task.js";
import { forEachSliceOutcome, type ParallelOptions } from "../../parallel/run-slices.js";
import type { PartialMerge, StatefulAggregate } from "./stateful-aggregate.js";
import { streamingLeafOf, type StreamingLeaf } from "./streaming-leaf.js";

type AggregateNode = Extract<ResolvedPlan, { kind: "aggregate" }>;
type WatermarkNode = Extract<ResolvedPlan, { kind: "withWatermark" }>;
type ChainNode = Extract<ResolvedPlan, { kind: "project" | "filter" | "windowExpand" | "withWatermark" }>;

export interface ParallelFragment {
  /** The top of the stateless chain; its result is what `run(root)` returns. */
  readonly root: ResolvedPlan;
  /** The streaming aggregation the chain feeds, whose partial half joins the fragment. */
  readonly aggregate: AggregateNode | null;
  readonly leaf: StreamingLeaf;
  readonly spec: FragmentSpec;
  /** The chain's withWatermark nodes, bottom-up (the order of a slice's `stats`). */
  readonly watermarks: readonly WatermarkNode[];
}

export interface FragmentResults {
  readonly rows: Map<ResolvedPlan, Batch[]>;
  /** Each aggregation's partials, already merged into its state in slice order (finishMerge emits). */
  readonly merged: Map<AggregateNode, PartialMerge>;
  readonly stats: { readonly node: WatermarkNode; readonly stats: WatermarkStats }[];
}

function isChain(p: ResolvedPlan): p is ChainNode {
  return p.kind === "project" || p.kind === "filter" || p.kind === "windowExpand" || p.kind === "withWatermark";
}

/** The streaming leaf under a chain of stateless nodes (the node itself may be the leaf). */
function chainLeaf(p: ResolvedPlan): StreamingLeaf | undefined {
  const leaf = streamingLeafOf(p);
  if (leaf !== undefined) return leaf;
  if (!isChain(p)) return undefined;
  const own = p.kind === "project" ? p.exprs : p.kind === "filter" ? p.condition : p.kind === "windowExpand" ? p.timeExpr : null;
  return callsThreadSensitive(own) ? undefined : chainLeaf(p.child);
}

/**
 * Functions whose value depends on which rows ran before them on the same thread (a counter, a
 * random stream, a partition id). A fragment that calls one stays on the main thread's single
 * pass, so its results cannot depend on the thread count.
 */
const THREAD_SENSITIVE = new Set(["rand", "randn", "random", "uuid", "shuffle", "monotonically_increasing_id", "spark_partition_id"]);

function callsThreadSensitive(x: unknown): boolean {
  if (x === null || typeof x !== "object") return false;
  if (Array.isArray(x)) return x.some(callsThreadSensitive);
  const o = x as Record<string, unknown>;
  if (o["kind"] === "fn" && typeof o["name"] === "string" && THREAD_SENSITIVE.has(o["name"])) return true;
  return Object.values(o).some((v) => typeof v === "object" && !ArrayBuffer.isView(v) && callsThreadSensitive(v));
}

/** Every attribute id an expression (or any plain-data value) references. */
function attrIds(x: unknown, out: Set<number>): void {
  if (x === null || typeof x !== "object") return;
  if (Array.isArray(x)) { for (const v of x) attrIds(v, out); return; }
  const o = x as Record<string, unknown>;
  if (o["kind"] === "attr" && typeof o["exprId"] === "number") out.add(o["exprId"]);
  for (const v of Object.values(o)) if (typeof v === "object") attrIds(v, out);
}

function planChildren(p: ResolvedPlan): ResolvedPlan[] {
  switch (p.kind) {
    case "localRelation": case "range": case "fileScan": return [];
    case "join": return [p.left, p.right];
    case "union": return [...p.children];
    default: return [p.child];
  }
}

/**
 * The chain as data for a worker: the leaf becomes an empty local relation (a slice stands in for
 * it), and `leafColumns` lists the leaf columns the chain (and the aggregate above) can read.
 */
function fragmentOf(root: ResolvedPlan, aggregate: StatefulAggregate | null, rootNeeds: readonly Attribute[] | Set<number>): { spec: FragmentSpec; watermarks: WatermarkNode[] } {
  const needed = rootNeeds instanceof Set ? new Set(rootNeeds) : new Set(rootNeeds.map((a) => a.exprId));
  const watermarks: WatermarkNode[] = [];
  const strip = (p: ResolvedPlan): ResolvedPlan => {
    if (streamingLeafOf(p) !== undefined) return { kind: "localRelation", output: p.output, batches: [] };
    const c = p as ChainNode;
    if (c.kind === "project") attrIds(c.exprs, needed);
    if (c.kind === "filter") attrIds(c.condition, needed);
    if (c.kind === "windowExpand") attrIds(c.timeExpr, needed);
    if (c.kind === "withWatermark") needed.add(c.eventTime.exprId);
    const child = strip(c.child);
    if (c.kind === "withWatermark") watermarks.push(c);
    return { ...c, child } as ResolvedPlan;
  };
  const plan = strip(root);
  let leafNode = plan;
  while (leafNode.kind !== "localRelation") leafNode = (leafNode as ChainNode).child;
  const leafColumns = leafNode.output.flatMap((a, i) => (needed.has(a.exprId) ? [i] : []));
  const kafkaShaped = ["topic", "partition", "offset"].every((n) => leafNode.output.some((a) => a.name === n));
  return { spec: { plan, aggregate: aggregate?.partialSpec() ?? null, leafColumns, locateRows: kafkaShaped }, watermarks };
}

/** The plan's parallel fragments (none when nothing is worth running per slice). */
export function parallelFragments(plan: ResolvedPlan, aggregates: ReadonlyMap<AggregateNode, StatefulAggregate>): ParallelFragment[] {
  const out: ParallelFragment[] = [];
  const walk = (p: ResolvedPlan): void => {
    if (p.kind === "aggregate" && aggregates.has(p)) {
      const leaf = chainLeaf(p.child);
      if (leaf !== undefined && !callsThreadSensitive([p.groupExprs, p.aggCalls])) {
        const needs = new Set<number>();
        attrIds(p.groupExprs, needs);
        attrIds(p.aggCalls, needs);
        const { spec, watermarks } = fragmentOf(p.child, aggregates.get(p)!, needs);
        out.push({ root: p.child, aggregate: p, leaf, spec, watermarks });
        return;
      }
    } else if (streamingLeafOf(p) === undefined && isChain(p)) {
      const leaf = chainLeaf(p);
      if (leaf !== undefined) {
        const { spec, watermarks } = fragmentOf(p, null, p.output);
        out.push({ root: p, aggregate: null, leaf, spec, watermarks });
        return;
      }
    }
    planChildren(p).forEach(walk);
  };
  walk(plan);
  return out;
}

/**
 * Runs every fragment over its leaf's input for this micro-batch. An aggregating fragment's
 * partials are merged into its operator's state as they arrive, in slice order (while later slices
 * still run); a failing slice fails the batch, and with it the query, as before.
 */
export async function runFragments(
  fragments: readonly ParallelFragment[],
  inputs: readonly (readonly Batch[])[],
  leaves: readonly StreamingLeaf[],
  ctx: ExecContext,
  lateWatermarkMs: number,
  options: ParallelOptions,
  aggregates: ReadonlyMap<AggregateNode, StatefulAggregate>,
): Promise<FragmentResults> {
  const results: FragmentResults = { rows: new Map(), merged: new Map(), stats: [] };
  for (const f of fragments) {
    const op = f.aggregate === null ? null : aggregates.get(f.aggregate)!;
    const merge = op?.beginMerge() ?? null;
    const rows: Batch[] = [];
    await forEachSliceOutcome(f.spec, inputs[leaves.indexOf(f.leaf)] ?? [], ctx, lateWatermarkMs, options, (o) => {
      o.stats.forEach((s, j) => { if (s !== null) results.stats.push({ node: f.watermarks[j]!, stats: s }); });
      if (op !== null) op.mergeOne(merge!, o.partial!);
      else rows.push(o.rows!);
    });
    if (f.aggregate !== null) results.merged.set(f.aggregate, merge!);
    else results.rows.set(f.root, rows);
  }
  return results;
}

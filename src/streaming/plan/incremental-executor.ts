import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { AnalysisError, ExecutionError, NotImplementedError } from "../../common/errors.js";
import { schemaOf } from "../../logical/analyzer.js";
import type { Attribute, ResolvedPlan } from "../../logical/plan.js";
import { evaluate, ordinalsOf } from "../../physical/eval/evaluate.js";
import type { ExecContext } from "../../physical/exec-context.js";
import { execute } from "../../physical/executor.js";
import type { Batch } from "../../physical/vector.js";
import type { StructType } from "../../types/data-types.js";
import type { Checkpoint } from "../checkpoint/checkpoint.js";
import type { BatchInput, BatchOutcome, EventTimeStats, IncrementalPlan } from "../incremental-plan.js";
import type { StateOperatorProgress } from "../progress.js";
import type { StreamSource } from "../source.js";
import { checkOutputMode, type OutputMode } from "./output-mode.js";
import { StatefulAggregate, type EventTimeKey } from "./stateful-aggregate.js";
import { StatefulDedup } from "./stateful-dedup.js";
import { checkSessionOutputMode, sessionEventTimeKey, StatefulSessionWindow } from "./stateful-session-window.js";
import { StatefulDedupWithinWatermark } from "./stateful-dedup-within-watermark.js";
import { checkJoinPlacement, StatefulJoin } from "./stateful-join.js";
import { pushJoinFilters } from "./join-pushdown.js";
import { streamingLeafOf, type StreamingLeaf } from "./streaming-leaf.js";
import { DEFAULT_PARALLEL, type ParallelOptions } from "../../parallel/run-slices.js";
import { parallelFragments, runFragments, type ParallelFragment } from "./parallel-fragments.js";
import { PartitionedStateFiles } from "../checkpoint/partitioned-state-files.js";
import type { PartitionedStateStore } from "../state/partitioned-state-store.js";

type WatermarkNode = Extract<ResolvedPlan, { kind: "withWatermark" }>;
type AggregateNode = Extract<ResolvedPlan, { kind: "aggregate" }>;
type DistinctNode = Extract<ResolvedPlan, { kind: "distinct" }>;
type JoinNode = Extract<ResolvedPlan, { kind: "join" }>;

function children(p: ResolvedPlan): ResolvedPlan[] {
  switch (p.kind) {
    case "localRelation": case "range": case "fileScan": return [];
    case "join": return [p.left, p.right];
    case "union": return [...p.children];
    default: return [p.child];
  }
}

function withChildren(p: ResolvedPlan, kids: ResolvedPlan[]): ResolvedPlan {
  switch (p.kind) {
    case "localRelation": case "range": case "fileScan": return p;
    case "join": return { ...p, left: kids[0]!, right: kids[1]! };
    case "union": return { ...p, children: kids };
    default: return { ...p, child: kids[0]! } as ResolvedPlan;
  }
}

/** True when an expression reads the attribute with id `exprId`. */
function references(e: unknown, exprId: number): boolean {
  if (e === null || typeof e !== "object") return false;
  const o = e as Record<string, unknown>;
  if (o["kind"] === "attr" && o["exprId"] === exprId) return true;
  return Object.values(o).some((v) => (Array.isArray(v) ? v.some((x) => references(x, exprId)) : typeof v === "object" && references(v, exprId)));
}

/**
 * Compiles a resolved streaming plan into an {@link IncrementalPlan}: each micro-batch runs the
 * plan over the batch's new rows, with the stateful operators (aggregations) keeping their state
 * across batches, and the output mode deciding what reaches the sink.
 */
export class IncrementalExecutor implements IncrementalPlan {
  readonly watermarkDelaysMs: number[] = [];
  readonly hasStatefulOperators: boolean;
  readonly fingerprint;
  readonly schema: StructType;
  private readonly watermarks: WatermarkNode[] = [];
  private readonly aggregates = new Map<AggregateNode, StatefulAggregate>();
  private readonly dedups = new Map<DistinctNode, StatefulDedup | StatefulDedupWithinWatermark>();
  private readonly joins = new Map<JoinNode, StatefulJoin>();
  private readonly plan: ResolvedPlan;
  private readonly streamingNodes = new Set<ResolvedPlan>();
  private readonly fragments: ParallelFragment[];
  /** Each partitioned operator's checkpoint files (made on first use, after the partition count is settled). */
  private readonly stateFiles = new Map<number, PartitionedStateFiles>();

  constructor(
    plan: ResolvedPlan,
    /** The plan's streaming leaves, in the order of `sources` (and of the offsets log). */
    private readonly leaves: readonly StreamingLeaf[],
    sources: readonly StreamSource[],
    private readonly mode: OutputMode,
    private readonly ctx: () => ExecContext,
    ansi: boolean,
    /** Worker threads for the stateless part and partial aggregates (`local[N]`); see src/parallel. */
    private readonly parallel: ParallelOptions = DEFAULT_PARALLEL,
    /** `spark.sql.shuffle.partitions`: the partitions of an aggregation's state (a checkpoint's own count wins on restart). */
    shufflePartitions = 1,
  ) {
    // The filters Spark's optimizer pushes under a join of two streams change what its watermarks see.
    plan = pushJoinFilters(plan);
    this.plan = plan;
    this.schema = schemaOf(plan.output);
    let hasSort = false;
    let aggregationsHaveWatermark = true;
    let streamStreamJoins = 0;
    const joinNodes: JoinNode[] = [];
    const visit = (p: ResolvedPlan): boolean => {
      const kids = children(p).map(visit);
      const streaming = streamingLeafOf(p) !== undefined || kids.some((k) => k);
      if (!streaming) return false;
      this.streamingNodes.add(p);
      if (p.kind === "withWatermark") {
        this.watermarks.push(p);
        this.watermarkDelaysMs.push(Math.floor(p.delayMicros / 1000));
      } else if (p.kind === "sort") {
        hasSort = true;
      } else if (p.kind === "join" && kids[0] === true && kids[1] === true) {
        streamStreamJoins++;
        joinNodes.push(p);
      } else if (p.kind === "distinct" && p.withinWatermark === true) {
        this.dedups.set(p, this.dedupWithinWatermark(p, this.aggregates.size + this.dedups.size, shufflePartitions));
      } else if (p.kind === "distinct") {
        const marks = this.watermarkAttrs(p.child);
        const keyAt = p.keyIndices.findIndex((i) => marks.includes(p.child.output[i]!.exprId));
        const timeAt = p.child.output.findIndex((a) => marks.includes(a.exprId));
        this.dedups.set(p, new StatefulDedup(this.aggregates.size + this.dedups.size, p, keyAt < 0 ? null : keyAt, timeAt < 0 ? null : timeAt, shufflePartitions));
      } else if (p.kind === "aggregate" && p.sessionWindow !== undefined) {
        // Sessions merge across batches in state (see stateful-session-window.ts).
        const key = sessionEventTimeKey(p, this.watermarkAttrs(p.child));
        if (key === null) aggregationsHaveWatermark = false;
        checkSessionOutputMode(mode);
        // Unlike a plain aggregation, complete mode drops late rows here too (checked against PySpark 4.1.1).
        this.aggregates.set(p, new StatefulSessionWindow(this.aggregates.size, p, mode, key, ansi));
      } else if (p.kind === "aggregate") {
        const key = this.eventTimeKey(p);
        if (key === null) aggregationsHaveWatermark = false;
        // Complete mode keeps every group and takes late rows too: the watermark neither drops
        // nor evicts there (checked against PySpark 4.1.1; Spark's guide says the same).
        this.aggregates.set(p, new StatefulAggregate(this.aggregates.size, p, mode, mode === "complete" ? null : key, ansi, shufflePartitions));
      }
      return true;
    };
    visit(plan);
    // Session windows merge in state, not in partition partials: their input runs on this thread.
    this.fragments = parallelFragments(plan, new Map([...this.aggregates].filter(([, a]) => !(a instanceof StatefulSessionWindow))));
    if (this.aggregates.size > 1) {
      throw new NotImplementedError("more than one streaming aggregation in a query is not supported by Kindling yet", { hint: "aggregate once per query" });
    }
    checkOutputMode({ aggregations: this.aggregates.size, aggregationsHaveWatermark, hasSort, streamStreamJoins }, mode);
    // Spark checks the output mode first, then each join (UnsupportedOperationChecker, foreachUp).
    for (const j of joinNodes) this.joins.set(j, new StatefulJoin(this.aggregates.size + this.dedups.size + this.joins.size, j, mode));
    checkJoinPlacement(plan, joinNodes, this.aggregates.size > 0);
    // Spark's StateStoreSaveExec.shouldRunAnotherBatch: only append and update modes emit or evict
    // when the watermark alone moves, and only for an aggregation keyed by event time. A dedup runs
    // one whenever the watermark moves, whatever its key (BaseStreamingDeduplicateExec; checked
    // against PySpark 4.1.1: dropDuplicates(["v"]) over a watermarked `t` gets a last, empty batch).
    this.hasStatefulOperators = (mode !== "complete" && [...this.aggregates.values()].some((a) => a.hasEventTimeKey)) || this.dedups.size > 0 || [...this.joins.values()].some((j) => j.usesWatermark);
    this.fingerprint = {
      sources: sources.map((s) => s.description),
      statefulOperators: [...[...this.aggregates.values()].map((a) => a.describe()), ...[...this.dedups.values()].map((d) => d.describe()), ...[...this.joins.values()].map((j) => j.describe())],
    };
  }

  /**
   * `dropDuplicatesWithinWatermark` needs the watermarked event time among its input's columns
   * (Spark: UnsupportedOperationChecker and WatermarkSupport.findEventTimeColumn).
   */
  private dedupWithinWatermark(p: DistinctNode, operatorId: number, numPartitions: number): StatefulDedupWithinWatermark {
    const marks: WatermarkNode[] = [];
    const walk = (q: ResolvedPlan): void => {
      if (q.kind === "withWatermark") marks.push(q);
      children(q).forEach(walk);
    };
    walk(p.child);
    const found = p.child.output.flatMap((a, i) => {
      const m = marks.find((w) => w.eventTime.exprId === a.exprId);
      return m === undefined ? [] : [{ ordinal: i, mark: m }];
    });
    if (found.length === 0) {
      throw new AnalysisError("dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark;", {
        hint: 'define the event time first, e.g. df.withWatermark("eventTime", "10 minutes").dropDuplicatesWithinWatermark(["id"]), and keep that column up to the dedup',
      });
    }
    if (new Set(found.map((f) => f.mark.eventTime.exprId)).size > 1) {
      throw new AnalysisError(`More than one event time columns are available. Please ensure there is at most one event time column per stream. event time columns: (${found.map((f) => f.mark.eventTime.name).join(",")})`, {
        hint: "keep one watermarked column in the input of dropDuplicatesWithinWatermark",
      });
    }
    const first = found[0]!;
    return new StatefulDedupWithinWatermark(operatorId, p, first.ordinal, BigInt(first.mark.delayMicros), numPartitions);
  }

  /** The ids of the event-time attributes that a `withWatermark` below `p` defines. */
  private watermarkAttrs(p: ResolvedPlan): number[] {
    const out: number[] = [];
    const walk = (q: ResolvedPlan): void => {
      if (q.kind === "withWatermark") out.push(q.eventTime.exprId);
      children(q).forEach(walk);
    };
    walk(p);
    return out;
  }

  /** The grouping key that carries a watermarked event time (the column itself, or a window over it). */
  private eventTimeKey(node: AggregateNode): EventTimeKey | null {
    const marks: Attribute[] = [];
    const windows = new Map<number, ResolvedPlan>();
    const walk = (p: ResolvedPlan): void => {
      if (p.kind === "withWatermark") marks.push(p.eventTime);
      if (p.kind === "windowExpand") windows.set(p.output[p.output.length - 1]!.exprId, p);
      children(p).forEach(walk);
    };
    walk(node.child);
    for (let i = 0; i < node.groupExprs.length; i++) {
      const g = node.groupExprs[i]!;
      if (g.kind !== "attr") continue;
      if (marks.some((m) => m.exprId === g.exprId)) return { index: i, isWindow: false };
      const w = windows.get(g.exprId);
      if (w !== undefined && w.kind === "windowExpand" && marks.some((m) => references(w.timeExpr, m.exprId))) return { index: i, isWindow: true };
    }
    return null;
  }

  async runBatch(input: BatchInput): Promise<BatchOutcome> {
    const ctx = this.ctx();
    const eventTimeMaxMs: (number | null)[] = this.watermarks.map(() => null);
    let stats: { min: number; max: number; sum: number; count: number } | null = null;
    const stateOperators: StateOperatorProgress[] = [];

    // The stateless chains and partial aggregates, per input slice (in worker threads when it pays).
    const pre = await runFragments(this.fragments, input.inputs, this.leaves, ctx, input.lateEventsWatermarkMs, this.parallel, this.aggregates);
    for (const { node, stats: s } of pre.stats) {
      const i = this.watermarks.indexOf(node);
      eventTimeMaxMs[i] = eventTimeMaxMs[i] === null ? s.max : Math.max(eventTimeMaxMs[i]!, s.max);
      stats = stats === null ? { ...s } : { min: Math.min(stats.min, s.min), max: Math.max(stats.max, s.max), sum: stats.sum + s.sum, count: stats.count + s.count };
    }

    const run = (p: ResolvedPlan): Batch[] => {
      const done = pre.rows.get(p);
      if (done !== undefined) return done;
      const leaf = streamingLeafOf(p);
      if (leaf !== undefined) {
        const schema = schemaOf(p.output);
        return (input.inputs[this.leaves.indexOf(leaf)] ?? []).map((b) => ({ ...b, schema }));
      }
      if (!this.streamingNodes.has(p)) return execute(p, ctx);
      if (p.kind === "withWatermark") {
        const out = run(p.child);
        const i = this.watermarks.indexOf(p);
        const ords = ordinalsOf(p.child.output);
        for (const b of out) {
          const times = evaluate({ kind: "attr", exprId: p.eventTime.exprId, name: p.eventTime.name, dataType: p.eventTime.dataType, nullable: p.eventTime.nullable }, b, ords, ctx);
          const values = times.values as BigInt64Array;
          for (let r = 0; r < b.numRows; r++) {
            if (times.valid !== null && times.valid[r] === 0) continue;
            const ms = Number(values[r]! / 1000n);
            eventTimeMaxMs[i] = eventTimeMaxMs[i] === null ? ms : Math.max(eventTimeMaxMs[i]!, ms);
            stats = stats === null ? { min: ms, max: ms, sum: ms, count: 1 } : { min: Math.min(stats.min, ms), max: Math.max(stats.max, ms), sum: stats.sum + ms, count: stats.count + 1 };
          }
        }
        return out;
      }
      if (p.kind === "distinct") {
        const { output, progress } = this.dedups.get(p)!.run(run(p.child), input.watermarkMs, input.lateEventsWatermarkMs);
        stateOperators.push(progress);
        return [output];
      }
      if (p.kind === "join" && this.joins.has(p)) {
        const { output, progress } = this.joins.get(p)!.run(run(p.left), run(p.right), input.watermarkMs, input.lateEventsWatermarkMs, ctx);
        stateOperators.push(progress);
        return [output];
      }
      if (p.kind === "aggregate") {
        const op = this.aggregates.get(p)!;
        const merged = pre.merged.get(p);
        const { output, progress } = merged !== undefined ? op.finishMerge(merged, input.watermarkMs, ctx) : op.run(run(p.child), input.watermarkMs, input.lateEventsWatermarkMs, ctx);
        stateOperators.push(progress);
        return [output];
      }
      const kids = children(p).map((k) => ({ kind: "localRelation", output: k.output, batches: run(k) }) as ResolvedPlan);
      return execute(withChildren(p, kids), ctx);
    };

    const output = run(this.plan);
    const s = stats as { min: number; max: number; sum: number; count: number } | null;
    const eventTimeStats: EventTimeStats | null = s === null ? null : { minMs: s.min, maxMs: s.max, avgMs: s.sum / s.count, count: s.count };
    return { output, schema: this.schema, eventTimeMaxMs, eventTimeStats, stateOperators };
  }

  /**
   * The operators whose state is partitioned: aggregations and dedups (session windows keep one
   * store, as a merge of sessions spans a key's stored sessions; joins keep theirs in one too).
   */
  private partitionedOperators(): Array<{ readonly operatorId: number; readonly state: PartitionedStateStore }> {
    return [...[...this.aggregates.values()].filter((a) => !(a instanceof StatefulSessionWindow)), ...this.dedups.values()];
  }

  private stateFilesOf(op: { readonly operatorId: number; readonly state: PartitionedStateStore }, checkpoint: Checkpoint): PartitionedStateFiles {
    let files = this.stateFiles.get(op.operatorId);
    if (files === undefined) this.stateFiles.set(op.operatorId, (files = new PartitionedStateFiles(checkpoint.stateDir(op.operatorId), op.state.numPartitions)));
    return files;
  }

  /** The other stateful operators, each checkpointed as one snapshot file per batch. */
  private singleFileOperators(): Array<{ operatorId: number; snapshot(): string; restore(text: string): void }> {
    return [
      ...[...this.aggregates.values()].filter((a) => a instanceof StatefulSessionWindow).map((a) => ({ operatorId: a.operatorId, snapshot: () => a.state.snapshot(), restore: (t: string) => a.state.restore(t) })),
      ...this.joins.values(),
    ];
  }

  async commitState(batchId: number, checkpoint: Checkpoint | null): Promise<void> {
    if (checkpoint === null) return;
    for (const op of this.partitionedOperators()) {
      const state = op.state;
      this.stateFilesOf(op, checkpoint).write(batchId, state.takeChanges(), (p) => state.snapshotPartition(p));
    }
    for (const op of this.singleFileOperators()) {
      const dir = checkpoint.stateDir(op.operatorId);
      mkdirSync(dir, { recursive: true });
      const tmp = join(dir, `.${batchId}.json.tmp`);
      writeFileSync(tmp, op.snapshot());
      renameSync(tmp, join(dir, `${batchId}.json`));
      // Keep the two newest versions: the one a restart needs and the one before it.
      for (const f of readdirSync(dir)) {
        const m = /^(\d+)\.json$/.exec(f);
        if (m !== null && Number(m[1]) < batchId - 1) rmSync(join(dir, f), { force: true });
      }
    }
  }

  async restoreState(lastCommittedBatchId: number, checkpoint: Checkpoint | null, pinnedConf: Readonly<Record<string, string>> = {}): Promise<void> {
    const pinned = pinnedConf["spark.sql.shuffle.partitions"];
    const operators = this.partitionedOperators();
    if (pinned !== undefined) for (const op of operators) op.state.repartition(shufflePartitionsOf(pinned));
    // Changes are recorded only for a checkpoint to write (commitState takes them each batch).
    for (const op of operators) op.state.trackChanges = checkpoint !== null;
    if (checkpoint === null || lastCommittedBatchId < 0) return;
    for (const op of operators) {
      const state = op.state;
      if (this.stateFilesOf(op, checkpoint).read(lastCommittedBatchId, { snapshot: (_p, text) => state.restore(text), delta: (_p, text) => state.applyDelta(text) })) continue;
      // A checkpoint of a Kindling that kept one file per batch: read it; the next commit starts the
      // partitioned files with a snapshot of every partition.
      state.restore(readStateFile(checkpoint.stateDir(op.operatorId), op.operatorId, lastCommittedBatchId));
    }
    for (const op of this.singleFileOperators()) op.restore(readStateFile(checkpoint.stateDir(op.operatorId), op.operatorId, lastCommittedBatchId));
  }
}

/** An operator's single-file state after batch `batchId`; a missing file is an incomplete checkpoint. */
function readStateFile(dir: string, operatorId: number, batchId: number): string {
  const file = join(dir, `${batchId}.json`);
  if (!existsSync(file)) {
    throw new ExecutionError(`the state of operator ${operatorId} for batch ${batchId} is missing from the checkpoint (${file})`, {
      hint: "the checkpoint is incomplete; restore the missing file or start from a new checkpointLocation",
    });
  }
  return readFileSync(file, "utf8");
}

/**
 * `spark.sql.shuffle.partitions` as a partition count; Spark refuses anything but a positive
 * integer (SQLConf.SHUFFLE_PARTITIONS: "The shuffle partition number must be positive.").
 */
export function shufflePartitionsOf(text: string): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    throw new AnalysisError(`spark.sql.shuffle.partitions must be a whole number from 1 to 1000000 (Kindling keeps a map per partition), not ${JSON.stringify(text)}`, {
      hint: 'e.g. spark.conf.set("spark.sql.shuffle.partitions", "8")',
    });
  }
  return n;
}

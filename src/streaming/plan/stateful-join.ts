/**
 * A join of two streams (Spark's StreamingSymmetricHashJoinExec, state format 2). Each micro-batch:
 *
 * 1. rows at or below the late-events watermark (the previous batch's) are dropped, on each side
 *    that has an event-time column;
 * 2. a row failing the condition's conjuncts on its own side alone is never buffered: an outer
 *    join emits it null-padded at once (Spark's preJoinFilter);
 * 3. new left rows join the right buffer, then are buffered; new right rows join the left buffer
 *    (which now holds this batch's left rows too); a right row is buffered unless the watermark
 *    would evict it at the end of this very batch (an outer join's unmatched row is kept anyway);
 * 4. the buffers are evicted with the current watermark: by key when an equi-join key carries the
 *    watermark (a window, or the event time), else by value with the state watermark solved from
 *    the time-range condition (join-watermark.ts). An outer join emits the evicted rows of its
 *    preserved side that never matched, null-padded.
 *
 * A left semi join emits a left row once, when it first matches, and buffers only unmatched ones.
 *
 * ```ts
 * const op = new StatefulJoin(0, joinNode, "append");
 * const { output, progress } = op.run(leftBatches, rightBatches, watermarkMs, lateWatermarkMs, ctx);
 * ```
 */
import { NotImplementedError } from "../../common/errors.js";
import { schemaOf } from "../../logical/analyzer.js";
import type { Expr } from "../../expr/expression.js";
import { attrIdsOf } from "../../expr/expression.js";
import type { JoinType, ResolvedPlan } from "../../logical/plan.js";
import { evaluate, ordinalsOf } from "../../physical/eval/evaluate.js";
import type { ExecContext } from "../../physical/exec-context.js";
import { rowKey } from "../../physical/kernels/group-ids.js";
import { concatBatches } from "../../physical/kernels/take.js";
import { getValue, vectorFromValues, type Batch, type Vec } from "../../physical/vector.js";
import type { StateOperatorProgress } from "../progress.js";
import { JoinSideState, type StoredRow } from "../state/join-state.js";
import {
  checkStreamStreamJoin, eventTimeColumn, joinKeyOrdinalForWatermark, sparkJoinTypeName, stateValueWatermark, watermarkCarriers, type Carriers,
} from "./join-watermark.js";
import type { OutputMode } from "./output-mode.js";

type JoinNode = Extract<ResolvedPlan, { kind: "join" }>;
type Row = readonly unknown[];

/** How one side's buffer is evicted: by the key column that carries the watermark, or by the row's event time. */
type Eviction =
  | { readonly by: "key"; readonly ordinal: number; readonly isWindow: boolean }
  | { readonly by: "value"; readonly ordinal: number; readonly isWindow: boolean; readonly thresholdMs: (watermarkMs: number) => number | null }
  | null;

interface Side {
  readonly plan: ResolvedPlan;
  readonly keys: readonly Expr[];
  /** Conjuncts of the condition over this side alone (Spark's leftSideOnly / rightSideOnly). */
  readonly preFilter: Expr | null;
  readonly eventTime: { readonly ordinal: number; readonly isWindow: boolean } | null;
  readonly eviction: Eviction;
  readonly state: JoinSideState;
}

interface Prepared {
  readonly rows: Batch;
  readonly keys: readonly Vec[];
  /** Rows that survive the late filter, in input order. */
  readonly live: number[];
  readonly passes: Uint8Array;
  readonly dropped: number;
}

function conjuncts(e: Expr | null): Expr[] {
  if (e === null) return [];
  return e.kind === "binary" && e.op === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function andAll(es: readonly Expr[]): Expr | null {
  return es.length === 0 ? null : es.reduce((a, b) => ({ kind: "binary", op: "and", left: a, right: b }));
}

/** The event time (µs) in a timestamp or window-struct value; null for null. */
function timeOf(v: unknown, isWindow: boolean): bigint | null {
  if (v === null || v === undefined) return null;
  return isWindow ? (((v as unknown[])[1] ?? null) as bigint | null) : (v as bigint);
}

export class StatefulJoin {
  private readonly left: Side;
  private readonly right: Side;
  private readonly joinType: JoinType;
  /** Conjuncts over both sides (Spark's postJoinFilter). */
  private readonly postFilter: Expr | null;

  constructor(
    readonly operatorId: number,
    private readonly node: JoinNode,
    mode: OutputMode,
  ) {
    const lm = watermarkCarriers(node.left);
    const rm = watermarkCarriers(node.right);
    checkStreamStreamJoin(node, mode, lm, rm);
    this.joinType = node.joinType === "cross" ? "inner" : node.joinType;
    const lIds = new Set(node.left.output.map((a) => a.exprId));
    const rIds = new Set(node.right.output.map((a) => a.exprId));
    const all = conjuncts(node.condition);
    const within = (c: Expr, ids: Set<number>): boolean => [...attrIdsOf(c, new Set())].every((id) => ids.has(id));
    this.postFilter = andAll(all.filter((c) => !within(c, lIds) && !within(c, rIds)));
    const keyAt = joinKeyOrdinalForWatermark(node, lm, rm);
    const side = (plan: ResolvedPlan, keys: readonly Expr[], ids: Set<number>, otherIds: Set<number>, marks: Carriers, otherMarks: Carriers): Side => {
      const eventTime = eventTimeColumn(plan, marks);
      let eviction: Eviction = null;
      if (keyAt !== null) {
        eviction = { by: "key", ...keyAt };
      } else if (eventTime !== null && stateValueWatermark(ids, otherIds, otherMarks, node.condition, 0) !== null) {
        eviction = { by: "value", ...eventTime, thresholdMs: (wm) => stateValueWatermark(ids, otherIds, otherMarks, node.condition, wm) };
      }
      return { plan, keys, preFilter: andAll(all.filter((c) => within(c, ids))), eventTime, eviction, state: new JoinSideState() };
    };
    this.left = side(node.left, node.leftKeys, lIds, rIds, lm, rm);
    this.right = side(node.right, node.rightKeys, rIds, lIds, rm, lm);
  }

  /** True when the watermark evicts state, so a batch without data is worth running when it moves. */
  get usesWatermark(): boolean {
    return this.left.eviction !== null || this.right.eviction !== null;
  }

  /** The operator's shape, for the checkpoint's fingerprint. */
  describe(): string {
    const names = (keys: readonly Expr[]): string => keys.map((k) => (k.kind === "attr" ? k.name : k.kind)).join(",");
    return `streamingJoin(${sparkJoinTypeName(this.node.joinType)};${names(this.node.leftKeys)};${names(this.node.rightKeys)};${this.node.left.output.length}+${this.node.right.output.length})`;
  }

  snapshot(): string {
    return JSON.stringify({ left: this.left.state.snapshot(), right: this.right.state.snapshot() });
  }

  restore(text: string): void {
    const s = JSON.parse(text) as { left: string; right: string };
    this.left.state.restore(s.left);
    this.right.state.restore(s.right);
  }

  run(leftInput: readonly Batch[], rightInput: readonly Batch[], watermarkMs: number, lateWatermarkMs: number, ctx: ExecContext): { output: Batch; progress: StateOperatorProgress } {
    const started = performance.now();
    const late = BigInt(lateWatermarkMs) * 1000n;
    const L = this.prepare(this.left, leftInput, late, ctx);
    const R = this.prepare(this.right, rightInput, late, ctx);
    const t = this.joinType;
    const out: Array<[Row | null, Row | null]> = [];
    let updated = 0;

    // New left rows against the right buffer; every left row is buffered (a semi join's matched ones excepted).
    const lCands = this.candidates(L, this.right);
    const lOk = this.acceptPairs(lCands, "left", L, ctx);
    let k = 0;
    for (let n = 0; n < L.live.length; n++) {
      const i = L.live[n]!;
      const row = rowValues(L.rows, i);
      if (L.passes[i] === 0) {
        if (t === "left" || t === "full") out.push([row, null]);
        continue;
      }
      let matched = false;
      for (; k < lCands.owner.length && lCands.owner[k] === i; k++) {
        if (lOk[k] !== 1) continue;
        if (t === "left_semi") { matched = true; k = skipOwner(lCands.owner, k, i) + 1; break; }
        matched = true;
        lCands.stored[k]!.matched = true;
        out.push([row, lCands.stored[k]!.values]);
      }
      if (t === "left_semi" && matched) { out.push([row, null]); continue; }
      this.left.state.append(rowKey(L.keys, i), L.keys.map((v) => getValue(v, i)), row, matched);
      updated++;
    }

    // New right rows against the left buffer (this batch's left rows included).
    const rCands = this.candidates(R, this.left);
    const expiresNow = this.expired(this.right, watermarkMs);
    const rOk = this.acceptPairs(rCands, "right", R, ctx);
    k = 0;
    for (let n = 0; n < R.live.length; n++) {
      const j = R.live[n]!;
      const row = rowValues(R.rows, j);
      if (R.passes[j] === 0) {
        if (t === "right" || t === "full") out.push([null, row]);
        continue;
      }
      let matched = false;
      for (; k < rCands.owner.length && rCands.owner[k] === j; k++) {
        const stored = rCands.stored[k]!;
        if (t === "left_semi" && stored.matched) continue;
        if (rOk[k] !== 1) continue;
        matched = true;
        stored.matched = true;
        out.push([stored.values, t === "left_semi" ? null : row]);
      }
      const key = R.keys.map((v) => getValue(v, j));
      const evictedNow = expiresNow?.(key, row) ?? false;
      if (!evictedNow || ((t === "right" || t === "full") && !matched)) {
        this.right.state.append(rowKey(R.keys, j), key, row, matched);
        updated++;
      }
    }
    const updatesDone = performance.now();

    // Eviction; the preserved side of an outer join emits its rows that never matched.
    let removed = 0;
    const evict = (s: Side, emit: boolean): void => {
      const expired = this.expired(s, watermarkMs);
      if (expired === null) return;
      const gone = s.state.removeWhere((key, r) => expired(key, r.values));
      if (!emit) { removed += gone.length; return; }
      for (const r of gone) if (!r.matched) out.push(s === this.left ? [r.values, null] : [null, r.values]);
    };
    evict(this.left, t === "left" || t === "full");
    evict(this.right, t === "right" || t === "full");

    const output = this.materialize(out);
    const width = this.node.left.output.length + this.node.right.output.length;
    return {
      output,
      progress: {
        operatorName: "symmetricHashJoin",
        numRowsTotal: this.left.state.numRows + this.right.state.numRows,
        numRowsUpdated: updated,
        allUpdatesTimeMs: Math.round(updatesDone - started),
        numRowsRemoved: removed,
        allRemovalsTimeMs: Math.round(performance.now() - updatesDone),
        commitTimeMs: 0,
        memoryUsedBytes: this.left.state.estimatedBytes(width) + this.right.state.estimatedBytes(width),
        numRowsDroppedByWatermark: L.dropped + R.dropped,
        numShufflePartitions: 1,
        numStateStoreInstances: 4,
        customMetrics: {},
      },
    };
  }

  /** One side's batch: keys, the own-side filter, and the rows that are not late. */
  private prepare(s: Side, input: readonly Batch[], lateMicros: bigint, ctx: ExecContext): Prepared {
    const rows = concatBatches(input, schemaOf(s.plan.output));
    const ords = ordinalsOf(s.plan.output);
    const keys = s.keys.map((e) => evaluate(e, rows, ords, ctx));
    const passes = new Uint8Array(rows.numRows).fill(1);
    if (s.preFilter !== null && rows.numRows > 0) {
      const v = evaluate(s.preFilter, rows, ords, ctx);
      for (let i = 0; i < rows.numRows; i++) passes[i] = getValue(v, i) === true ? 1 : 0;
    }
    const live: number[] = [];
    let dropped = 0;
    const time = s.eventTime === null ? null : rows.columns[s.eventTime.ordinal]!;
    for (let i = 0; i < rows.numRows; i++) {
      // `eventTime <= watermark` is null for a null event time: such a row is not late.
      const et = time === null ? null : timeOf(getValue(time, i), s.eventTime!.isWindow);
      if (et !== null && et <= lateMicros) dropped++;
      else live.push(i);
    }
    return { rows, keys, live, passes, dropped };
  }

  /** Candidate pairs (row of `mine`, buffered row of `other`) by equal keys, grouped by row in input order. */
  private candidates(mine: Prepared, other: Side): { owner: number[]; stored: StoredRow[] } {
    const owner: number[] = [];
    const stored: StoredRow[] = [];
    const nullSafe = this.node.nullSafe;
    for (const i of mine.live) {
      if (mine.passes[i] === 0) continue;
      // A null in a key compared with `=` never matches (it still enters the buffer).
      if (mine.keys.some((v, c) => !nullSafe[c] && v.valid !== null && v.valid[i] === 0)) continue;
      for (const r of other.state.get(rowKey(mine.keys, i))) { owner.push(i); stored.push(r); }
    }
    return { owner, stored };
  }

  /** The post-join filter over candidate pairs, evaluated in bulk: 1 where the pair joins. */
  private acceptPairs(c: { owner: number[]; stored: StoredRow[] }, newSide: "left" | "right", mine: Prepared, ctx: ExecContext): Uint8Array {
    const n = c.owner.length;
    const ok = new Uint8Array(n).fill(1);
    if (this.postFilter === null || n === 0) return ok;
    const mineCols = mine.rows.columns.map((col) => vectorFromValues(col.type, c.owner.map((i) => getValue(col, i))));
    const otherPlan = newSide === "left" ? this.node.right : this.node.left;
    const otherCols = otherPlan.output.map((a, j) => vectorFromValues(a.dataType, c.stored.map((r) => r.values[j])));
    const attrs = [...this.node.left.output, ...this.node.right.output];
    const pairs: Batch = { schema: schemaOf(attrs), numRows: n, columns: newSide === "left" ? [...mineCols, ...otherCols] : [...otherCols, ...mineCols] };
    const v = evaluate(this.postFilter, pairs, ordinalsOf(attrs), ctx);
    for (let k = 0; k < n; k++) ok[k] = getValue(v, k) === true ? 1 : 0;
    return ok;
  }

  /** The side's eviction predicate under `watermarkMs` (Spark's state watermark predicates), or null. */
  private expired(s: Side, watermarkMs: number): ((key: Row, values: Row) => boolean) | null {
    const e = s.eviction;
    if (e === null) return null;
    if (e.by === "key") {
      const wm = BigInt(watermarkMs) * 1000n;
      return (key) => { const t = timeOf(key[e.ordinal], e.isWindow); return t !== null && t <= wm; };
    }
    const threshold = e.thresholdMs(watermarkMs);
    if (threshold === null) return null;
    const wm = BigInt(threshold) * 1000n;
    return (_key, values) => { const t = timeOf(values[e.ordinal], e.isWindow); return t !== null && t <= wm; };
  }

  private materialize(rows: ReadonlyArray<[Row | null, Row | null]>): Batch {
    const lw = this.node.left.output.length;
    const cols = this.node.output.map((a, c) => vectorFromValues(a.dataType, rows.map(([l, r]) => (c < lw ? (l === null ? null : l[c]) : r === null ? null : r[c - lw]))));
    return { schema: schemaOf(this.node.output), numRows: rows.length, columns: cols };
  }
}

function rowValues(b: Batch, i: number): unknown[] {
  return b.columns.map((c) => getValue(c, i));
}

/** The index of the last candidate of `owner`, starting at `k` (a semi join stops at the first match). */
function skipOwner(owner: readonly number[], k: number, i: number): number {
  while (k + 1 < owner.length && owner[k + 1] === i) k++;
  return k;
}

/**
 * Kindling runs a stream-stream join with at most dedups below it: a streaming aggregation anywhere
 * in the query, or a dedup or another stateful operator above the join, needs the watermark to be
 * propagated through the join (Spark 3.4+, produceOutputWatermark), which Kindling does not do yet.
 */
export function checkJoinPlacement(plan: ResolvedPlan, joins: readonly JoinNode[], hasAggregate: boolean): void {
  if (joins.length === 0) return;
  if (hasAggregate) {
    throw new NotImplementedError("a streaming aggregation in a query with a join between two streams is not supported by Kindling yet", {
      hint: "aggregate the joined rows in foreachBatch, or run the aggregation as a separate query",
    });
  }
  const kids = (p: ResolvedPlan): readonly ResolvedPlan[] => (p.kind === "join" ? [p.left, p.right] : p.kind === "union" ? p.children : "child" in p ? [p.child] : []);
  const hasJoin = (p: ResolvedPlan): boolean => (p.kind === "join" && joins.includes(p)) || kids(p).some(hasJoin);
  const walk = (p: ResolvedPlan): void => {
    if (p.kind === "distinct" && hasJoin(p.child)) {
      throw new NotImplementedError("deduplication after a join between two streams is not supported by Kindling yet", { hint: "deduplicate each stream before the join" });
    }
    kids(p).forEach(walk);
  };
  walk(plan);
}

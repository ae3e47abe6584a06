/**
 * A streaming aggregation grouped by `session_window(time, gap)` (Spark's
 * SessionWindowStateStoreRestoreExec + MergingSessionsExec + SessionWindowStateStoreSaveExec,
 * https://github.com/apache/spark/blob/master/sql/core/src/main/scala/org/apache/spark/sql/execution/streaming/statefulOperators.scala):
 * the state holds, per value of the other grouping keys, the open sessions with their aggregate
 * buffers. Each batch, every new row opens a session [t, t + gap); rows whose session ends at or
 * before the watermark for late events are dropped (Spark filters the per-row sessions by their
 * end before merging); the rest are merged with the stored sessions of their key, sorted by
 * start, while the next start is at or before the current end (inclusive, as the batch version).
 * Stored sessions that merge are combined into one group. Emission and eviction are those of
 * {@link StatefulAggregate}: the session struct is the event-time key, compared by its end; append
 * emits and evicts a session once the watermark reaches its end, complete emits every session and
 * evicts none but still drops late rows, and update mode is refused (all checked against PySpark 4.1.1).
 *
 * ```ts
 * const op = new StatefulSessionWindow(0, aggregateNode, "append", { index: 0, isWindow: true }, ansi);
 * const { output } = op.run(batches, watermarkMs, lateWatermarkMs, ctx);
 * ```
 */
import { parseIntervalMicros } from "../../expr/interval.js";
import { schemaOf } from "../../logical/analyzer.js";
import type { ResolvedPlan } from "../../logical/plan.js";
import { evaluate, ordinalsOf } from "../../physical/eval/evaluate.js";
import type { ExecContext } from "../../physical/exec-context.js";
import { rowKey } from "../../physical/kernels/group-ids.js";
import { emptyBuffer, mergeBuffer, partialAggregate } from "../../physical/kernels/partial-aggregate.js";
import { concatBatches, takeVector } from "../../physical/kernels/take.js";
import { AnalysisError } from "../../common/errors.js";
import { getValue, vectorFromValues, type Batch, type Vec } from "../../physical/vector.js";
import type { DataType } from "../../types/data-types.js";
import type { StateOperatorProgress } from "../progress.js";
import type { GroupState } from "../state/aggregate-state.js";
import type { OutputMode } from "./output-mode.js";
import { StatefulAggregate, type EventTimeKey } from "./stateful-aggregate.js";

type AggregateNode = Extract<ResolvedPlan, { kind: "aggregate" }>;
type MapKey = string | number | bigint | boolean;

/** One interval taking part in a merge: a stored session (`group`) or a new row (`row`). */
interface Piece {
  readonly start: bigint;
  readonly end: bigint;
  readonly group: MapKey | null;
  readonly row: number;
}

export class StatefulSessionWindow extends StatefulAggregate {
  private readonly aggNode: AggregateNode;
  private readonly sessionIndex: number;
  private readonly keyTypes: readonly DataType[];
  private readonly ansiMode: boolean;
  private readonly watermarked: boolean;

  constructor(operatorId: number, node: AggregateNode, mode: OutputMode, eventTimeKey: EventTimeKey | null, ansi: boolean) {
    super(operatorId, node, mode, eventTimeKey, ansi);
    this.aggNode = node;
    const spec = node.sessionWindow!;
    this.sessionIndex = node.groupExprs.findIndex((e) => e.kind === "attr" && e.exprId === spec.attr.exprId);
    this.keyTypes = node.aggOutput.slice(0, node.groupExprs.length).map((a) => a.dataType);
    this.ansiMode = ansi;
    this.watermarked = eventTimeKey !== null;
  }

  override describe(): string {
    return `session${super.describe()}`;
  }

  /** The map key the state gives a group with these key values (as the partial's rowKey does). */
  private mapKeyOf(key: readonly unknown[]): MapKey {
    if (key.length === 0) return "";
    return rowKey(this.keyTypes.map((t, c) => vectorFromValues(t, [key[c]])), 0);
  }

  /** The other grouping keys of a group, as one comparable string. */
  private otherKeyOf(key: readonly unknown[]): MapKey {
    const others = this.keyTypes.flatMap((t, c) => (c === this.sessionIndex ? [] : [vectorFromValues(t, [key[c]])]));
    return others.length === 0 ? "" : rowKey(others, 0);
  }

  override run(input: readonly Batch[], watermarkMs: number, lateWatermarkMs: number, ctx: ExecContext): { output: Batch; progress: StateOperatorProgress } {
    const started = performance.now();
    const node = this.aggNode;
    const spec = node.sessionWindow!;
    const rows = concatBatches(input, schemaOf(node.child.output));
    const ords = ordinalsOf(node.child.output);
    const n = rows.numRows;
    const time = evaluate(spec.timeExpr, rows, ords, ctx);
    const gapVec = evaluate(spec.gapExpr, rows, ords, ctx);
    const keyVecs: (Vec | null)[] = node.groupExprs.map((e, c) => (c === this.sessionIndex ? null : evaluate(e, rows, ords, ctx)));
    const otherVecs = keyVecs.filter((v): v is Vec => v !== null);
    const gapCache = new Map<string, bigint | null>();
    const lateMicros = BigInt(lateWatermarkMs) * 1000n;

    // The new rows' sessions, by the other keys; late ones (session end <= watermark) dropped.
    const byKey = new Map<MapKey, Piece[]>();
    let dropped = 0;
    for (let i = 0; i < n; i++) {
      const t = getValue(time, i) as bigint | null;
      if (t === null) continue;
      const g = gapOf(getValue(gapVec, i), gapCache);
      if (g === null || g <= 0n) continue;
      if (this.watermarked && t + g <= lateMicros) { dropped++; continue; }
      const k = otherVecs.length === 0 ? "" : rowKey(otherVecs, i);
      let list = byKey.get(k);
      if (list === undefined) byKey.set(k, (list = []));
      list.push({ start: t, end: t + g, group: null, row: i });
    }
    if (byKey.size > 0) {
      for (const [mapKey, group] of this.state.groups) {
        const list = byKey.get(this.otherKeyOf(group.key));
        if (list === undefined) continue;
        const s = group.key[this.sessionIndex] as readonly bigint[];
        list.push({ start: s[0]!, end: s[1]!, group: mapKey, row: -1 });
      }
    }

    // Merge per key: sorted by start (stored sessions before rows at the same start, rows in input order).
    const sessionOf = new Array<[bigint, bigint]>(n);
    const kept: number[] = [];
    for (const list of byKey.values()) {
      list.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.row - b.row));
      let k = 0;
      while (k < list.length) {
        let end = list[k]!.end;
        let j = k + 1;
        while (j < list.length && list[j]!.start <= end) {
          if (list[j]!.end > end) end = list[j]!.end;
          j++;
        }
        const merged: [bigint, bigint] = [list[k]!.start, end];
        const stored = list.slice(k, j).filter((p) => p.group !== null);
        for (const p of list.slice(k, j)) if (p.group === null) { sessionOf[p.row] = merged; kept.push(p.row); }
        this.rekey(stored.map((p) => p.group!), merged);
        k = j;
      }
    }

    kept.sort((a, b) => a - b);
    const keep = Int32Array.from(kept);
    const sessions = vectorFromValues(spec.attr.dataType, kept.map((i) => sessionOf[i]));
    const keys = keyVecs.map((v) => (v === null ? sessions : takeVector(v, keep)));
    const args = node.aggCalls.map((c) => c.args.map((a) => takeVector(evaluate(a, rows, ords, ctx), keep)));
    const partial = { ...partialAggregate(keys, args, node.aggCalls, keep.length), dropped };
    return this.runPartials([partial], watermarkMs, ctx, started);
  }

  /**
   * Replaces the stored sessions `groups` (of one key, in start order) by one group for the merged
   * session, their buffers combined; a lone session that did not grow keeps its group.
   */
  private rekey(groups: readonly MapKey[], merged: readonly [bigint, bigint]): void {
    if (groups.length === 0) return;
    const olds = groups.map((g) => this.state.groups.get(g)!);
    const first = olds[0]!;
    const s = first.key[this.sessionIndex] as readonly bigint[];
    if (olds.length === 1 && s[0] === merged[0] && s[1] === merged[1]) return;
    const key = first.key.map((v, c) => (c === this.sessionIndex ? [merged[0], merged[1]] : v));
    const calls = this.aggNode.aggCalls;
    const group: GroupState = { key, buffers: calls.map((c) => emptyBuffer(c)) };
    for (const old of olds) for (let c = 0; c < calls.length; c++) mergeBuffer(calls[c]!, group.buffers[c]!, old.buffers[c]!, this.ansiMode);
    for (const g of groups) this.state.groups.delete(g);
    this.state.groups.set(this.mapKeyOf(key), group);
  }
}

/** A gap's value in microseconds, or null when it is null or not a valid interval (Spark's cast gives null). */
function gapOf(value: unknown, cache: Map<string, bigint | null>): bigint | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  let v = cache.get(text);
  if (v !== undefined) return v;
  try { v = BigInt(parseIntervalMicros(text, "session window gap")); } catch { v = null; }
  cache.set(text, v);
  return v;
}

/**
 * Spark refuses update mode for a session window aggregation (UnsupportedOperationChecker; the
 * text checked against PySpark 4.1.1); append (with a watermark) and complete are supported.
 */
export function checkSessionOutputMode(mode: OutputMode): void {
  if (mode !== "update") return;
  throw new AnalysisError("[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: update. This output mode is not supported for session window streaming aggregations on streaming DataFrames/DataSets. SQLSTATE: 42KDE", {
    hint: 'use outputMode("append") with a watermark on the session\'s time column, or outputMode("complete")',
  });
}

/** True when an expression reads one of the attributes `ids`. */
function readsAny(e: unknown, ids: readonly number[]): boolean {
  if (e === null || typeof e !== "object") return false;
  const o = e as Record<string, unknown>;
  if (o["kind"] === "attr" && ids.includes(o["exprId"] as number)) return true;
  return Object.values(o).some((v) => (Array.isArray(v) ? v.some((x) => readsAny(x, ids)) : readsAny(v, ids)));
}

/** The session struct as the event-time key when its time column is watermarked (`marks`: their attribute ids). */
export function sessionEventTimeKey(node: AggregateNode, marks: readonly number[]): EventTimeKey | null {
  const spec = node.sessionWindow!;
  const index = node.groupExprs.findIndex((e) => e.kind === "attr" && e.exprId === spec.attr.exprId);
  return index >= 0 && readsAny(spec.timeExpr, marks) ? { index, isWindow: true } : null;
}

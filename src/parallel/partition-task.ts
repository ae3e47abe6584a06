/**
 * The work one input slice gets in a micro-batch: the stateless plan fragment under a streaming
 * aggregation (project, filter, window expansion, watermark bookkeeping) and then the partial
 * aggregate of its rows; or, for a query without aggregation, just the fragment's rows. The same
 * function runs on the main thread (local[1], small batches) and in worker threads, on the same
 * slices, and the caller merges the outcomes in slice order: results do not depend on the number
 * of threads. Nothing here knows which thread it is on.
 *
 * ```ts
 * const outcome = runPartition(fragment, slice, ctx, lateWatermarkMs);
 * ```
 */
import { InternalError, toSerializedError, type SerializedError } from "../common/errors.js";
import type { Expr } from "../expr/expression.js";
import { schemaOf } from "../logical/analyzer.js";
import type { AggCall, Attribute, ResolvedPlan } from "../logical/plan.js";
import { evaluate, ordinalsOf } from "../physical/eval/evaluate.js";
import type { ExecContext } from "../physical/exec-context.js";
import { execute } from "../physical/executor.js";
import { partialAggregate, type PartialGroups } from "../physical/kernels/partial-aggregate.js";
import { concatBatches, takeVector } from "../physical/kernels/take.js";
import { int64Words, isPrimitiveType, TWO32, type Batch, type PrimitiveArray, type Vec } from "../physical/vector.js";
import { argsToEvaluate } from "../physical/kernels/hash-aggregate.js";
import { placeholderVec } from "./batch-codec.js";
import { packedBinaryOf, slicePackedBinary } from "../physical/packed-binary.js";
import { windowedPartial } from "./windowed-partial.js";

/** Which grouping key carries event time; a window struct is judged by its end (as Spark does). */
export interface EventTimeKeySpec {
  readonly index: number;
  readonly isWindow: boolean;
}

/** The partial half of a streaming aggregation, as data. */
export interface AggregateSpec {
  readonly groupExprs: readonly Expr[];
  readonly aggCalls: readonly AggCall[];
  /** The aggregate's input attributes (the fragment's output). */
  readonly childOutput: readonly Attribute[];
  /** Set when rows at or below the previous watermark are to be dropped as late. */
  readonly eventTimeKey: EventTimeKeySpec | null;
}

/**
 * A plan fragment as it is sent to workers. `plan` is a chain of project / filter / windowExpand /
 * withWatermark over one leaf, a `localRelation` with no batches that each slice stands in for.
 */
export interface FragmentSpec {
  readonly plan: ResolvedPlan;
  readonly aggregate: AggregateSpec | null;
  /** The leaf columns the fragment reads; the others need not cross to a worker. */
  readonly leafColumns: readonly number[];
  /** When an error happens, find the first failing row (Kafka input, where a row has an offset). */
  readonly locateRows: boolean;
}

/** Event-time statistics of one `withWatermark` over one slice (ms since the epoch). */
export interface WatermarkStats {
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly count: number;
}

export interface PartitionOutcome {
  /** One entry per withWatermark of the fragment, bottom-up; null when it saw no row. */
  readonly stats: readonly (WatermarkStats | null)[];
  /** The partial aggregate (aggregating fragments), with the number of late rows dropped. */
  readonly partial: (PartialGroups & { readonly dropped: number }) | null;
  /** The fragment's rows (fragments without an aggregate). */
  readonly rows: Batch | null;
}

/** A slice that failed: the error as it crosses threads, and the slice row it came from when known. */
export interface PartitionFailure {
  readonly error: SerializedError;
  readonly row: number | null;
}

/** Runs the fragment over one slice; throws what the fragment throws. */
export function runPartition(f: FragmentSpec, slice: Batch, ctx: ExecContext, lateWatermarkMs: number): PartitionOutcome {
  const stats: (WatermarkStats | null)[] = [];
  const agg = f.aggregate;
  if (agg !== null && f.plan.kind === "windowExpand") {
    // A windowed aggregation: group the rows under the window node in one pass (windowed-partial.ts).
    const below = runChain(f.plan.child, slice, ctx, stats);
    const fused = windowedPartial(agg, f.plan, below, ctx, lateWatermarkMs);
    const partial = fused ?? partialOfRows(agg, runNode(f.plan, below, ctx, stats), ctx, lateWatermarkMs);
    return { stats, partial, rows: null };
  }
  const rows = runChain(f.plan, slice, ctx, stats);
  if (agg === null) return { stats, partial: null, rows };
  return { stats, partial: partialOfRows(agg, rows, ctx, lateWatermarkMs), rows: null };
}

/** The partial aggregate of some rows of the aggregate's input, leaving out late rows. */
export function partialOfRows(agg: AggregateSpec, rows: Batch, ctx: ExecContext, lateWatermarkMs: number): PartialGroups & { readonly dropped: number } {
  const ords = ordinalsOf(agg.childOutput);
  let keys = agg.groupExprs.map((e) => evaluate(e, rows, ords, ctx));
  let args = agg.aggCalls.map((c) => argsToEvaluate(c).map((a) => evaluate(a, rows, ords, ctx)));
  let n = rows.numRows;
  let dropped = 0;
  if (agg.eventTimeKey !== null && n > 0) {
    const keep = notLate(keys[agg.eventTimeKey.index]!, agg.eventTimeKey.isWindow, BigInt(lateWatermarkMs) * 1000n);
    if (keep !== null) {
      dropped = n - keep.length;
      keys = keys.map((k) => takeVector(k, keep));
      args = args.map((vs) => vs.map((v) => takeVector(v, keep)));
      n = keep.length;
    }
  }
  return { ...partialAggregate(keys, args, agg.aggCalls, n), dropped };
}

/**
 * {@link runPartition}, with a failure turned into a {@link PartitionFailure}. When the fragment
 * asks for it, the failing row is found by bisection (the slice is re-run on halves; row-local
 * errors such as ANSI cast failures fail in exactly the halves holding the bad row), at most
 * log2(rows) rounds, and only on the failure path.
 */
export function tryRunPartition(f: FragmentSpec, slice: Batch, ctx: ExecContext, lateWatermarkMs: number): { ok: true; outcome: PartitionOutcome } | ({ ok: false } & PartitionFailure) {
  try {
    return { ok: true, outcome: runPartition(f, slice, ctx, lateWatermarkMs) };
  } catch (error) {
    return { ok: false, error: toSerializedError(error), row: f.locateRows ? firstFailingRow(f, slice, ctx, lateWatermarkMs) : null };
  }
}

function firstFailingRow(f: FragmentSpec, slice: Batch, ctx: ExecContext, lateWatermarkMs: number): number | null {
  const fails = (lo: number, hi: number): boolean => {
    try {
      runPartition(f, chunkBatch(slice, lo, hi), ctx, lateWatermarkMs);
      return false;
    } catch {
      return true;
    }
  };
  // Invariant: rows [lo, hi) fail. Each round halves the range; 64 rounds cover any slice.
  let lo = 0;
  let hi = slice.numRows;
  for (let round = 0; round < 64 && hi - lo > 1; round++) {
    const mid = (lo + hi) >>> 1;
    if (fails(lo, mid)) hi = mid;
    else if (fails(mid, hi)) lo = mid;
    else return null; // not a row-local error (e.g. an overflowing sum): no single row to blame
  }
  return hi - lo === 1 ? lo : null;
}

/** Indices of the rows whose event time is after the late-events watermark, or null when none is late. */
function notLate(key: Vec, isWindow: boolean, lateMicros: bigint): Int32Array | null {
  const n = key.length;
  const keep = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (key.valid !== null && key.valid[i] === 0) { keep[k++] = i; continue; }
    const x = key.values[i];
    const t = isWindow ? ((x as unknown[])[1] as bigint) : (x as bigint);
    if (t === null || t === undefined || t > lateMicros) keep[k++] = i;
  }
  return k === n ? null : keep.subarray(0, k);
}

/** Runs a chain of stateless operators over the slice standing in for its leaf, recording watermark stats. */
function runChain(p: ResolvedPlan, slice: Batch, ctx: ExecContext, stats: (WatermarkStats | null)[]): Batch {
  if (p.kind === "localRelation") return { ...slice, schema: schemaOf(p.output) };
  if (p.kind !== "project" && p.kind !== "filter" && p.kind !== "windowExpand" && p.kind !== "withWatermark") {
    throw new InternalError(`a ${p.kind} node cannot run in a partition task`);
  }
  return runNode(p, runChain(p.child, slice, ctx, stats), ctx, stats);
}

type ChainNode = Extract<ResolvedPlan, { kind: "project" | "filter" | "windowExpand" | "withWatermark" }>;

/** Runs one stateless operator of a chain over its input rows, recording watermark stats. */
function runNode(p: ChainNode, input: Batch, ctx: ExecContext, stats: (WatermarkStats | null)[]): Batch {
  if (p.kind === "withWatermark") {
    const e = p.eventTime;
    const times = evaluate({ kind: "attr", exprId: e.exprId, name: e.name, dataType: e.dataType, nullable: e.nullable }, input, ordinalsOf(p.child.output), ctx);
    stats.push(eventTimeStats(times));
    return { ...input, schema: schemaOf(p.output) };
  }
  const out = execute({ ...p, child: { kind: "localRelation", output: p.child.output, batches: [input] } } as ResolvedPlan, ctx);
  return concatBatches(out, schemaOf(p.output));
}

/**
 * Min, max, sum and count of a timestamp column in ms (truncated toward zero, as `micros / 1000n`).
 * Each value is read as a double from its two 32-bit words, not as a BigInt: reading a
 * BigInt64Array makes a heap BigInt per row (2 M per course benchmark batch, on every thread).
 */
export function eventTimeStats(times: Vec): WatermarkStats | null {
  const big = times.values as BigInt64Array;
  const words = int64Words(big);
  const valid = times.valid;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  for (let r = 0; r < times.length; r++) {
    if (valid !== null && valid[r] === 0) continue;
    const hi = words[2 * r + 1]!;
    // |micros| < 2^52 (hi within ±2^20): the double is exact, and so is the truncated quotient;
    // beyond, divide exactly as BigInts.
    let ms: number;
    if (hi < 1048576 && hi >= -1048576) ms = Math.trunc((hi * TWO32 + (words[2 * r]! >>> 0)) / 1000) + 0; // + 0: no -0
    else ms = Number(big[r]! / 1000n);
    if (ms < min) min = ms;
    if (ms > max) max = ms;
    sum += ms;
    count++;
  }
  return count === 0 ? null : { min, max, sum, count };
}

/**
 * Rows [start, end) of a batch as views where possible (typed arrays by subarray, packed binary
 * by its offsets), reading only `keep`'s columns when given: a JS-array column outside `keep`
 * becomes a placeholder of the right length and kind ({@link placeholderVec}), which the fragment
 * carries but never reads, instead of a copy.
 */
export function chunkBatch(b: Batch, start: number, end: number, keep: ReadonlySet<number> | null = null): Batch {
  const n = end - start;
  const columns = b.columns.map((c, i): Vec => {
    if (start === 0 && end === c.length) return c;
    const packed = packedBinaryOf(c);
    if (packed !== null) return slicePackedBinary(c, packed, start, end);
    // Typed arrays are viewed for free; only a JS array would cost a copy of rows nobody reads.
    if (keep !== null && !keep.has(i) && Array.isArray(c.values)) return placeholderVec(c.type, n);
    const values = isPrimitiveType(c.type) && !Array.isArray(c.values) ? (c.values as PrimitiveArray).subarray(start, end) : (c.values as unknown[]).slice(start, end);
    return { type: c.type, length: n, values, valid: c.valid === null ? null : c.valid.subarray(start, end) };
  });
  return { schema: b.schema, numRows: n, columns };
}

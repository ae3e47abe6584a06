/**
 * What `processAllAvailable()` reports while it waits (src/common/progress.ts; a notebook shows it
 * as a progress bar): the batches run since the call, their input rows, and where the sources'
 * offsets went. A pure tracker fed with the query's recentProgress, so it is tested without a query.
 *
 * The bar is indeterminate: a batch's `latestOffset` here is the end it planned (Kindling does not
 * report the source's unlimited latest offset when `maxOffsetsPerTrigger` caps a batch), so the
 * offsets left are not known.
 */
import type { ProgressUpdate } from "../common/progress.js";
import type { StreamingQueryProgress } from "./progress.js";

/**
 * One number for a source offset, to show it moving: the offset itself when it is a number (rate,
 * memory), the sum of a Kafka offset's per-partition offsets, null when it holds none.
 *
 * @example
 * offsetPosition({ rides: { "0": 1200, "1": 1300 } }); // 2500
 */
export function offsetPosition(offset: unknown): number | null {
  if (typeof offset === "number") return Number.isFinite(offset) ? offset : null;
  if (typeof offset === "string" && /^-?\d+$/.test(offset)) return Number(offset);
  if (offset === null || typeof offset !== "object") return null;
  let sum: number | null = null;
  for (const value of Object.values(offset as Record<string, unknown>)) {
    const p = offsetPosition(value);
    if (p !== null) sum = (sum ?? 0) + p;
  }
  return sum;
}

function sourcesPosition(progress: StreamingQueryProgress, which: "startOffset" | "endOffset"): number | null {
  let sum: number | null = null;
  for (const s of progress.sources) {
    const p = offsetPosition(s[which]);
    if (p !== null) sum = (sum ?? 0) + p;
  }
  return sum;
}

const count = (n: number): string => n.toLocaleString("en-US");

/** Follows a query's batches from the moment `processAllAvailable()` was called. */
export class CatchUpTracker {
  batches = 0;
  rows = 0;
  private lastBatchId: number;
  private firstBatchId: number | null = null;
  private startPosition: number | null;
  private endPosition: number | null = null;

  /** `before`: the query's lastProgress when the call was made (null: no batch yet). */
  constructor(before: StreamingQueryProgress | null) {
    this.lastBatchId = before?.batchId ?? -1;
    this.startPosition = before === null ? null : sourcesPosition(before, "endOffset");
  }

  /**
   * Takes in the batches of `recent` (recentProgress, oldest first) not seen yet; true when there
   * were any.
   *
   * @example
   * const t = new CatchUpTracker(q.lastProgress); await q.processAllAvailable(); t.observe(q.recentProgress);
   */
  observe(recent: readonly StreamingQueryProgress[]): boolean {
    let changed = false;
    for (const p of recent) {
      if (p.batchId <= this.lastBatchId) continue;
      changed = true;
      this.lastBatchId = p.batchId;
      if (this.firstBatchId === null) {
        this.firstBatchId = p.batchId;
        // A query's first batch has no start offset (Spark's progress says null): the start stays unknown.
        this.startPosition ??= sourcesPosition(p, "startOffset");
      }
      this.batches += 1;
      this.rows += p.numInputRows;
      this.endPosition = sourcesPosition(p, "endOffset") ?? this.endPosition;
    }
    return changed;
  }

  /** `batch 7 · 3 batches · offsets 1,000 → 2,500`. */
  detail(): string {
    if (this.firstBatchId === null) return "waiting for the first batch";
    const parts = [`batch ${this.lastBatchId}`, `${count(this.batches)} batch${this.batches === 1 ? "" : "es"}`];
    if (this.endPosition !== null) parts.push(this.startPosition === null ? `offsets at ${count(this.endPosition)}` : `offsets ${count(this.startPosition)} → ${count(this.endPosition)}`);
    return parts.join(" · ");
  }

  /** The update to report: rows done, and the detail line. */
  update(): ProgressUpdate {
    return { done: this.rows, detail: this.detail() };
  }

  /** The final line: `processed all available data of counts: 3 batches (7–9), 1,500 rows, offsets 1,000 → 2,500 in 1.2 s`. */
  summary(queryLabel: string, seconds: number): string {
    const time = `${seconds.toFixed(1)} s`;
    if (this.firstBatchId === null) return `processAllAvailable on ${queryLabel}: nothing new to process (${time})`;
    const range = this.batches === 1 ? `batch ${this.lastBatchId}` : `${count(this.batches)} batches (${this.firstBatchId}–${this.lastBatchId})`;
    const offsets = this.endPosition === null ? "" : this.startPosition === null ? `, offsets at ${count(this.endPosition)}` : `, offsets ${count(this.startPosition)} → ${count(this.endPosition)}`;
    return `processed all available data of ${queryLabel}: ${range}, ${count(this.rows)} rows${offsets} in ${time}`;
  }
}

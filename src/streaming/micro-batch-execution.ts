import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { KindlingError } from "../common/errors.js";
import type { Batch } from "../physical/vector.js";
import { Checkpoint } from "./checkpoint/checkpoint.js";
import type { BatchOutcome, IncrementalPlan } from "./incremental-plan.js";
import type { ListenerBus } from "./listener.js";
import { progressTimestamp, rowsPerSecond, type StreamingQueryProgress, type StreamingQueryStatus } from "./progress.js";
import type { OffsetJson, StreamSink, StreamSource } from "./source.js";
import { StreamingQueryException } from "./streaming-query-exception.js";
import type { Trigger } from "./trigger.js";

export interface MicroBatchSpec {
  readonly name: string | null;
  readonly sources: readonly StreamSource[];
  readonly plan: IncrementalPlan;
  readonly sink: StreamSink;
  readonly trigger: Trigger;
  /** null: no checkpoint (the memory and console sinks allow it; progress is then lost on stop). */
  readonly checkpointLocation: string | null;
  /** Settings recorded in every offsets-log entry (Spark records those a restart must keep). */
  readonly conf: Readonly<Record<string, string>>;
  readonly listeners: ListenerBus;
  /** How long to wait before looking for new data again when there was none (Spark's pollingDelay). */
  readonly pollingDelayMs?: number;
  /** Progress reports kept for `recentProgress` (spark.sql.streaming.numRecentProgressUpdates). */
  readonly numRecentProgress?: number;
  /** Batches kept in the checkpoint's logs (spark.sql.streaming.minBatchesToRetain). */
  readonly minBatchesToRetain?: number;
  /** How long a source may stay unreachable (retriable errors) before the query fails (default 5 minutes). */
  readonly sourceRetryMs?: number;
}

type Phase = "initializing" | "active" | "terminated";

/** Settings a checkpoint keeps for its whole life: a restart runs with the stored value (Spark: OffsetSeqMetadata.relevantSQLConfs). */
const PINNED_CONFS = ["spark.sql.shuffle.partitions"] as const;

/**
 * Runs a streaming query as a sequence of micro-batches, with Spark's MicroBatchExecution contract:
 *
 * 1. plan the batch: ask each source how far data is available (within its read limit);
 * 2. write the planned end offsets to the offsets log (the write-ahead log) before running;
 * 3. read each source's new range, run the incremental plan, hand the result to the sink;
 * 4. make the state durable, write the commit log, then let the sources forget what was read.
 *
 * A restart on the same checkpoint therefore re-runs an uncommitted batch with exactly the same
 * offsets and batch id (sinks skip batch ids they have), and continues after a committed one.
 * The watermark advances at the end of a batch from the event times it saw, and applies from the
 * next batch on (Spark: WatermarkTracker, policy `min` across `withWatermark` operators).
 */
export class MicroBatchExecution {
  readonly runId = randomUUID();
  id: string = randomUUID();

  private phase: Phase = "initializing";
  private stopRequested = false;
  private wake: (() => void) | null = null;
  private batchId = 0;
  /** The conf recorded with each batch's offsets: the session's, with the checkpoint's pinned values over it. */
  private conf: Readonly<Record<string, string>>;
  private committed: (OffsetJson | null)[];
  private watermarkMs = 0;
  /** The largest event time seen so far per watermark operator (null: none yet). */
  private maxEventTimeMs: (number | null)[];
  /** The watermark the last batch ran with (the next batch's watermark for late events). */
  private lastWatermarkOfBatch = 0;
  private checkpoint: Checkpoint | null = null;
  /** Under availableNow, the fixed end of each source that cannot bound itself (undefined: it does). */
  private availableNowTargets: (OffsetJson | null | undefined)[] | null = null;
  private failure: StreamingQueryException | null = null;
  private readonly progress: StreamingQueryProgress[] = [];
  private currentStatus: StreamingQueryStatus = { message: "Initializing sources", isDataAvailable: false, isTriggerActive: false };
  private lastTriggerStartMs: number | null = null;
  /** processAllAvailable() callers, with the planning round they were registered in. */
  private idleWaiters: Array<{ round: number; resolve: () => void; reject: (e: Error) => void }> = [];
  /** Counts offset-planning rounds, so a waiter is only released by a round that began after it. */
  private planningRound = 0;
  /** A source said data arrived since the last planning round began (see StreamSource.onNewData). */
  private dataSignalled = false;
  /** True while the loop sleeps its idle poll under a default trigger: the one wait new data may cut short. */
  private idlePolling = false;
  private unsubscribers: Array<() => void> = [];
  private readonly terminated: Promise<void>;
  private resolveTerminated!: () => void;

  constructor(private readonly spec: MicroBatchSpec) {
    this.committed = spec.sources.map(() => null);
    this.conf = spec.conf;
    this.maxEventTimeMs = spec.plan.watermarkDelaysMs.map(() => null);
    this.terminated = new Promise((resolve) => (this.resolveTerminated = resolve));
  }

  get name(): string | null {
    return this.spec.name;
  }
  get isActive(): boolean {
    return this.phase !== "terminated";
  }
  get status(): StreamingQueryStatus {
    return this.currentStatus;
  }
  get lastProgress(): StreamingQueryProgress | null {
    return this.progress[this.progress.length - 1] ?? null;
  }
  get recentProgress(): readonly StreamingQueryProgress[] {
    return [...this.progress];
  }
  get exception(): StreamingQueryException | null {
    return this.failure;
  }
  /** The watermark the next batch runs with (ms since the epoch). */
  get currentWatermarkMs(): number {
    return this.watermarkMs;
  }

  /** Opens the checkpoint (or refuses it) and recovers where a previous run stopped. Throws on a bad checkpoint. */
  async initialize(): Promise<void> {
    if (this.spec.checkpointLocation !== null) {
      this.checkpoint = Checkpoint.open(this.spec.checkpointLocation, this.spec.plan.fingerprint);
      this.id = this.checkpoint.id;
      // Spark gives each source `<checkpoint>/sources/<i>` for its own metadata (Kafka's initial offsets).
      this.spec.sources.forEach((source, i) => source.attachCheckpoint?.(join(this.spec.checkpointLocation!, "sources", String(i))));
    }
    let lastCommitted = -1;
    const latest = this.checkpoint?.offsets.getLatest();
    if (this.checkpoint !== null && latest !== undefined) {
      const commit = this.checkpoint.commits.getLatest();
      if (commit !== undefined && commit.batchId === latest.batchId) {
        // The last planned batch is done: continue after it.
        this.committed = [...latest.value.offsets];
        this.watermarkMs = commit.value.nextBatchWatermarkMs;
        this.batchId = latest.batchId + 1;
        lastCommitted = latest.batchId;
      } else {
        // It was planned but not committed: run it again with the same offsets and id.
        const previous = this.checkpoint.offsets.get(latest.batchId - 1);
        this.committed = previous === undefined ? this.spec.sources.map(() => null) : [...previous.offsets];
        this.watermarkMs = latest.value.metadata.batchWatermarkMs;
        this.batchId = latest.batchId;
        lastCommitted = latest.batchId - 1;
      }
      this.lastWatermarkOfBatch = this.checkpoint.offsets.get(this.batchId - 1)?.metadata.batchWatermarkMs ?? 0;
    }
    // Settings that shape the state keep the checkpoint's values (Spark: OffsetSeqMetadata.setSessionConf).
    const stored = latest?.value.metadata.conf ?? {};
    const pinned = Object.fromEntries(PINNED_CONFS.flatMap((k) => (stored[k] === undefined ? [] : [[k, stored[k]] as const])));
    this.conf = { ...this.spec.conf, ...pinned };
    await this.spec.plan.restoreState(lastCommitted, this.checkpoint, pinned);
    if (this.spec.trigger.kind === "availableNow") {
      // Sources that cannot bound themselves are read up to what is available now, in one batch
      // (Spark wraps them in AvailableNowDataStreamWrapper).
      this.availableNowTargets = [];
      for (let i = 0; i < this.spec.sources.length; i++) {
        const source = this.spec.sources[i]!;
        if (source.prepareForTriggerAvailableNow !== undefined) {
          await source.prepareForTriggerAvailableNow();
          this.availableNowTargets.push(undefined);
        } else {
          this.availableNowTargets.push(await source.latestOffset(this.committed[i] ?? null, { all: true }));
        }
      }
    }
  }

  /** Ends a query that could not start (e.g. its checkpoint was refused) with that error. */
  async failBeforeStart(error: unknown): Promise<void> {
    this.failure = new StreamingQueryException(this.spec.name, this.id, this.runId, this.batchId, error);
    await this.shutdown();
  }

  /** Runs batches until the trigger ends the query, `stop()` is called, or a batch fails. */
  async run(): Promise<void> {
    this.phase = "active";
    for (const source of this.spec.sources) {
      const unsubscribe = source.onNewData?.(() => this.onNewData());
      if (unsubscribe !== undefined) this.unsubscribers.push(unsubscribe);
    }
    this.spec.listeners.post("onQueryStarted", { id: this.id, runId: this.runId, name: this.spec.name, timestamp: progressTimestamp(Date.now()) });
    try {
      await this.loop();
    } catch (error) {
      this.failure = new StreamingQueryException(this.spec.name, this.id, this.runId, this.batchId, error);
    } finally {
      await this.shutdown();
    }
  }

  private async loop(): Promise<void> {
    const redo = this.checkpoint?.offsets.get(this.batchId);
    let replay: readonly (OffsetJson | null)[] | null = redo === undefined ? null : redo.offsets;
    while (!this.stopRequested) {
      const triggerStart = Date.now();
      const round = ++this.planningRound;
      this.dataSignalled = false;
      this.currentStatus = { message: "Getting offsets from sources", isDataAvailable: false, isTriggerActive: true };
      const latestStart = performance.now();
      const ends = replay ?? (await this.planOffsets());
      const latestOffsetMs = performance.now() - latestStart;
      const hasData = ends.some((end, i) => end !== null && end !== this.committed[i]);
      // Spark runs a batch without data when stateful operators may emit or evict because the watermark moved.
      const noDataBatch = !hasData && this.spec.plan.hasStatefulOperators && this.watermarkMs > this.lastWatermarkOfBatch;
      if (replay === null && !hasData && !noDataBatch) {
        this.onIdle(round);
        if (this.spec.trigger.kind === "once" || this.spec.trigger.kind === "availableNow") return;
        await this.waitForNextTrigger(triggerStart, true);
        continue;
      }
      await this.runBatch(ends, replay !== null, triggerStart, latestOffsetMs);
      replay = null;
      if (this.spec.trigger.kind === "once") return;
      await this.waitForNextTrigger(triggerStart, false);
    }
  }

  private async planOffsets(): Promise<(OffsetJson | null)[]> {
    const all = this.spec.trigger.kind === "once";
    const ends: (OffsetJson | null)[] = [];
    for (let i = 0; i < this.spec.sources.length; i++) {
      const target = this.availableNowTargets?.[i];
      if (target !== undefined) ends.push(target);
      else {
        const source = this.spec.sources[i]!;
        ends.push(await this.retrying(source.description, () => source.latestOffset(this.committed[i] ?? null, { all })));
      }
    }
    return ends;
  }

  private async runBatch(ends: readonly (OffsetJson | null)[], isReplay: boolean, triggerStart: number, latestOffsetMs: number): Promise<void> {
    const durations: Record<string, number> = { latestOffset: Math.round(latestOffsetMs) };
    const timed = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        durations[key] = Math.round((durations[key] ?? 0) + performance.now() - t0);
      }
    };
    const batchId = this.batchId;
    const batchTimestampMs = Date.now();
    this.currentStatus = { message: "Processing new data", isDataAvailable: true, isTriggerActive: true };

    if (!isReplay && this.checkpoint !== null) {
      await timed("walCommit", async () => {
        this.checkpoint!.offsets.add(batchId, { metadata: { batchWatermarkMs: this.watermarkMs, batchTimestampMs, conf: this.conf }, offsets: ends });
      });
    }
    const inputs = await timed("getBatch", () =>
      Promise.all(this.spec.sources.map((s, i) => {
        const end = ends[i];
        return end === null || end === undefined || end === this.committed[i] ? Promise.resolve([] as Batch[]) : this.retrying(s.description, () => s.getBatch(this.committed[i] ?? null, end));
      })),
    );
    const outcome: BatchOutcome = await timed("addBatch", async () => {
      const result = await this.spec.plan.runBatch({ batchId, inputs, watermarkMs: this.watermarkMs, lateEventsWatermarkMs: this.lastWatermarkOfBatch, batchTimestampMs });
      await this.spec.sink.addBatch(batchId, result.output, result.schema);
      return result;
    });
    const nextWatermark = this.advanceWatermark(outcome.eventTimeMaxMs);
    await timed("commitOffsets", async () => {
      await this.spec.plan.commitState(batchId, this.checkpoint);
      this.checkpoint?.commits.add(batchId, { nextBatchWatermarkMs: nextWatermark });
      for (let i = 0; i < this.spec.sources.length; i++) {
        const end = ends[i];
        if (end !== null && end !== undefined) await this.spec.sources[i]!.commit(end);
      }
      const retain = this.spec.minBatchesToRetain ?? 100;
      if (this.checkpoint !== null && batchId >= retain) {
        this.checkpoint.offsets.purge(batchId - retain + 1);
        this.checkpoint.commits.purge(batchId - retain + 1);
      }
    });
    const starts = this.committed;
    this.lastWatermarkOfBatch = this.watermarkMs;
    this.watermarkMs = nextWatermark;
    this.committed = [...ends];
    this.batchId = batchId + 1;
    durations["triggerExecution"] = Date.now() - triggerStart;
    this.report(batchId, triggerStart, durations, inputs, starts, ends, outcome);
  }

  /**
   * Runs a source call, retrying retriable failures (a broker that went away) with backoff from
   * 200 ms to 5 s, for at most `sourceRetryMs`; the query's status says what it waits for. The
   * calls are reads of a fixed range, so a retry returns the same rows.
   */
  private async retrying<T>(what: string, work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.spec.sourceRetryMs ?? 300_000);
    let pause = 200;
    for (;;) {
      try {
        return await work();
      } catch (error) {
        const retriable = error instanceof KindlingError && error.retriable;
        if (!retriable || this.stopRequested || Date.now() + pause > deadline) throw error;
        this.currentStatus = { message: `Waiting for ${what} to come back: ${(error as Error).message}`, isDataAvailable: false, isTriggerActive: true };
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, pause);
          function done(): void {
            clearTimeout(timer);
            resolve();
          }
          this.wake = done;
        });
        this.wake = null;
        pause = Math.min(pause * 2, 5000);
      }
    }
  }

  /** Folds a batch's event times into the watermark: max(old, min over operators of (max event time − delay)). */
  private advanceWatermark(batchMax: readonly (number | null)[]): number {
    const delays = this.spec.plan.watermarkDelaysMs;
    const candidates: number[] = [];
    for (let i = 0; i < delays.length; i++) {
      const seen = batchMax[i];
      const prev = this.maxEventTimeMs[i] ?? null;
      const max = seen === null || seen === undefined ? prev : prev === null ? seen : Math.max(prev, seen);
      this.maxEventTimeMs[i] = max;
      // An operator that has seen no row yet counts as 0 (Spark's WatermarkTracker), so with two
      // watermarked inputs (a stream-stream join) the watermark waits for both.
      candidates.push(max === null ? 0 : max - delays[i]!);
    }
    if (candidates.length === 0) return this.watermarkMs;
    return Math.max(this.watermarkMs, Math.min(...candidates));
  }

  private report(
    batchId: number,
    triggerStart: number,
    durationMs: Record<string, number>,
    inputs: readonly (readonly Batch[])[],
    starts: readonly (OffsetJson | null)[],
    ends: readonly (OffsetJson | null)[],
    outcome: BatchOutcome,
  ): void {
    const rowsOf = (batches: readonly Batch[]): number => batches.reduce((n, b) => n + b.numRows, 0);
    const perSource = inputs.map(rowsOf);
    const numInputRows = perSource.reduce((a, b) => a + b, 0);
    const sinceLast = this.lastTriggerStartMs === null ? 0 : triggerStart - this.lastTriggerStartMs;
    this.lastTriggerStartMs = triggerStart;
    const processingMs = durationMs["triggerExecution"] ?? 0;
    const parseOffset = (o: OffsetJson | null | undefined): unknown => {
      if (o === null || o === undefined) return null;
      try {
        return JSON.parse(o);
      } catch {
        return o;
      }
    };
    const eventTime: Record<string, string> = {};
    if (this.spec.plan.watermarkDelaysMs.length > 0) {
      const stats = outcome.eventTimeStats;
      if (stats !== null) {
        eventTime["avg"] = progressTimestamp(stats.avgMs);
        eventTime["max"] = progressTimestamp(stats.maxMs);
        eventTime["min"] = progressTimestamp(stats.minMs);
      }
      eventTime["watermark"] = progressTimestamp(this.lastWatermarkOfBatch);
    }
    const progress: StreamingQueryProgress = {
      id: this.id,
      runId: this.runId,
      name: this.spec.name,
      timestamp: progressTimestamp(triggerStart),
      batchId,
      batchDuration: processingMs,
      numInputRows,
      inputRowsPerSecond: rowsPerSecond(numInputRows, sinceLast),
      processedRowsPerSecond: rowsPerSecond(numInputRows, processingMs),
      durationMs,
      eventTime,
      stateOperators: outcome.stateOperators,
      sources: this.spec.sources.map((s, i) => ({
        description: s.description,
        startOffset: parseOffset(starts[i]),
        endOffset: parseOffset(ends[i]),
        latestOffset: parseOffset(ends[i]),
        numInputRows: perSource[i] ?? 0,
        inputRowsPerSecond: rowsPerSecond(perSource[i] ?? 0, sinceLast),
        processedRowsPerSecond: rowsPerSecond(perSource[i] ?? 0, processingMs),
      })),
      sink: { description: this.spec.sink.description, numOutputRows: outcome.output.reduce((n, b) => n + b.numRows, 0) },
    };
    this.progress.push(progress);
    const keep = this.spec.numRecentProgress ?? 100;
    if (this.progress.length > keep) this.progress.splice(0, this.progress.length - keep);
    this.spec.listeners.post("onQueryProgress", { progress });
  }

  private onIdle(round: number): void {
    this.currentStatus = { message: "Waiting for data to arrive", isDataAvailable: false, isTriggerActive: false };
    // Only a round that started planning after a waiter arrived has seen the data pushed before it.
    const ready = this.idleWaiters.filter((w) => w.round < round);
    this.idleWaiters = this.idleWaiters.filter((w) => w.round >= round);
    for (const w of ready) w.resolve();
    this.spec.listeners.post("onQueryIdle", { id: this.id, runId: this.runId, timestamp: progressTimestamp(Date.now()) });
  }

  private async waitForNextTrigger(triggerStart: number, idle: boolean): Promise<void> {
    const t = this.spec.trigger;
    let waitMs: number;
    if (t.kind === "processingTime") {
      // The next trigger is due one interval after this one started; an overrun starts it at once.
      waitMs = Math.max(0, triggerStart + t.intervalMs - Date.now());
    } else {
      waitMs = idle ? (this.spec.pollingDelayMs ?? 10) : 0;
    }
    if (t.kind !== "processingTime" && !idle) return;
    if (!idle && t.kind === "processingTime") this.currentStatus = { message: "Waiting for next trigger", isDataAvailable: true, isTriggerActive: false };
    // Data that a source announced while this round planned is already there: no poll to wait for.
    const polling = t.kind !== "processingTime";
    if (waitMs <= 0 || this.stopRequested || (polling && this.dataSignalled)) return;
    this.idlePolling = polling;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = null;
    this.idlePolling = false;
  }

  /**
   * A source announced data: an idle query under the default trigger plans at once (Spark polls
   * every `pollingDelayMs`, 10 ms, which would be most of a small batch's latency). A processingTime
   * trigger keeps its interval: data never starts a batch early.
   */
  private onNewData(): void {
    this.dataSignalled = true;
    if (this.idlePolling) this.wake?.();
  }

  /**
   * Resolves once every row available when it was called has been processed (the loop found no
   * new data after the call); rejects if the query fails first. For tests and notebooks.
   */
  processAllAvailable(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.phase === "terminated") return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.idleWaiters.push({ round: this.planningRound, resolve, reject });
      this.wake?.();
    });
  }

  /** Asks the loop to stop after the batch in flight; resolves when the query has terminated. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wake?.();
    await this.terminated;
  }

  /** Resolves when the query terminates (cleanly or not). */
  awaitTerminated(): Promise<void> {
    return this.terminated;
  }

  private async shutdown(): Promise<void> {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
    for (const source of this.spec.sources) {
      await source.stop().catch(() => undefined);
    }
    await this.spec.sink.stop?.().catch(() => undefined);
    this.phase = "terminated";
    this.currentStatus = { message: "Stopped", isDataAvailable: false, isTriggerActive: false };
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) {
      if (this.failure === null) w.resolve();
      else w.reject(this.failure);
    }
    this.spec.listeners.post("onQueryTerminated", { id: this.id, runId: this.runId, exception: this.failure?.message ?? null });
    this.resolveTerminated();
  }
}

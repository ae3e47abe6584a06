import { AnalysisError } from "../common/errors.js";
import { parseIntervalMicros } from "../expr/interval.js";

/**
 * When micro-batches run, as `writeStream.trigger(...)` sets it (PySpark's keyword spelling):
 * - default (no trigger): the next batch starts as soon as the last one ends;
 * - `{ processingTime: "5 seconds" }`: batches start on a fixed interval; a batch that overruns
 *   starts the next one at once, without catching up on missed ticks (Spark's ProcessingTimeExecutor);
 * - `{ availableNow: true }`: all data available at start, in rate-limited batches, then stop;
 * - `{ once: true }`: all data available at start in one batch, then stop (deprecated in Spark).
 */
export type Trigger =
  | { readonly kind: "default" }
  | { readonly kind: "processingTime"; readonly intervalMs: number }
  | { readonly kind: "availableNow" }
  | { readonly kind: "once" };

/** PySpark's `trigger(processingTime=…, once=…, availableNow=…, continuous=…)` arguments. */
export interface TriggerOptions {
  readonly processingTime?: string | number;
  readonly once?: boolean;
  readonly availableNow?: boolean;
  readonly continuous?: string;
}

/**
 * Validates trigger options as PySpark does: exactly one of them, with a valid value.
 *
 * @example
 * ```ts
 * parseTrigger({ processingTime: "5 seconds" }); // { kind: "processingTime", intervalMs: 5000 }
 * ```
 */
export function parseTrigger(options: TriggerOptions): Trigger {
  const given = Object.entries(options).filter(([, v]) => v !== undefined && v !== false);
  if (given.length !== 1) {
    throw new AnalysisError(`trigger() takes exactly one of processingTime, once, availableNow, continuous; got ${given.length === 0 ? "none" : given.map(([k]) => k).join(", ")}`, {
      hint: 'e.g. trigger({ processingTime: "5 seconds" }) or trigger({ availableNow: true })',
    });
  }
  const [key, value] = given[0]!;
  switch (key) {
    case "processingTime": {
      const ms = typeof value === "number" ? value : parseIntervalMicros(String(value), "processingTime") / 1000;
      if (!Number.isFinite(ms) || ms < 0) throw new AnalysisError(`processingTime must be a non-negative interval, got ${JSON.stringify(value)}`, { hint: 'write it like "5 seconds"' });
      return ms === 0 ? { kind: "default" } : { kind: "processingTime", intervalMs: ms };
    }
    case "once":
      return { kind: "once" };
    case "availableNow":
      return { kind: "availableNow" };
    case "continuous":
      throw new AnalysisError("continuous processing (trigger continuous=…) is not supported by Kindling", {
        hint: 'use micro-batches: trigger({ processingTime: "1 second" }) gives sub-second latency here',
      });
    default:
      throw new AnalysisError(`unknown trigger option ${key}`, { hint: "use processingTime, once or availableNow" });
  }
}

/** True for triggers that end the query once the data available at start is processed. */
export function isBoundedTrigger(t: Trigger): boolean {
  return t.kind === "availableNow" || t.kind === "once";
}

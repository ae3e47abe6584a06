/** The JSON a scenario run writes to bench/results/: the format reporters read back. */
import type { MachineInfo } from "./machine.js";
import type { Curve, Repetitions, Role, Size, Unit } from "./scenario.js";
import type { Summary } from "./stats.js";

export const RESULT_SCHEMA = "kindling-bench/1";

export interface SeriesResult {
  readonly id: string;
  readonly measure: string;
  readonly role: Role;
  readonly label: string;
  readonly unit: Unit;
  readonly group: string;
  readonly higherIsBetter: boolean;
  /** One value per measured repetition, in run order (for a distribution: each run's median). */
  readonly values: readonly number[];
  readonly summary: Summary;
  /** Over all values of all runs, for distribution series only. */
  readonly p50?: number;
  readonly p99?: number;
}

export interface RatioResult {
  readonly group: string;
  readonly unit: Unit;
  readonly numerator: string;
  readonly denominator: string;
  /** "PySpark local[2] in-job ÷ kafkajs bare consumer" */
  readonly label: string;
  /** Per-pair ratios numerator[i] / denominator[i] of the same repetition, and their summary. */
  readonly perPair: readonly number[];
  readonly summary: Summary;
}

export interface ScenarioResult {
  readonly schema: typeof RESULT_SCHEMA;
  readonly scenario: string;
  readonly size: Size;
  readonly workload: string;
  readonly notes: readonly string[];
  readonly params: unknown;
  /** ISO time the scenario started. */
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly setupSeconds: number;
  readonly machine: MachineInfo;
  /** 1-minute load average when the scenario started and ended: a busy neighbour shows here. */
  readonly loadAverage1m: { readonly start: number; readonly end: number };
  readonly repetitions: Repetitions;
  readonly measures: ReadonlyArray<{ readonly id: string; readonly role: Role; readonly description: string; readonly warmupRuns: number }>;
  /** The measures in the order they ran within each repetition. */
  readonly order: readonly string[];
  readonly series: readonly SeriesResult[];
  readonly ratios: readonly RatioResult[];
  /** Curves over time recorded by measured runs (absent when the scenario records none). */
  readonly curves?: readonly CurveResult[];
}

/** A curve of one measured run (see {@link Curve}); `rep` is the repetition it came from, from 1. */
export interface CurveResult extends Curve {
  readonly measure: string;
  readonly rep: number;
}

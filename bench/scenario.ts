/**
 * What a benchmark scenario declares. A scenario is one workload measured several ways:
 *
 * - the **subject** (Kindling doing the work; absent until the engine exists),
 * - its **ceiling** (the same work with the least machinery: a bare client, a hand-written loop
 *   over typed arrays), which says how far from the machine's limit the subject is,
 * - its **peers** (another tool doing the same work on the same data in the same run: PySpark,
 *   kcat), which say where the subject stands against what users know.
 *
 * Each way is a {@link Measure}: one function that does the work once and returns one number per
 * {@link SeriesSpec} it declares (one run may time several phases, e.g. parse and aggregate). The
 * runner alternates the measures (ABAB…) so that a noisy neighbour hurts them alike, and computes
 * ratios pair by pair within a repetition (see bench/runner.ts).
 *
 * Adding a subject to an existing scenario is one function: `withSubject(scenario, measure)`.
 */

/** Small runs in the test suite and in CI (the whole suite under 3 minutes); full runs make claims. */
export type Size = "small" | "full";

export type Role = "subject" | "ceiling" | "peer";

/** A unit and which way is better. Throughputs are per second; latencies are in milliseconds. */
export type Unit = "records/s" | "rows/s" | "ms" | "s" | "MB" | "rows";

export const HIGHER_IS_BETTER: Readonly<Record<Unit, boolean>> = {
  "records/s": true,
  "rows/s": true,
  ms: false,
  s: false,
  MB: false,
  // State rows: fewer for the same work is better.
  rows: false,
};

/** One reported number of a measure. */
export interface SeriesSpec {
  /** Stable id, unique in the scenario, e.g. `kafkajs`, `pyspark-in-job`. */
  readonly id: string;
  /** What a reader sees: says exactly what is timed, e.g. "PySpark local[2], wall clock incl. JVM start". */
  readonly label: string;
  readonly unit: Unit;
  /**
   * Series of the same group measure the same work in the same unit; ratios are only taken within
   * a group. Defaults to the unit.
   */
  readonly group?: string;
  /**
   * A latency series: the measure returns every observed value of a run (one per micro-batch, say)
   * and the report adds p50 and p99 over all runs. Otherwise one number per run.
   */
  readonly distribution?: boolean;
}

/** What one run of a measure returns: a number (or, for a distribution, the values) per series id. */
export type RunResult = Readonly<Record<string, number | readonly number[]>>;

/** A way of doing the scenario's work, run once per repetition. */
export interface Measure<S> {
  /** Stable id, e.g. `kafkajs-bare`. */
  readonly id: string;
  readonly role: Role;
  /** One line: what runs and how it is configured. */
  readonly description: string;
  readonly series: readonly SeriesSpec[];
  /** Does the work once and returns the numbers; must check its own result (count, checksum). */
  run(state: S, ctx: RunContext): Promise<RunResult>;
  /** A run that takes longer fails (default 10 minutes). */
  readonly timeoutMs?: number;
  /**
   * Warm-up runs of this measure per size, instead of the scenario's. A measure that starts a fresh
   * process each run (spark-submit) gains little from warm-up beyond the OS file cache, and costs
   * the small suite most of its time budget.
   */
  readonly warmup?: Partial<Record<Size, number>>;
}

/**
 * A curve over the time of one run (memory, state rows, …), drawn as a line chart in the report.
 * `points` are [seconds since the run started, value].
 */
export interface Curve {
  /** Stable id, e.g. `kindling-rss`; curves of the same id from several runs are kept per run. */
  readonly id: string;
  readonly label: string;
  /** Free text, e.g. "MB" or "rows": curves with the same unit share a chart. */
  readonly unit: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface RunContext {
  readonly size: Size;
  /** Records a curve of this run (kept for measured runs only, not warm-ups). */
  readonly curve: (curve: Curve) => void;
  /** Progress lines for the console; never part of a result. */
  readonly log: (line: string) => void;
  /** A scratch folder for this scenario run (spark job outputs), removed at the end. */
  readonly scratch: string;
}

/** How many times to run each measure. */
export interface Repetitions {
  readonly warmup: number;
  readonly measured: number;
}

/** A scenario: workload, sizes, how to prepare, how to measure. */
export interface Scenario<P = unknown, S = unknown> {
  /** kebab-case, used on the command line and in file names. */
  readonly name: string;
  /** What is measured, in prose, for the report. */
  readonly workload: string;
  readonly sizes: Readonly<Record<Size, P>>;
  readonly repetitions: Readonly<Record<Size, Repetitions>>;
  /** Services that must be up; the runner checks them first and fails with the command that starts them. */
  readonly requires: readonly ("kafka" | "spark" | "kcat")[];
  /** Builds data and state outside the timed runs (e.g. produces the topic once, spawns workers). */
  setup(params: P, ctx: RunContext): Promise<S>;
  /** Frees what setup made (workers, clients). */
  teardown?(state: S): Promise<void>;
  readonly measures: readonly Measure<S>[];
  /** Notes for the report: caveats, configuration, what each clock includes. */
  readonly notes?: readonly string[];
  /**
   * Ratios to report besides the automatic ones (subject ÷ others, or others ÷ ceiling, per group):
   * e.g. `[["kindling-local2", "kindling-local1"]]` for a speed-up between two subject series.
   * Both series must be in the same unit.
   */
  readonly extraRatios?: ReadonlyArray<readonly [numerator: string, denominator: string]>;
}

/**
 * The scenario with one more measure: how Kindling's engine joins a scenario once it exists.
 * The subject's series should reuse the groups of the series it is to be compared with.
 *
 * @example
 * ```ts
 * export const kafkaRead = withSubject(kafkaReadCeilings, {
 *   id: "kindling", role: "subject", description: "readStream.format('kafka') … count",
 *   series: [{ id: "kindling", label: "Kindling", unit: "records/s", group: "read" }],
 *   run: async (state) => ({ kindling: await kindlingCount(state.topic) }),
 * });
 * ```
 */
export function withSubject<P, S>(scenario: Scenario<P, S>, subject: Measure<S>): Scenario<P, S> {
  if (subject.role !== "subject") throw new Error(`withSubject: measure ${subject.id} has role ${subject.role}, not "subject"`);
  if (scenario.measures.some((m) => m.id === subject.id)) throw new Error(`scenario ${scenario.name} already has a measure ${subject.id}`);
  return { ...scenario, measures: [subject, ...scenario.measures] };
}

/** Identity with the types checked: `defineScenario({...})`. */
export function defineScenario<P, S>(scenario: Scenario<P, S>): Scenario<P, S> {
  return scenario;
}

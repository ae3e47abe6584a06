/**
 * Runs one scenario: checks its services, sets it up, warms up, then runs its measures in
 * alternation (A B C, A B C, …: a slow phase of the shared machine hits every measure alike) and
 * turns the numbers into medians, ranges and pair-by-pair ratios.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { machineInfo } from "./machine.js";
import { RESULT_SCHEMA, type CurveResult, type RatioResult, type ScenarioResult, type SeriesResult } from "./result.js";
import { HIGHER_IS_BETTER, type Curve, type Measure, type Repetitions, type RunContext, type RunResult, type Scenario, type Size } from "./scenario.js";
import { latencyPercentiles, median, pairedRatios, summarize } from "./stats.js";
import { requireServices } from "./support/services.js";

export interface RunOptions {
  readonly size: Size;
  /** Overrides of the scenario's repetitions (e.g. `--reps 3`). */
  readonly repetitions?: Partial<Repetitions>;
  readonly log?: (line: string) => void;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** Setup may produce millions of records to Kafka on a loaded machine; still, not forever. */
const SETUP_TIMEOUT_MS = 30 * 60_000;

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runWithTimeout<S>(measure: Measure<S>, state: S, ctx: RunContext): Promise<RunResult> {
  const result = await withTimeout(measure.run(state, ctx), measure.timeoutMs ?? DEFAULT_TIMEOUT_MS, `measure ${measure.id}`);
  for (const s of measure.series) {
    const v = result[s.id];
    const ok = s.distribution === true ? Array.isArray(v) && v.length > 0 : typeof v === "number" && Number.isFinite(v) && v > 0;
    if (!ok) throw new Error(`measure ${measure.id} returned no valid value for series ${s.id}: ${JSON.stringify(v)}`);
  }
  return result;
}

/** Runs a scenario end to end and returns its result (it writes nothing). */
export async function runScenario<P, S>(scenario: Scenario<P, S>, options: RunOptions): Promise<ScenarioResult> {
  const log = options.log ?? (() => undefined);
  const reps: Repetitions = { ...scenario.repetitions[options.size], ...options.repetitions };
  if (!(Number.isInteger(reps.measured) && reps.measured >= 1 && reps.measured <= 100)) throw new RangeError(`measured repetitions must be 1..100, got ${reps.measured}`);
  if (!(Number.isInteger(reps.warmup) && reps.warmup >= 0 && reps.warmup <= 10)) throw new RangeError(`warm-up repetitions must be 0..10, got ${reps.warmup}`);
  const ids = new Set<string>();
  for (const s of scenario.measures.flatMap((m) => m.series)) {
    if (ids.has(s.id)) throw new Error(`scenario ${scenario.name}: series id ${s.id} is used twice`);
    ids.add(s.id);
  }

  await requireServices(scenario.requires);
  const started = Date.now();
  const machine = machineInfo();
  const loadAtStart = machine.loadAverage1m;
  const scratch = mkdtempSync(join(tmpdir(), `kindling-bench-${scenario.name}-`));
  const curves: CurveResult[] = [];
  // Curves are kept for measured runs only: `keepCurve` is set around each measured run.
  let keepCurve: ((c: Curve) => void) | null = null;
  const ctx: RunContext = { size: options.size, log, scratch, curve: (c) => keepCurve?.(c) };
  const params = scenario.sizes[options.size];
  const values = new Map<string, Array<number | readonly number[]>>();
  let setupSeconds = 0;
  try {
    log(`${scenario.name}: setup (${options.size})`);
    const t0 = performance.now();
    const state = await withTimeout(scenario.setup(params, ctx), SETUP_TIMEOUT_MS, `${scenario.name} setup`);
    setupSeconds = (performance.now() - t0) / 1000;
    try {
      for (let w = 0; w < reps.warmup; w++) {
        for (const m of scenario.measures) {
          if (options.repetitions?.warmup === undefined && w >= (m.warmup?.[options.size] ?? reps.warmup)) continue;
          log(`${scenario.name}: warm-up ${w + 1}/${reps.warmup} ${m.id}`);
          await runWithTimeout(m, state, ctx);
        }
      }
      for (let i = 0; i < reps.measured; i++) {
        for (const m of scenario.measures) {
          keepCurve = (c) => curves.push({ ...c, points: downsample(c.points, MAX_CURVE_POINTS), measure: m.id, rep: i + 1 });
          let result: RunResult;
          try {
            result = await runWithTimeout(m, state, ctx);
          } finally {
            keepCurve = null;
          }
          for (const s of m.series) {
            const list = values.get(s.id) ?? [];
            list.push(result[s.id] as number | readonly number[]);
            values.set(s.id, list);
          }
          log(`${scenario.name}: rep ${i + 1}/${reps.measured} ${m.id}: ${m.series.map((s) => `${s.id}=${brief(result[s.id])}`).join(" ")}`);
        }
      }
    } finally {
      await scenario.teardown?.(state);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const series: SeriesResult[] = scenario.measures.flatMap((m) =>
    m.series.map((s): SeriesResult => {
      const raw = values.get(s.id) ?? [];
      const perRun = raw.map((v) => (typeof v === "number" ? v : median(v)));
      const base = {
        id: s.id,
        measure: m.id,
        role: m.role,
        label: s.label,
        unit: s.unit,
        group: s.group ?? s.unit,
        higherIsBetter: HIGHER_IS_BETTER[s.unit],
        values: perRun,
        summary: summarize(perRun),
      };
      return s.distribution === true ? { ...base, ...latencyPercentiles(raw.flatMap((v) => (typeof v === "number" ? [v] : [...v]))) } : base;
    }),
  );
  return {
    schema: RESULT_SCHEMA,
    scenario: scenario.name,
    size: options.size,
    workload: scenario.workload,
    notes: scenario.notes ?? [],
    params,
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    setupSeconds,
    machine,
    loadAverage1m: { start: loadAtStart, end: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
    repetitions: reps,
    measures: scenario.measures.map((m) => ({
      id: m.id,
      role: m.role,
      description: m.description,
      warmupRuns: options.repetitions?.warmup ?? Math.min(reps.warmup, m.warmup?.[options.size] ?? reps.warmup),
    })),
    order: scenario.measures.map((m) => m.id),
    series,
    ratios: [...ratiosOf(series), ...extraRatios(series, scenario.extraRatios ?? [])],
    ...(curves.length > 0 ? { curves } : {}),
  };
}

const MAX_CURVE_POINTS = 300;

/** At most `max` points, evenly spaced by index, keeping the first and the last. */
export function downsample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))] as T);
  return out;
}

function ratio(a: SeriesResult, b: SeriesResult): RatioResult {
  const r = pairedRatios(a.values, b.values);
  return { group: a.group, unit: a.unit, numerator: a.id, denominator: b.id, label: `${a.label} ÷ ${b.label}`, perPair: r.perPair, summary: { n: r.n, median: r.median, min: r.min, max: r.max } };
}

/** The ratios a scenario asks for by series id (e.g. local[2] ÷ local[1]); unknown ids or units that differ throw. */
export function extraRatios(series: readonly SeriesResult[], pairs: ReadonlyArray<readonly [string, string]>): RatioResult[] {
  return pairs.map(([n, d]) => {
    const a = series.find((s) => s.id === n);
    const b = series.find((s) => s.id === d);
    if (a === undefined || b === undefined) throw new Error(`extra ratio ${n} ÷ ${d}: no series ${a === undefined ? n : d}; series are ${series.map((s) => s.id).join(", ")}`);
    if (a.unit !== b.unit) throw new Error(`extra ratio ${n} ÷ ${d}: units differ (${a.unit} vs ${b.unit})`);
    return ratio(a, b);
  });
}

/**
 * The ratios worth reading, per group of comparable series. With a subject: subject ÷ every other
 * series (above 1 = the subject does more per second). Without one: every other series ÷ the
 * group's first ceiling (below 1 = short of the ceiling).
 */
export function ratiosOf(series: readonly SeriesResult[]): RatioResult[] {
  const out: RatioResult[] = [];
  const groups = [...new Set(series.map((s) => s.group))];
  for (const group of groups) {
    const members = series.filter((s) => s.group === group);
    const subject = members.find((s) => s.role === "subject");
    const pairs: Array<[SeriesResult, SeriesResult]> = [];
    if (subject !== undefined) {
      for (const other of members) if (other !== subject) pairs.push([subject, other]);
    } else {
      const ceiling = members.find((s) => s.role === "ceiling");
      if (ceiling === undefined) continue;
      for (const other of members) if (other !== ceiling) pairs.push([other, ceiling]);
    }
    for (const [a, b] of pairs) out.push(ratio(a, b));
  }
  return out;
}

function brief(v: number | readonly number[] | undefined): string {
  if (typeof v === "number") return v >= 1000 ? v.toExponential(3) : v.toPrecision(4);
  if (v === undefined) return "?";
  return `[${v.length} values]`;
}

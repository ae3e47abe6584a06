/**
 * Order statistics for small samples. Medians, not means: on a shared two-core machine the noise
 * is one-sided (a neighbour only ever slows a run down), so the mean drifts with it and the
 * median does not.
 */

/** The q-quantile (0..1) by linear interpolation between order statistics (numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median, min and max of a sample (NaN for an empty one). */
export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    min: values.length === 0 ? Number.NaN : Math.min(...values),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

/** p50 and p99 of pooled latency values. */
export function latencyPercentiles(values: readonly number[]): { p50: number; p99: number } {
  return { p50: quantile(values, 0.5), p99: quantile(values, 0.99) };
}

/**
 * Ratios a[i] / b[i] of two series measured in the same repetitions (pair i ran back to back), then
 * summarised: the median of per-pair ratios is robust to a slow phase of the machine that hits
 * both members of a pair, which a ratio of medians is not.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): Summary & { readonly perPair: number[] } {
  const n = Math.min(a.length, b.length);
  const perPair: number[] = [];
  for (let i = 0; i < n; i++) perPair.push((a[i] as number) / (b[i] as number));
  return { ...summarize(perPair), perPair };
}

/**
 * Interval strings for `F.window`, `withWatermark` and `trigger(processingTime=...)`: the plan
 * keeps durations in microseconds; Spark wants text like `"10 minutes"`. The largest unit that
 * divides the duration exactly is used, so the text reads as a person would write it and
 * parses back to the same number.
 *
 * ```ts
 * intervalText(600_000_000);    // "10 minutes"
 * intervalText(1_500_000);      // "1500 milliseconds"
 * ```
 */
const UNITS: readonly (readonly [number, string])[] = [
  [7 * 86_400_000_000, "week"], [86_400_000_000, "day"], [3_600_000_000, "hour"], [60_000_000, "minute"],
  [1_000_000, "second"], [1_000, "millisecond"], [1, "microsecond"],
];

/** `micros` as `"<n> <unit>s"` with the largest exact unit. */
export function intervalText(micros: number): string {
  if (micros === 0) return "0 seconds";
  for (const [per, unit] of UNITS) {
    if (micros % per === 0) {
      const n = micros / per;
      return `${n} ${unit}${Math.abs(n) === 1 ? "" : "s"}`;
    }
  }
  return `${micros} microseconds`;
}

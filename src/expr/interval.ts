/**
 * Parses Spark interval strings used by `window()` and `withWatermark()`: `"10 minutes"`,
 * `"1 hour 30 minutes"`, `"interval 5 seconds"`, `"500 milliseconds"`. Months and years are
 * rejected where Spark rejects them (a window needs a fixed length).
 *
 * ```ts
 * parseIntervalMicros("10 minutes"); // 600_000_000
 * ```
 */
import { AnalysisError } from "../common/errors.js";

const UNIT_MICROS: Record<string, number> = {
  week: 7 * 86_400_000_000, day: 86_400_000_000, hour: 3_600_000_000, minute: 60_000_000,
  second: 1_000_000, millisecond: 1_000, microsecond: 1,
};

/** Microseconds in an interval string; throws AnalysisError naming the bad part. */
export function parseIntervalMicros(text: string, what = "interval"): number {
  let s = text.trim().toLowerCase();
  if (s.startsWith("interval")) s = s.slice("interval".length).trim();
  const tokens = s.split(/\s+/).filter((t) => t !== "");
  if (tokens.length === 0 || tokens.length % 2 !== 0) throw badInterval(text, what);
  let total = 0;
  for (let i = 0; i < tokens.length; i += 2) {
    const n = Number(tokens[i]);
    let unit = tokens[i + 1]!;
    if (unit.endsWith("s")) unit = unit.slice(0, -1);
    if (unit === "min") unit = "minute";
    if (unit === "sec") unit = "second";
    if (unit === "ms") unit = "millisecond";
    if (unit === "month" || unit === "year") {
      throw new AnalysisError(`Intervals greater than a month are not supported (${text}) for ${what}.`, {
        hint: "Use weeks, days, hours, minutes, seconds or milliseconds.",
      });
    }
    const per = UNIT_MICROS[unit];
    if (!Number.isFinite(n) || per === undefined) throw badInterval(text, what);
    total += n * per;
  }
  return Math.round(total);
}

function badInterval(text: string, what: string): AnalysisError {
  return new AnalysisError(`The ${what} '${text}' is not a valid interval string.`, {
    hint: "Write it as '<number> <unit>', e.g. '10 minutes' or '1 hour 30 minutes'.",
  });
}

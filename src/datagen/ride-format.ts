/**
 * Text formatting for generated rides, in the exact style of the real TLC 2020 CSVs:
 * - trip_distance: two decimals, no leading zero below one mile (`1.50`, `.73`, `.00`, `18.65`);
 * - money: the shortest decimal (`8`, `0.5`, `9.3`, `11.27`, `-24.8`), as the files have it;
 * - timestamps: `2020-07-01 00:25:32`, wall-clock (we compute in UTC so no DST gap or overlap).
 *
 * Each formatter caches the strings it builds: the same few thousand values repeat millions of
 * times, and building JavaScript strings is the slow part of generating CSV.
 */

const MONEY_CACHE_LIMIT = 100_000; // ±1000.00 dollars
const moneyPositive: (string | undefined)[] = [];
const moneyNegative: (string | undefined)[] = [];

/** Cents as the TLC files write money: `0` , `0.5`, `9.3`, `11.27`, `-2.5`. */
export function formatMoney(cents: number): string {
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  if (abs < MONEY_CACHE_LIMIT) {
    const cache = negative ? moneyNegative : moneyPositive;
    const hit = cache[abs];
    if (hit !== undefined) return hit;
    const text = (negative ? "-" : "") + moneyText(abs);
    cache[abs] = text;
    return text;
  }
  return (negative ? "-" : "") + moneyText(abs);
}

function moneyText(abs: number): string {
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  if (frac === 0) return String(whole);
  if (frac % 10 === 0) return `${whole}.${frac / 10}`;
  return `${whole}.${frac < 10 ? "0" : ""}${frac}`;
}

const DISTANCE_CACHE_LIMIT = 20_000; // 200 miles
const distanceCache: (string | undefined)[] = [];

/** Hundredths of a mile as the files write trip_distance: `1.50`, `.73`, `.00`, `18.65`. */
export function formatDistance(hundredths: number): string {
  if (hundredths < DISTANCE_CACHE_LIMIT) {
    const hit = distanceCache[hundredths];
    if (hit !== undefined) return hit;
    const text = distanceText(hundredths);
    distanceCache[hundredths] = text;
    return text;
  }
  return distanceText(hundredths);
}

function distanceText(hundredths: number): string {
  const whole = Math.floor(hundredths / 100);
  const frac = hundredths % 100;
  return `${whole === 0 ? "" : String(whole)}.${frac < 10 ? "0" : ""}${frac}`;
}

const SECONDS_PER_DAY = 86_400;
const timeOfDay: (string | undefined)[] = new Array<string | undefined>(SECONDS_PER_DAY);
const dayPrefix = new Map<number, string>();

/** Epoch seconds (UTC) as `YYYY-MM-DD HH:MM:SS`. */
export function formatTimestamp(epochSeconds: number): string {
  const day = Math.floor(epochSeconds / SECONDS_PER_DAY);
  const second = epochSeconds - day * SECONDS_PER_DAY;
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    // toISOString is slow but runs once per distinct day.
    prefix = new Date(day * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10) + " ";
    dayPrefix.set(day, prefix);
  }
  let time = timeOfDay[second];
  if (time === undefined) {
    const h = Math.floor(second / 3600);
    const m = Math.floor(second / 60) % 60;
    const s = second % 60;
    time = `${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}:${s < 10 ? "0" : ""}${s}`;
    timeOfDay[second] = time;
  }
  return prefix + time;
}

/**
 * Parses `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DDTHH:MM:SS`, optional `Z`) as UTC wall-clock time into
 * epoch seconds; throws a RangeError naming the expected format otherwise.
 */
export function parseTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})Z?$/.exec(text);
  if (m === null) throw new RangeError(`expected a timestamp like "2020-07-01 00:00:00", got "${text}"`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

const smallInts: string[] = Array.from({ length: 300 }, (_, i) => String(i));

/** A small non-negative integer as text, from a table (location IDs, counts, codes). */
export function formatSmallInt(n: number): string {
  return smallInts[n] ?? String(n);
}

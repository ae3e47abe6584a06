/**
 * Calendar arithmetic for Spark's DateType (days since 1970-01-01) and TimestampType
 * (microseconds since the epoch, UTC), with time-zone offsets from the platform's IANA database
 * (Intl), which is what Spark gets from java.time for `spark.sql.session.timeZone`.
 *
 * ```ts
 * formatTimestamp(1_500_000n, "UTC"); // "1970-01-01 00:00:01.5"
 * ```
 */

/** Days since the epoch -> proleptic Gregorian year, month (1-12), day. */
export function civilFromDays(days: number): { y: number; m: number; d: number } {
  // Howard Hinnant's days_from_civil inverse; exact for the whole int32 range.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: m <= 2 ? y + 1 : y, m, d };
}

/** Proleptic Gregorian date -> days since the epoch. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const FIXED = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** The session time zone Spark would use by default: the process's zone. */
export function defaultTimeZone(): string {
  return process.env["TZ"] ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
}

/** The offset of `tz` from UTC, in seconds, at the instant `epochSeconds`. */
export function zoneOffsetSeconds(epochSeconds: number, tz: string): number {
  if (tz === "UTC" || tz === "GMT" || tz === "Z" || tz === "Etc/UTC") return 0;
  const fixed = FIXED.exec(tz);
  if (fixed !== null) {
    const s = (Number(fixed[2]) * 3600 + Number(fixed[3] ?? 0) * 60);
    return fixed[1] === "-" ? -s : s;
  }
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", era: "short",
    });
    formatters.set(tz, f);
  }
  const parts = f.formatToParts(new Date(epochSeconds * 1000));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  let year = get("year");
  if (parts.find((p) => p.type === "era")?.value === "BC") year = 1 - year;
  const local = daysFromCivil(year, get("month"), get("day")) * 86400 + get("hour") * 3600 + get("minute") * 60 + get("second");
  return local - Math.floor(epochSeconds);
}

/** UTC seconds for a wall-clock time (seconds since epoch as if UTC) in `tz`. */
export function localToUtcSeconds(localSeconds: number, tz: string): number {
  const o1 = zoneOffsetSeconds(localSeconds, tz);
  const o2 = zoneOffsetSeconds(localSeconds - o1, tz);
  return localSeconds - o2;
}

function pad(n: number, w: number): string {
  const s = String(Math.abs(n)).padStart(w, "0");
  return n < 0 ? `-${s}` : s;
}

/** `yyyy-MM-dd` for a DateType value. */
export function formatDate(days: number): string {
  const { y, m, d } = civilFromDays(days);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Splits microseconds into floor seconds and the non-negative microsecond remainder. */
export function splitMicros(micros: bigint): { seconds: number; micros: number } {
  let s = micros / 1_000_000n;
  let r = micros % 1_000_000n;
  if (r < 0n) { r += 1_000_000n; s -= 1n; }
  return { seconds: Number(s), micros: Number(r) };
}

/**
 * Spark's fraction formatter (`TimestampFormatter.getFractionFormatter`): `yyyy-MM-dd HH:mm:ss`
 * plus the fraction of a second with trailing zeros removed, in the session time zone.
 */
export function formatTimestamp(micros: bigint, tz: string): string {
  const { seconds, micros: frac } = splitMicros(micros);
  const local = seconds + zoneOffsetSeconds(seconds, tz);
  const days = Math.floor(local / 86400);
  const sod = local - days * 86400;
  let s = `${formatDate(days)} ${pad(Math.floor(sod / 3600), 2)}:${pad(Math.floor((sod % 3600) / 60), 2)}:${pad(sod % 60, 2)}`;
  if (frac !== 0) s += `.${String(frac).padStart(6, "0").replace(/0+$/, "")}`;
  return s;
}

/** Wall-clock fields of a timestamp in `tz`. */
export function timestampFields(micros: bigint, tz: string): {
  y: number; m: number; d: number; hh: number; mm: number; ss: number; micros: number; days: number; dow: number;
} {
  const { seconds, micros: frac } = splitMicros(micros);
  const local = seconds + zoneOffsetSeconds(seconds, tz);
  const days = Math.floor(local / 86400);
  const sod = local - days * 86400;
  const { y, m, d } = civilFromDays(days);
  // 1970-01-01 was a Thursday; dow: 1 = Sunday ... 7 = Saturday (Spark's dayofweek).
  const dow = (((days + 4) % 7) + 7) % 7 + 1;
  return { y, m, d, hh: Math.floor(sod / 3600), mm: Math.floor((sod % 3600) / 60), ss: sod % 60, micros: frac, days, dow };
}

const TS_RE =
  /^\s*([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2})(?:(?:[ T])(?:(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?|UTC|GMT|[A-Za-z]+\/[A-Za-z_]+)?)?)?)?\s*$/;

/**
 * Spark's cast of a string to TIMESTAMP (`SparkDateTimeUtils.stringToTimestamp`): `yyyy`,
 * `yyyy-[m]m`, `yyyy-[m]m-[d]d`, then optional ` ` or `T`, `[h]h:[m]m:[s]s.[fraction]` and zone.
 * Returns microseconds, or null when the text is not a timestamp.
 */
export function parseTimestamp(text: string, tz: string): bigint | null {
  const m = TS_RE.exec(text);
  if (m === null) return null;
  const y = Number(m[1]); const mo = Number(m[2] ?? 1); const d = Number(m[3] ?? 1);
  const hh = Number(m[4] ?? 0); const mi = Number(m[5] ?? 0); const ss = Number(m[6] ?? 0);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || hh > 23 || mi > 59 || ss > 59) return null;
  const frac = m[7] ?? "";
  const micros = frac === "" ? 0 : Number(frac.slice(0, 6).padEnd(6, "0"));
  const local = daysFromCivil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss;
  const zone = m[8];
  const utc = zone === undefined ? localToUtcSeconds(local, tz) : localToUtcSeconds(local, zone === "Z" ? "UTC" : zone);
  return BigInt(utc) * 1_000_000n + BigInt(micros);
}

const DATE_RE = /^\s*([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T].*)?)?)?\s*$/;

/** Spark's cast of a string to DATE: `yyyy`, `yyyy-[m]m`, `yyyy-[m]m-[d]d[ T...]`; null if invalid. */
export function parseDate(text: string): number | null {
  const m = DATE_RE.exec(text);
  if (m === null) return null;
  const y = Number(m[1]); const mo = Number(m[2] ?? 1); const d = Number(m[3] ?? 1);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return daysFromCivil(y, mo, d);
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

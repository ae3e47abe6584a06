/**
 * Wall-clock -> UTC conversion for one time zone with the offset cached per local hour, so a
 * reader parsing millions of timestamps calls Intl only when the hour changes. An hour whose
 * offset is not constant (a DST transition) is never cached and takes the exact path.
 *
 * ```ts
 * const z = new ZoneCache("America/New_York");
 * z.toUtcSeconds(daysFromCivil(2020, 7, 1) * 86400); // 1593576000
 * ```
 */
import { localToUtcSeconds } from "../../types/datetime.js";

const FIXED_UTC = new Set(["UTC", "GMT", "Z", "Etc/UTC", "+00:00", "UTC+00:00"]);

/** Converts local seconds (as if UTC) in `tz` to UTC seconds. */
export class ZoneCache {
  private readonly utc: boolean;
  private readonly offsets = new Map<number, number>();

  constructor(readonly tz: string) {
    this.utc = FIXED_UTC.has(tz);
  }

  /** UTC seconds of a wall-clock time in this zone. */
  toUtcSeconds(local: number): number {
    if (this.utc) return local;
    const hour = Math.floor(local / 3600);
    const off = this.offsets.get(hour);
    if (off !== undefined) return local - off;
    const start = hour * 3600;
    const a = start - localToUtcSeconds(start, this.tz);
    const b = start + 3599 - localToUtcSeconds(start + 3599, this.tz);
    if (a === b) {
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(hour, a);
      return local - a;
    }
    return localToUtcSeconds(local, this.tz);
  }
}

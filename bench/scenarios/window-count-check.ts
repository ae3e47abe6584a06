/**
 * Checks the window-count ceiling's kernels against the plain version (string split, Date.parse,
 * a Map of counts) on a prefix of the input, so that a fast wrong kernel cannot set the ceiling.
 */
import type { BinaryColumn } from "../kernels/course-data.js";
import { allocCourseColumns, parseCourseValues } from "../kernels/course-parse.js";
import { emptyWindowCounts, KEY_SLOTS, slidingWindowCount } from "../kernels/window-count.js";

const num = (s: string | undefined): number | null => (s === undefined || s === "" ? null : Number(s));
const time = (s: string | undefined): number | null => (s === undefined || s === "" ? null : Date.parse(`${s.replace(" ", "T")}Z`));

export function checkAgainstPlainVersion(input: BinaryColumn, rows: number, windowMs: number, slideMs: number): void {
  const cols = allocCourseColumns(rows);
  parseCourseValues(input.data, input.offsets, 0, rows, cols);
  const plain = new Map<string, number>();
  for (let i = 0; i < rows; i++) {
    const text = Buffer.from(input.data.subarray(input.offsets[i], input.offsets[i + 1])).toString("latin1");
    const f = text.split(", ");
    const expected: Array<[string, number | null, number, number]> = [
      ["vendor", num(f[0]), cols.vendor[i] as number, cols.vendorValid[i] as number],
      ["pickup", time(f[1]), cols.pickup[i] as number, cols.pickupValid[i] as number],
      ["dropoff", time(f[2]), cols.dropoff[i] as number, cols.dropoffValid[i] as number],
      ["passengers", num(f[3]), cols.passengers[i] as number, cols.passengersValid[i] as number],
      ["distance", num(f[4]), cols.distance[i] as number, cols.distanceValid[i] as number],
      ["payment", num(f[5]), cols.payment[i] as number, cols.paymentValid[i] as number],
      ["total", num(f[6]), cols.total[i] as number, cols.totalValid[i] as number],
    ];
    for (const [name, want, got, valid] of expected) {
      const same = want === null ? valid === 0 : valid === 1 && Object.is(want, got);
      if (!same) throw new Error(`parse kernel: row ${i} (${JSON.stringify(text)}) field ${name}: expected ${want}, got ${valid === 1 ? got : "null"}`);
    }
    const t = time(f[1]);
    if (t === null) continue;
    const start = Math.floor(t / slideMs) * slideMs;
    for (let w = start; w > t - windowMs; w -= slideMs) {
      const key = `${w}|${f[0] ?? ""}`;
      plain.set(key, (plain.get(key) ?? 0) + 1);
    }
  }
  const acc = emptyWindowCounts();
  slidingWindowCount(cols.pickup, cols.pickupValid, cols.vendor, cols.vendorValid, 0, rows, windowMs, slideMs, acc);
  const fast = new Map<string, number>();
  acc.counts.forEach((n, j) => {
    if (n === 0) return;
    const slot = j % KEY_SLOTS;
    fast.set(`${(acc.base + Math.floor(j / KEY_SLOTS)) * slideMs}|${slot === 0 ? "" : slot - 1}`, n);
  });
  const canon = (m: Map<string, number>): string => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (canon(plain) !== canon(fast)) throw new Error(`window-count kernel disagrees with the plain version on the first ${rows} rows`);
}

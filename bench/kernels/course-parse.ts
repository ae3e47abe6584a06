/**
 * The parse ceiling: course-format Kafka values (`1, 2020-07-01 00:25:32, 2020-07-01 00:33:39, 1,
 * 1.50, 2, 9.3`, see src/datagen/rides.ts courseValues) read byte by byte straight into typed
 * arrays, with no per-field strings. This is what PySpark's
 * `split(CAST(value AS STRING), ', ')[i].cast(...)` must cost at best on one core.
 *
 * Input is laid out like an Arrow Binary column: one byte buffer and n+1 Int32 offsets. An empty or
 * malformed field is null (validity byte 0), as a non-ANSI cast gives. Timestamps are UTC wall
 * clock, as epoch milliseconds. Validity is one byte per row rather than Arrow's bitmap: simpler,
 * and the bitmap's cost is small next to the parse.
 *
 * Plain version of the hot loop, for reading:
 * ```ts
 * const f = value.toString("latin1").split(", ");
 * vendor[i] = f[0] === "" ? null : Number(f[0]); pickup[i] = Date.parse(f[1].replace(" ", "T") + "Z"); …
 * ```
 */

export interface CourseColumns {
  readonly length: number;
  readonly vendor: Int32Array;
  readonly vendorValid: Uint8Array;
  readonly pickup: Float64Array;
  readonly pickupValid: Uint8Array;
  readonly dropoff: Float64Array;
  readonly dropoffValid: Uint8Array;
  readonly passengers: Int32Array;
  readonly passengersValid: Uint8Array;
  readonly distance: Float64Array;
  readonly distanceValid: Uint8Array;
  readonly payment: Int32Array;
  readonly paymentValid: Uint8Array;
  readonly total: Float64Array;
  readonly totalValid: Uint8Array;
}

export function allocCourseColumns(length: number): CourseColumns {
  return {
    length,
    vendor: new Int32Array(length),
    vendorValid: new Uint8Array(length),
    pickup: new Float64Array(length),
    pickupValid: new Uint8Array(length),
    dropoff: new Float64Array(length),
    dropoffValid: new Uint8Array(length),
    passengers: new Int32Array(length),
    passengersValid: new Uint8Array(length),
    distance: new Float64Array(length),
    distanceValid: new Uint8Array(length),
    payment: new Int32Array(length),
    paymentValid: new Uint8Array(length),
    total: new Float64Array(length),
    totalValid: new Uint8Array(length),
  };
}

const COMMA = 0x2c;
const SPACE = 0x20;
const DOT = 0x2e;
const MINUS = 0x2d;
const ZERO = 0x30;
/** Where the digits of `YYYY-MM-DD HH:MM:SS` are. */
const DIGIT_AT = new Int8Array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]);
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

// The field scanners leave their results here (no object per field).
let value = 0;
let valid = 0;

/** End of the field starting at p: the next comma or the end of the value. */
function fieldEnd(data: Uint8Array, p: number, end: number): number {
  while (p < end && data[p] !== COMMA) p++;
  return p;
}

/** Start of the next field after the comma at p (the course producer writes ", "). */
function nextField(data: Uint8Array, p: number, end: number): number {
  p++;
  if (p < end && data[p] === SPACE) p++;
  return p;
}

function scanInt(data: Uint8Array, p: number, e: number): void {
  valid = 0;
  if (p >= e) return;
  let neg = false;
  if (data[p] === MINUS) {
    neg = true;
    p++;
    if (p >= e) return;
  }
  let v = 0;
  for (; p < e; p++) {
    const d = (data[p] as number) - ZERO;
    if (d < 0 || d > 9) return;
    v = v * 10 + d;
  }
  if (v > 2147483647) return; // outside Int32: a cast to int gives null
  value = neg ? -v : v;
  valid = 1;
}

function scanDecimal(data: Uint8Array, p: number, e: number): void {
  valid = 0;
  if (p >= e) return;
  let neg = false;
  if (data[p] === MINUS) {
    neg = true;
    p++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = -1;
  for (; p < e; p++) {
    const c = data[p] as number;
    if (c === DOT) {
      if (scale >= 0) return;
      scale = 0;
      continue;
    }
    const d = c - ZERO;
    if (d < 0 || d > 9) return;
    mantissa = mantissa * 10 + d;
    digits++;
    if (scale >= 0) scale++;
  }
  if (digits === 0 || digits > 15) return; // longer ones need the slow, exact path (not in this data)
  // mantissa / 10^k with both exact is correctly rounded: the same double as Number.parseFloat.
  const v = scale > 0 ? mantissa / (POW10[scale] as number) : mantissa;
  value = neg ? -v : v;
  valid = 1;
}

function two(data: Uint8Array, p: number): number {
  return ((data[p] as number) - ZERO) * 10 + ((data[p + 1] as number) - ZERO);
}

/** `YYYY-MM-DD HH:MM:SS` (UTC) to epoch ms; days from the civil date by Hinnant's algorithm. */
function scanTimestamp(data: Uint8Array, p: number, e: number): void {
  valid = 0;
  if (e - p !== 19 || data[p + 4] !== MINUS || data[p + 7] !== MINUS || data[p + 10] !== SPACE || data[p + 13] !== 0x3a || data[p + 16] !== 0x3a) return;
  for (let k = 0; k < DIGIT_AT.length; k++) {
    const d = (data[p + (DIGIT_AT[k] as number)] as number) - ZERO;
    if (d < 0 || d > 9) return;
  }
  let y = two(data, p) * 100 + two(data, p + 2);
  const m = two(data, p + 5);
  const d = two(data, p + 8);
  const hh = two(data, p + 11);
  const mm = two(data, p + 14);
  const ss = two(data, p + 17);
  if (m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 59) return;
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  value = ((days * 24 + hh) * 60 + mm) * 60000 + ss * 1000;
  valid = 1;
}

/**
 * Parses rows [from, to) of the Binary column (data, offsets) into `out` at positions
 * [from - outBase, to - outBase). Fields beyond the seventh are ignored; missing ones are null.
 */
export function parseCourseValues(data: Uint8Array, offsets: Int32Array, from: number, to: number, out: CourseColumns, outBase = 0): void {
  const { vendor, vendorValid, pickup, pickupValid, dropoff, dropoffValid, passengers, passengersValid, distance, distanceValid, payment, paymentValid, total, totalValid } = out;
  for (let i = from; i < to; i++) {
    const o = i - outBase;
    const end = offsets[i + 1] as number;
    let p = offsets[i] as number;
    let e = fieldEnd(data, p, end);
    scanInt(data, p, e);
    vendor[o] = value;
    vendorValid[o] = valid;
    valid = 0;

    if (e < end) {
      p = nextField(data, e, end);
      e = fieldEnd(data, p, end);
      scanTimestamp(data, p, e);
    }
    pickup[o] = value;
    pickupValid[o] = valid;
    valid = 0;

    if (e < end) {
      p = nextField(data, e, end);
      e = fieldEnd(data, p, end);
      scanTimestamp(data, p, e);
    }
    dropoff[o] = value;
    dropoffValid[o] = valid;
    valid = 0;

    if (e < end) {
      p = nextField(data, e, end);
      e = fieldEnd(data, p, end);
      scanInt(data, p, e);
    }
    passengers[o] = value;
    passengersValid[o] = valid;
    valid = 0;

    if (e < end) {
      p = nextField(data, e, end);
      e = fieldEnd(data, p, end);
      scanDecimal(data, p, e);
    }
    distance[o] = value;
    distanceValid[o] = valid;
    valid = 0;

    if (e < end) {
      p = nextField(data, e, end);
      e = fieldEnd(data, p, end);
      scanInt(data, p, e);
    }
    payment[o] = value;
    paymentValid[o] = valid;
    valid = 0;

    if (e < end) {
      p = nextField(data, e, end);
      e = fieldEnd(data, p, end);
      scanDecimal(data, p, e);
    }
    total[o] = value;
    totalValid[o] = valid;
    valid = 0;
  }
}

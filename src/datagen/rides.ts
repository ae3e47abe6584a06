/**
 * A deterministic generator of NYC yellow-taxi rides in the course's 18-column CSV layout
 * (see {@link RIDE_COLUMNS}), for tests, notebooks and benchmarks. The same options give
 * byte-identical output on every machine: the only randomness is a seeded 32-bit PRNG, and all
 * arithmetic on money and distance is on integers.
 *
 * Spark reads the CSV (`header=True, inferSchema=True`) as int IDs and counts, timestamp times,
 * double distance and money, string flag, empty fields as null (pinned by
 * test/differential/oracle.test.ts). A sample of only a few dozen rows may have a money column
 * with whole values alone (tolls_amount all `0`), which Spark then infers as int.
 *
 * ```ts
 * import { ridesCsv, generateRides, rideToCourseLine } from "kindling";
 * const csv = ridesCsv({ seed: 7, count: 1000 });          // header + 1000 lines
 * for (const row of generateRides({ seed: 7, count: 3 })) {
 *   rideToCourseLine(row); // first: "1, 2020-07-01 00:00:00, 2020-07-01 00:29:25, 1, 4.34, 3, -19.3" (a refund)
 * }
 * ```
 */
import { COURSE_COLUMNS, RIDE_COLUMNS, RIDES_CSV_HEADER, rideColumnIndex, type RideRow } from "./ride-columns.js";
import { formatDistance, formatMoney, formatSmallInt, formatTimestamp, parseTimestamp } from "./ride-format.js";
import { MAX_RIDE_BYTES, writeCourseLine, writeRideCsvLine } from "./ride-bytes.js";
import { emptyRecord, RideModel, type RideRecord } from "./ride-model.js";

/** What to generate. Only `count` is required. */
export interface RideOptions {
  /** How many rows. */
  readonly count: number;
  /** PRNG seed, an integer (default 1). */
  readonly seed?: number;
  /** First pickup: `"2020-07-01 00:00:00"` (UTC wall clock, the default), epoch milliseconds or a Date. */
  readonly start?: string | number | Date;
  /** Mean time between pickups of successive rows, in ms (default 2000: a busy hour's pace). */
  readonly meanGapMs?: number;
  /** Fraction of rows whose pickup is moved back in time, out of order (default 0.01). */
  readonly lateFraction?: number;
  /** How far back a late row's pickup moves at most, in seconds (default 900). */
  readonly maxLateSeconds?: number;
  /** Fraction of rows with empty VendorID, passenger_count, RatecodeID, flag and payment_type (default 0.01). */
  readonly missingFraction?: number;
}

function modelFor(options: RideOptions): { model: RideModel; count: number } {
  const { count } = options;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  const fraction = (name: string, value: number): number => {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${value}`);
    return value;
  };
  const meanGapMs = options.meanGapMs ?? 2000;
  if (!(meanGapMs >= 0 && Number.isFinite(meanGapMs))) throw new RangeError(`meanGapMs must be >= 0, got ${meanGapMs}`);
  const maxLateSeconds = options.maxLateSeconds ?? 900;
  if (!Number.isSafeInteger(maxLateSeconds) || maxLateSeconds < 1) {
    throw new RangeError(`maxLateSeconds must be a positive integer, got ${maxLateSeconds}`);
  }
  const model = new RideModel({
    seed: options.seed ?? 1,
    startSeconds: startSeconds(options.start),
    meanGapMs,
    lateFraction: fraction("lateFraction", options.lateFraction ?? 0.01),
    maxLateSeconds,
    missingFraction: fraction("missingFraction", options.missingFraction ?? 0.01),
  });
  return { model, count };
}

function startSeconds(start: RideOptions["start"]): number {
  if (start === undefined) return parseTimestamp("2020-07-01 00:00:00");
  if (typeof start === "string") return parseTimestamp(start);
  const ms = typeof start === "number" ? start : start.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`start must be a valid time, got ${String(start)}`);
  return Math.floor(ms / 1000);
}

/** Writes a ride's 18 CSV fields into `out` (reused across rows). */
function toFields(r: RideRecord, out: string[]): void {
  out[0] = r.vendor === 0 ? "" : formatSmallInt(r.vendor);
  out[1] = formatTimestamp(r.pickup);
  out[2] = formatTimestamp(r.dropoff);
  out[3] = r.passengers < 0 ? "" : formatSmallInt(r.passengers);
  out[4] = formatDistance(r.distance);
  out[5] = r.ratecode === 0 ? "" : formatSmallInt(r.ratecode);
  out[6] = r.flag === 0 ? "" : r.flag === 1 ? "N" : "Y";
  out[7] = formatSmallInt(r.puLocation);
  out[8] = formatSmallInt(r.doLocation);
  out[9] = r.payment === 0 ? "" : formatSmallInt(r.payment);
  out[10] = formatMoney(r.fare);
  out[11] = formatMoney(r.extra);
  out[12] = formatMoney(r.mta);
  out[13] = formatMoney(r.tip);
  out[14] = formatMoney(r.tolls);
  out[15] = formatMoney(r.improvement);
  out[16] = formatMoney(r.total);
  out[17] = formatMoney(r.congestion);
}

/**
 * The rides as rows of 18 text fields ({@link RideRow}); a missing value is `""`.
 *
 * @example
 * ```ts
 * const rows = [...generateRides({ seed: 1, count: 10 })];
 * rows[0][RIDE_COLUMNS.indexOf("total_amount")]; // e.g. "14.16"
 * ```
 */
export function* generateRides(options: RideOptions): Generator<RideRow, void, undefined> {
  const { model, count } = modelFor(options);
  const record = emptyRecord();
  for (let i = 0; i < count; i++) {
    model.next(record);
    const fields = new Array<string>(RIDE_COLUMNS.length);
    toFields(record, fields);
    yield fields;
  }
}

/**
 * The CSV file as byte chunks of about `chunkBytes` (the first starts with the header line): the
 * fast path, written byte by byte with no per-field strings. Each chunk is a fresh Buffer that the
 * caller may keep. Use it for files too large for one string (V8 strings stop at ~512 MB, about
 * 4.5 M rows).
 *
 * @example
 * ```ts
 * const out = createWriteStream("rides.csv");
 * for (const chunk of ridesCsvBuffers({ count: 5_000_000 })) out.write(chunk);
 * ```
 */
export function* ridesCsvBuffers(options: RideOptions, chunkBytes = 1 << 20): Generator<Buffer, void, undefined> {
  const { model, count } = modelFor(options);
  const size = Math.max(chunkBytes, 2 * MAX_RIDE_BYTES + RIDES_CSV_HEADER.length);
  const record = emptyRecord();
  let buf = Buffer.allocUnsafe(size);
  let pos = buf.write(RIDES_CSV_HEADER + "\n", 0, "latin1");
  for (let i = 0; i < count; i++) {
    model.next(record);
    pos = writeRideCsvLine(buf, pos, record);
    if (pos > size - MAX_RIDE_BYTES) {
      yield buf.subarray(0, pos);
      buf = Buffer.allocUnsafe(size);
      pos = 0;
    }
  }
  if (pos > 0) yield buf.subarray(0, pos);
}

/**
 * The CSV text in string chunks (see {@link ridesCsvBuffers}); the first starts with the header.
 *
 * @example
 * ```ts
 * for (const chunk of ridesCsvChunks({ count: 1_000_000 })) process.stdout.write(chunk);
 * ```
 */
export function* ridesCsvChunks(options: RideOptions, chunkBytes = 1 << 20): Generator<string, void, undefined> {
  for (const chunk of ridesCsvBuffers(options, chunkBytes)) yield chunk.toString("latin1");
}

/**
 * The whole CSV file as text: the header line, then one line per ride, each ending in `\n`.
 *
 * @example
 * ```ts
 * writeFileSync("rides.csv", ridesCsv({ seed: 42, count: 10_000 }));
 * ```
 */
export function ridesCsv(options: RideOptions): string {
  const chunks = [...ridesCsvBuffers(options)];
  return Buffer.concat(chunks).toString("latin1");
}

const indexCache = new WeakMap<readonly string[], readonly number[]>();

function columnIndexes(columns: readonly string[]): readonly number[] {
  let indexes = indexCache.get(columns);
  if (indexes === undefined) {
    indexes = columns.map(rideColumnIndex);
    indexCache.set(columns, indexes);
  }
  return indexes;
}

/**
 * A ride in the course producer's Kafka value format: the chosen columns joined by `", "`
 * (the producer does `f'{row[0]}, {row[1]}, …'`, so a missing value is an empty string).
 *
 * @example
 * ```ts
 * rideToCourseLine(row); // "1, 2020-07-01 00:25:32, 2020-07-01 00:33:39, 1, 1.50, 2, 9.3"
 * rideToCourseLine(row, ["VendorID", "PULocationID"]); // "1, 238"
 * ```
 */
export function rideToCourseLine(row: RideRow, columns: readonly string[] = COURSE_COLUMNS): string {
  const indexes = columnIndexes(columns);
  let line = "";
  for (let i = 0; i < indexes.length; i++) {
    if (i > 0) line += ", ";
    line += row[indexes[i] as number];
  }
  return line;
}

/**
 * Course-format Kafka values straight from the generator, without keeping rows around.
 *
 * @example
 * ```ts
 * for (const value of courseLines({ count: 100 })) await producer.send({ topic, messages: [{ value }] });
 * ```
 */
export function* courseLines(
  options: RideOptions,
  columns: readonly string[] = COURSE_COLUMNS,
): Generator<string, void, undefined> {
  const { model, count } = modelFor(options);
  columnIndexes(columns); // validate the names before the first row
  const record = emptyRecord();
  const fields = new Array<string>(RIDE_COLUMNS.length);
  for (let i = 0; i < count; i++) {
    model.next(record);
    toFields(record, fields);
    yield rideToCourseLine(fields, columns);
  }
}

/**
 * Course-format Kafka values as bytes, one Buffer per ride (views into shared 1 MB slabs that are
 * never rewritten, so a caller may keep them): the fast path for producing to Kafka.
 *
 * @example
 * ```ts
 * const messages = Array.from(courseValues({ count: 10_000 }), (value) => ({ value }));
 * ```
 */
export function* courseValues(
  options: RideOptions,
  columns: readonly string[] = COURSE_COLUMNS,
): Generator<Buffer, void, undefined> {
  const { model, count } = modelFor(options);
  const indexes = columnIndexes(columns);
  const size = 1 << 20;
  const record = emptyRecord();
  let slab = Buffer.allocUnsafe(size);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    model.next(record);
    if (pos > size - MAX_RIDE_BYTES) {
      slab = Buffer.allocUnsafe(size);
      pos = 0;
    }
    const end = writeCourseLine(slab, pos, record, indexes);
    yield slab.subarray(pos, end);
    pos = end;
  }
}

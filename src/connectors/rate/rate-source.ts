import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AnalysisError, ExecutionError } from "../../common/errors.js";
import type { Batch } from "../../physical/vector.js";
import { LongType, TimestampType } from "../../types/data-types.js";
import type { OffsetJson, StreamSource } from "../../streaming/source.js";
import { RATE_SCHEMA } from "./rate-micro-batch-source.js";

const LONG_MAX = (1n << 63n) - 1n;
const wrap = (n: bigint): bigint => BigInt.asIntN(64, n);

/**
 * The last value (exclusive) the rate source has emitted `seconds` after it started: Spark's
 * `RateStreamProvider.valueAtSecond`, in Long arithmetic. During the ramp-up the speed grows by
 * `rowsPerSecond / (rampUpTimeSeconds + 1)` (integer division) each second, so the values are a
 * triangular sum; afterwards `rowsPerSecond` per second.
 *
 * @example
 * ```ts
 * valueAtSecond(6n, 10n, 4n); // 40n: speeds 0 2 4 6 8 | 10 10, end values 0 2 6 12 20 | 30 40
 * ```
 */
export function valueAtSecond(seconds: bigint, rowsPerSecond: bigint, rampUpTimeSeconds: bigint): bigint {
  const speedDeltaPerSecond = rowsPerSecond / (rampUpTimeSeconds + 1n);
  if (seconds <= rampUpTimeSeconds) {
    // (speedDelta * seconds) * (seconds + 1) / 2, halving the even factor first as Spark does.
    return seconds % 2n === 1n
      ? wrap(wrap(((seconds + 1n) / 2n) * speedDeltaPerSecond) * seconds)
      : wrap(wrap((seconds / 2n) * speedDeltaPerSecond) * (seconds + 1n));
  }
  const rampUpPart = valueAtSecond(rampUpTimeSeconds, rowsPerSecond, rampUpTimeSeconds);
  return wrap(rampUpPart + wrap((seconds - rampUpTimeSeconds) * rowsPerSecond));
}

/** Spark's JavaUtils.timeStringAs(str, SECONDS): `5s`, `2min`, `1h`, a bare number is seconds; finer units truncate. */
export function timeStringAsSec(text: string): bigint {
  const m = /^(-?[0-9]+)([a-z]+)?$/.exec(text.toLowerCase().trim());
  const perUnitMicros: Record<string, bigint> = { us: 1n, ms: 1000n, s: 1_000_000n, m: 60_000_000n, min: 60_000_000n, h: 3_600_000_000n, d: 86_400_000_000n };
  const unit = m?.[2];
  if (m === null || (unit !== undefined && perUnitMicros[unit] === undefined)) {
    throw new AnalysisError(
      `Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.\n${m === null ? `Failed to parse time string: ${text}` : `Invalid suffix: "${unit}"`}`,
      { hint: 'e.g. .option("rampUpTime", "5s")' },
    );
  }
  // TimeUnit.convert truncates toward zero.
  return (BigInt(m[1]!) * perUnitMicros[unit ?? "s"]!) / 1_000_000n;
}

/** Options of the `rate` source, validated as RateStreamProvider.getTable validates them. */
export interface RateSourceOptions {
  readonly rowsPerSecond: bigint;
  readonly rampUpTimeSeconds: bigint;
  readonly numPartitions: number;
  /** The numPartitions option as given, or "default" (for the description, as Spark's toString). */
  readonly numPartitionsText: string;
}

/** Parses `rowsPerSecond` (default 1), `rampUpTime` (default 0s) and `numPartitions` (default: the session's parallelism). */
export function parseRateOptions(options: Readonly<Record<string, string>>, defaultParallelism: number): RateSourceOptions {
  const rowsPerSecond = javaLong(options["rowspersecond"] ?? "1", "rowsPerSecond");
  if (rowsPerSecond <= 0n) throw new AnalysisError(`Invalid value '${rowsPerSecond}'. The option 'rowsPerSecond' must be positive`, { hint: 'e.g. .option("rowsPerSecond", 10)' });
  const ramp = options["rampuptime"];
  const rampUpTimeSeconds = ramp === undefined ? 0n : timeStringAsSec(ramp);
  if (rampUpTimeSeconds < 0n) throw new AnalysisError(`Invalid value '${rampUpTimeSeconds}'. The option 'rampUpTime' must not be negative`, { hint: 'e.g. .option("rampUpTime", "5s")' });
  const rawPartitions = options["numpartitions"];
  const numPartitions = rawPartitions === undefined ? defaultParallelism : Number(javaLong(rawPartitions, "numPartitions"));
  if (!Number.isSafeInteger(numPartitions) || numPartitions <= 0 || numPartitions > 2 ** 31 - 1) {
    throw new AnalysisError(`Invalid value '${numPartitions}'. The option 'numPartitions' must be positive`, { hint: 'e.g. .option("numPartitions", 2)' });
  }
  const maxSeconds = LONG_MAX / rowsPerSecond;
  if (rampUpTimeSeconds > maxSeconds) {
    throw new AnalysisError(`[INCORRECT_RAMP_UP_RATE] Max offset with ${rowsPerSecond} rowsPerSecond is ${maxSeconds}, but 'rampUpTimeSeconds' is ${rampUpTimeSeconds}.`, {
      hint: "lower rampUpTime or rowsPerSecond",
    });
  }
  return { rowsPerSecond, rampUpTimeSeconds, numPartitions, numPartitionsText: rawPartitions ?? "default" };
}

/**
 * Spark's `rate` source (RateStreamMicroBatchStream): `rowsPerSecond` rows per second of wall-clock
 * time since the query started, values counting up from 0, each stamped with the time it is
 * due. The offset is a LongOffset: whole seconds since the start (`0`, `3`…); the start time
 * itself is kept in the checkpoint at `sources/<i>/0` (`v1\n<ms>`), so a restart goes on where the
 * previous run's clock left off. Rows are laid out as Spark's `numPartitions` readers give them:
 * partition p holds values start+p, start+p+numPartitions, …, partitions in order.
 * (Spark: sql/core/.../streaming/sources/RateStreamMicroBatchStream.scala, RateStreamProvider.scala)
 */
export class RateStreamSource implements StreamSource {
  readonly schema = RATE_SCHEMA;
  readonly description: string;
  private readonly maxSeconds: bigint;
  private creationTimeMs: number | null = null;
  private lastTimeMs = 0;

  constructor(
    private readonly opts: RateSourceOptions,
    /** The wall clock (ms since the epoch); tests pass a manual one, as Spark's `useManualClock`. */
    private readonly clock: () => number = Date.now,
  ) {
    this.maxSeconds = LONG_MAX / opts.rowsPerSecond;
    this.description = `RateStreamV2[rowsPerSecond=${opts.rowsPerSecond}, rampUpTimeSeconds=${opts.rampUpTimeSeconds}, numPartitions=${opts.numPartitionsText}`;
  }

  /** The start time (ms): read from `sourceDir/0` as Spark's metadata log keeps it, or now, written there. */
  attachCheckpoint(sourceDir: string): void {
    this.creationTimeMs = readOrWriteStartTime(sourceDir, this.clock);
    this.lastTimeMs = this.creationTimeMs;
  }

  /** The start time (ms): from the checkpoint, else the time of the first call (the query's start; Spark's temporary checkpoint). */
  get startTimeMs(): number {
    if (this.creationTimeMs === null) {
      this.creationTimeMs = this.clock();
      this.lastTimeMs = this.creationTimeMs;
    }
    return this.creationTimeMs;
  }

  async latestOffset(): Promise<OffsetJson> {
    const start = this.startTimeMs;
    const now = this.clock();
    if (this.lastTimeMs < now) this.lastTimeMs = now;
    return String(Math.trunc((this.lastTimeMs - start) / 1000));
  }

  async getBatch(start: OffsetJson | null, end: OffsetJson): Promise<Batch[]> {
    const creation = this.startTimeMs;
    const startSeconds = start === null ? 0n : BigInt(start);
    const endSeconds = BigInt(end);
    if (startSeconds > endSeconds) throw new ExecutionError(`the rate source was asked for seconds ${startSeconds} to ${endSeconds}: the start is after the end`);
    if (endSeconds > this.maxSeconds) {
      throw new ExecutionError(`[INCORRECT_END_OFFSET] Max offset with ${this.opts.rowsPerSecond} rowsPerSecond is ${this.maxSeconds}, but it's ${endSeconds} now.`);
    }
    // After a restart the clock of the replayed batch's end is at least where that batch ended.
    const endMs = Number(endSeconds) * 1000 + creation;
    if (this.lastTimeMs < endMs) this.lastTimeMs = endMs;
    const rangeStart = valueAtSecond(startSeconds, this.opts.rowsPerSecond, this.opts.rampUpTimeSeconds);
    const rangeEnd = valueAtSecond(endSeconds, this.opts.rowsPerSecond, this.opts.rampUpTimeSeconds);
    if (rangeStart === rangeEnd) return [];
    return [rateRows(rangeStart, rangeEnd, creation + Number(startSeconds) * 1000, Number(endSeconds - startSeconds) * 1000, this.opts.numPartitions)];
  }

  async commit(): Promise<void> {}
  async stop(): Promise<void> {}
}

/**
 * The rows of values [rangeStart, rangeEnd): value v is due at
 * `localStartMs + round((v - rangeStart) * spanMs / (rangeEnd - rangeStart))`, in the order of
 * Spark's partition readers (RateStreamMicroBatchPartitionReader).
 */
export function rateRows(rangeStart: bigint, rangeEnd: bigint, localStartMs: number, spanMs: number, numPartitions: number): Batch {
  const n = Number(rangeEnd - rangeStart);
  const relativeMsPerValue = spanMs / n;
  const values = new BigInt64Array(n);
  const times = new BigInt64Array(n);
  let row = 0;
  for (let p = 0; p < numPartitions && p < n; p++) {
    for (let offset = p; offset < n; offset += numPartitions) {
      values[row] = rangeStart + BigInt(offset);
      // Scala's math.round is floor(x + 0.5), as JavaScript's Math.round for these non-negative values.
      times[row] = BigInt(Math.round(offset * relativeMsPerValue) + localStartMs) * 1000n;
      row++;
    }
  }
  return {
    schema: RATE_SCHEMA,
    numRows: n,
    columns: [
      { type: TimestampType(), length: n, values: times, valid: null },
      { type: LongType(), length: n, values, valid: null },
    ],
  };
}

/** Spark's Long.parseLong on an option value: the error names the option. */
function javaLong(raw: string, option: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(raw)) throw new AnalysisError(`For input string: "${raw}" (option '${option}' must be a whole number)`, { hint: `e.g. .option("${option}", 10)` });
  const n = BigInt(raw);
  if (n > LONG_MAX || n < -LONG_MAX - 1n) throw new AnalysisError(`For input string: "${raw}" (option '${option}' is out of the Long range)`);
  return n;
}

/** Spark's HDFSMetadataLog entry 0 of the rate source: `v1` then the start time in ms, no newline after. */
function readOrWriteStartTime(dir: string, clock: () => number): number {
  const file = join(dir, "0");
  if (existsSync(file)) {
    const text = readFileSync(file, "utf8");
    const m = /^v(\d+)\n(-?\d+)\s*$/.exec(text);
    if (m === null) throw new ExecutionError(`Log file was malformed: failed to detect the log file version line (${file}).`, { hint: "restore the file or start from a new checkpointLocation" });
    if (Number(m[1]) > 1) {
      throw new ExecutionError(`The checkpoint file ${file} has version v${m[1]}; this reader supports v1 only.`, { hint: "it was written by a newer Spark; start from a new checkpointLocation" });
    }
    return Number(m[2]);
  }
  const now = clock();
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, ".0.tmp");
  writeFileSync(tmp, `v1\n${now}`);
  renameSync(tmp, file);
  return now;
}

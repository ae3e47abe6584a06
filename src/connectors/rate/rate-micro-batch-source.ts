import { AnalysisError } from "../../common/errors.js";
import type { Batch } from "../../physical/vector.js";
import { LongType, StructType, TimestampType } from "../../types/data-types.js";
import type { OffsetJson, ReadLimit, StreamSource } from "../../streaming/source.js";

/** `timestamp TIMESTAMP, value BIGINT`: the schema of the rate sources, as Spark's. */
export const RATE_SCHEMA = StructType([
  { name: "timestamp", dataType: TimestampType(), nullable: true },
  { name: "value", dataType: LongType(), nullable: true },
]);

interface RateOffset {
  readonly offset: number;
  readonly timestamp: number;
}

/**
 * Spark's `rate-micro-batch` source: exactly `rowsPerBatch` rows per micro-batch, values counting
 * up from 0, every row of a batch stamped with the batch's start time, which starts at
 * `startTimestamp` (ms) and advances by `advanceMillisPerBatch`. Deterministic, hence the source of
 * choice for differential tests. Offsets are Spark's `{"offset":5,"timestamp":1000}`.
 * (Spark: sql/core/.../streaming/sources/RatePerMicroBatchStream.scala)
 */
export class RateMicroBatchSource implements StreamSource {
  readonly schema = RATE_SCHEMA;
  readonly description: string;
  private readonly rowsPerBatch: number;
  private readonly startTimestamp: number;
  private readonly advanceMs: number;

  constructor(options: Readonly<Record<string, string>>) {
    this.rowsPerBatch = positiveLong(options, "rowsperbatch", undefined);
    this.startTimestamp = nonNegativeLong(options, "starttimestamp", 0);
    this.advanceMs = positiveLong(options, "advancemillisperbatch", 1000);
    const partitions = positiveLong(options, "numpartitions", 1);
    this.description = `RatePerMicroBatchStream[rowsPerBatch=${this.rowsPerBatch}, numPartitions=${partitions}, startTimestamp=${this.startTimestamp}, advanceMsPerBatch=${this.advanceMs}]`;
  }

  async latestOffset(start: OffsetJson | null): Promise<OffsetJson> {
    const from = this.parse(start);
    return JSON.stringify({ offset: from.offset + this.rowsPerBatch, timestamp: from.timestamp + this.advanceMs });
  }

  async getBatch(start: OffsetJson | null, end: OffsetJson): Promise<Batch[]> {
    const from = this.parse(start);
    const to = this.parse(end);
    const n = to.offset - from.offset;
    const values = new BigInt64Array(n);
    const times = new BigInt64Array(n).fill(BigInt(from.timestamp) * 1000n);
    for (let i = 0; i < n; i++) values[i] = BigInt(from.offset + i);
    return [
      {
        schema: RATE_SCHEMA,
        numRows: n,
        columns: [
          { type: TimestampType(), length: n, values: times, valid: null },
          { type: LongType(), length: n, values, valid: null },
        ],
      },
    ];
  }

  async commit(): Promise<void> {}
  async stop(): Promise<void> {}

  private parse(offset: OffsetJson | null): RateOffset {
    if (offset === null) return { offset: 0, timestamp: this.startTimestamp };
    return JSON.parse(offset) as RateOffset;
  }
}


function positiveLong(options: Readonly<Record<string, string>>, key: string, dflt: number | undefined): number {
  const raw = options[key];
  if (raw === undefined) {
    if (dflt === undefined) throw new AnalysisError(`the rate-micro-batch source needs the option ${key === "rowsperbatch" ? "rowsPerBatch" : key}`, { hint: 'e.g. .option("rowsPerBatch", 10)' });
    return dflt;
  }
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new AnalysisError(`Invalid value '${raw}' for option '${key}', must be a positive integer`, { hint: "pass a whole number above 0" });
  return n;
}

function nonNegativeLong(options: Readonly<Record<string, string>>, key: string, dflt: number): number {
  const raw = options[key];
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new AnalysisError(`Invalid value '${raw}' for option '${key}', must be zero or a positive integer`);
  return n;
}

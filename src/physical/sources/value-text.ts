/**
 * How Spark's CSV and JSON writers turn values into text: timestamps as
 * `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in the session time zone (`2020-07-01T00:25:32.000Z` in UTC,
 * `2020-06-30T20:25:32.000-04:00` in New York), dates `yyyy-MM-dd`, doubles and floats as Java's
 * `toString` (`1.0`, `1.5E20`), decimals plain (`1.50`).
 * https://github.com/apache/spark/blob/v4.0.0/sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/csv/CSVOptions.scala
 *
 * ```ts
 * writeTimestampText(1593563132000000n, "UTC"); // "2020-07-01T00:25:32.000Z"
 * ```
 */
import type { DataType } from "../../types/data-types.js";
import { formatDate } from "../../types/datetime.js";
import { decimalToPlainString, javaDoubleToString, javaFloatToString } from "../../types/java-format.js";
import { formatWithPattern } from "../eval/datetime-pattern.js";

/** Spark's default write pattern for timestamps in CSV and JSON. */
export const WRITE_TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

/** A timestamp as Spark's CSV/JSON writers print it. */
export function writeTimestampText(micros: bigint, timeZone: string, pattern: string = WRITE_TIMESTAMP_PATTERN): string {
  return formatWithPattern(micros, pattern, timeZone);
}

/** An atomic (non-nested) physical value as writer text. */
export function atomicText(x: unknown, t: DataType, timeZone: string, timestampPattern?: string, datePattern?: string): string {
  switch (t.kind) {
    case "string": return x as string;
    case "boolean": return x === true || x === 1 ? "true" : "false";
    case "double": return javaDoubleToString(x as number);
    case "float": return javaFloatToString(x as number);
    case "decimal": return decimalToPlainString(x as bigint, t.scale);
    case "date": return datePattern === undefined ? formatDate(x as number) : formatWithPattern(BigInt(x as number) * 86_400_000_000n, datePattern, "UTC");
    case "timestamp": return writeTimestampText(x as bigint, timeZone, timestampPattern);
    case "binary": return Buffer.from(x as Uint8Array).toString("base64");
    default: return String(x);
  }
}

import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { KindlingError } from "../common/errors.js";
import type { OutgoingRecord } from "../connectors/kafka/producer.js";
import { COURSE_COLUMNS, RIDE_COLUMNS } from "../datagen/ride-columns.js";
import { generateRides } from "../datagen/rides.js";

/** How a row becomes a Kafka value: the course's `", "`-joined line, or a JSON object. */
export type ValueFormat = "csv-line" | "json";

export interface RecordShape {
  readonly format: ValueFormat;
  /** The column whose text is the key (null for no key). */
  readonly keyColumn: string | null;
  /** The columns of the value, in order. */
  readonly columns: readonly string[];
}

/** The course producer's shape: key VendorID, value the seven course columns joined by ", ". */
export const COURSE_SHAPE: RecordShape = { format: "csv-line", keyColumn: "VendorID", columns: COURSE_COLUMNS };

function indexesOf(header: readonly string[], names: readonly string[], where: string): number[] {
  return names.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new KindlingError(`column ${JSON.stringify(name)} is not in ${where}`, "user", { hint: `the columns are: ${header.join(", ")}` });
    return i;
  });
}

/** Turns rows (text fields under `header`) into Kafka records of the given shape. */
export function* rowsToRecords(header: readonly string[], rows: Iterable<readonly string[]>, shape: RecordShape, where: string): Generator<OutgoingRecord> {
  const valueIdx = indexesOf(header, shape.columns, where);
  const keyIdx = shape.keyColumn === null ? -1 : indexesOf(header, [shape.keyColumn], where)[0]!;
  for (const row of rows) {
    const key = keyIdx < 0 ? null : (row[keyIdx] ?? "");
    let value: string;
    if (shape.format === "csv-line") {
      value = valueIdx.map((i) => row[i] ?? "").join(", ");
    } else {
      const obj: Record<string, string | number | null> = {};
      valueIdx.forEach((i, j) => {
        const text = row[i] ?? "";
        const n = Number(text);
        obj[shape.columns[j]!] = text === "" ? null : /^-?(\d+\.?\d*|\.\d+)$/.test(text) && Number.isFinite(n) ? n : text;
      });
      value = JSON.stringify(obj);
    }
    yield { key, value };
  }
}

/** Synthetic rides from the deterministic generator, as records. */
export function generatedRecords(count: number, seed: number, shape: RecordShape): Generator<OutgoingRecord> {
  return rowsToRecords(RIDE_COLUMNS, generateRides({ count, seed }), shape, "the generated rides");
}

/**
 * Rows of a CSV file with a header line (plain comma-separated, as the NYC taxi files are; quoted
 * fields are not supported and are reported with their line number).
 */
export async function* csvFileRecords(path: string, shape: RecordShape, limit?: number): AsyncGenerator<OutgoingRecord> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let header: string[] | undefined;
  let lineNo = 0;
  let produced = 0;
  const batch: string[][] = [];
  for await (const line of lines) {
    lineNo += 1;
    if (header === undefined) {
      header = line.split(",");
      continue;
    }
    if (line === "") continue;
    if (line.includes('"')) {
      throw new KindlingError(`${path}:${lineNo}: quoted CSV fields are not supported by \`kindling produce\``, "user", { hint: "remove the quotes, or produce JSON lines with --format json from a cleaned file" });
    }
    batch.push(line.split(","));
    if (limit !== undefined && produced + batch.length >= limit) break;
    if (batch.length >= 1000) {
      produced += batch.length;
      yield* rowsToRecords(header, batch.splice(0), shape, path);
    }
  }
  if (header === undefined) throw new KindlingError(`${path} is empty: it has no header line`, "user");
  yield* rowsToRecords(header, batch.slice(0, limit === undefined ? undefined : limit - produced), shape, path);
}

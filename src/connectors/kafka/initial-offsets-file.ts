import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ConnectorError } from "../../common/errors.js";

/*
 * The Kafka source's initial offsets in the checkpoint (`sources/<i>/0`), in the layout of Spark's
 * KafkaSourceInitialOffsetWriter: a zero byte (kept by Spark for files written by Spark 2.1.0,
 * SPARK-19517), the version line `v1`, then the offsets JSON. Spark can therefore restart a query
 * from a Kindling checkpoint's source metadata and the other way round.
 */
const VERSION = "v1";

/** The stored initial offsets JSON, or null when the file does not exist yet. */
export function readInitialOffsets(file: string): string | null {
  if (!existsSync(file)) return null;
  let text = readFileSync(file, "utf8");
  if (text.startsWith("\u0000")) text = text.slice(1);
  const newline = text.indexOf("\n");
  const version = newline < 0 ? "" : text.slice(0, newline);
  const json = newline < 0 ? "" : text.slice(newline + 1).trim();
  if (version !== VERSION || !json.startsWith("{")) {
    throw new ConnectorError(`the Kafka source's initial offsets in ${file} are not readable (expected "${VERSION}" and offsets JSON)`, {
      context: { path: file },
      hint: "the checkpoint is damaged or from an unknown version: use a new checkpointLocation",
    });
  }
  return json;
}

/** Writes the initial offsets atomically (a temp file renamed into place, as HDFSMetadataLog does). */
export function writeInitialOffsets(file: string, json: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `\u0000${VERSION}\n${json}`);
  renameSync(tmp, file);
}

import { closeSync, openSync, writeSync } from "node:fs";
import { ridesCsvBuffers, type RideOptions } from "./rides.js";

/**
 * Writes a rides CSV file (header + `count` lines) and returns its size. Synchronous writes of
 * 1 MB chunks: generating is the slow part, and a stream's backpressure would only add overhead.
 *
 * @example
 * ```ts
 * writeRidesCsv("/tmp/rides.csv", { seed: 42, count: 5_000_000 }); // { rows: 5000000, bytes: ... }
 * ```
 */
export function writeRidesCsv(path: string, options: RideOptions): { rows: number; bytes: number } {
  const fd = openSync(path, "w");
  let bytes = 0;
  try {
    for (const chunk of ridesCsvBuffers(options)) {
      let offset = 0;
      while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
      bytes += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
  return { rows: options.count, bytes };
}

/**
 * Which Spark master a session or a command runs on. `spark://host:port` is a standalone master
 * (the stack's is `spark://127.0.0.1:7077`); `local`, `local[N]`, `local[*]` and no master at all
 * mean Kindling's own engine. Anything else is refused with the spellings that work, never
 * silently run locally.
 *
 * ```ts
 * parseMasterUrl("spark://127.0.0.1:7077"); // { kind: "spark", host: "127.0.0.1", port: 7077, url: "spark://127.0.0.1:7077" }
 * parseMasterUrl("local[2]");               // { kind: "local" }
 * ```
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { AnalysisError } from "../../common/errors.js";

/** Set to "1" to run every query in Kindling whatever the session's master (what `kindling compare` does for its Kindling side). */
export const LOCAL_ONLY_ENV = "KINDLING_LOCAL_ONLY";

/** Set while {@link runLocally}'s function (and the async work it starts) runs. */
const localOnly = new AsyncLocalStorage<true>();

/**
 * Runs `fn` with every query it starts running in Kindling, whatever the session's master: the
 * Kindling side of `compare()` in a notebook, whose session may be on `spark://` while the rest of
 * the process (other cells, other queries) keeps running there. Scoped to `fn` and the
 * asynchronous work it starts (a streaming query's micro-batches included), unlike
 * {@link LOCAL_ONLY_ENV}, which holds for the whole process.
 *
 * @example
 * const rows = runLocally(() => df.collect()); // in Kindling, though df's session is on spark://
 */
export function runLocally<T>(fn: () => T): T {
  return localOnly.run(true, fn);
}

export type MasterUrl =
  | { readonly kind: "local" }
  | { readonly kind: "spark"; readonly host: string; readonly port: number; readonly url: string };

const FIX = 'use spark://host:port for a Spark standalone master (the local stack\'s is spark://127.0.0.1:7077, started by `kindling stack up spark`), or local[N] to run in Kindling';

/**
 * Parses and checks a master URL.
 *
 * @example parseMasterUrl("spark://nohost") // throws: the port is missing
 */
export function parseMasterUrl(master: string | undefined | null): MasterUrl {
  if (master === undefined || master === null || master === "") return { kind: "local" };
  const m = master.trim();
  if (/^local(\[(\d+|\*)(,\s*\d+)?\])?$/.test(m)) return { kind: "local" };
  const spark = /^spark:\/\/(.*)$/.exec(m);
  if (spark === null) {
    throw new AnalysisError(`unsupported Spark master URL ${JSON.stringify(master)}`, { hint: FIX, context: { master } });
  }
  const rest = spark[1]!;
  if (rest.includes(",")) {
    throw new AnalysisError(`a master list (${JSON.stringify(master)}) is not supported; Kindling talks to one standalone master`, { hint: "give one spark://host:port", context: { master } });
  }
  const hp = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\/?$/.exec(rest);
  if (hp === null) {
    throw new AnalysisError(`the Spark master URL ${JSON.stringify(master)} has no valid host:port`, { hint: `${FIX}; a standalone master listens on port 7077 by default`, context: { master } });
  }
  const port = Number(hp[2]);
  if (port < 1 || port > 65535) throw new AnalysisError(`the port of ${JSON.stringify(master)} is out of range`, { hint: FIX, context: { master } });
  return { kind: "spark", host: hp[1]!.replace(/^\[|\]$/g, ""), port, url: `spark://${hp[1]}:${port}` };
}

/**
 * The Spark master a session's queries run on, or null when they run in Kindling (no master,
 * `local[...]`, {@link LOCAL_ONLY_ENV} set, or inside {@link runLocally}).
 *
 * @example remoteMasterOf(spark.conf) // "spark://127.0.0.1:7077" after .master("spark://127.0.0.1:7077")
 */
export function remoteMasterOf(conf: { get(key: string, dflt?: string): string }, env: NodeJS.ProcessEnv = process.env): Extract<MasterUrl, { kind: "spark" }> | null {
  if (env[LOCAL_ONLY_ENV] === "1" || localOnly.getStore() === true) return null;
  const parsed = parseMasterUrl(conf.get("spark.master", ""));
  return parsed.kind === "spark" ? parsed : null;
}

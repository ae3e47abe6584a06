/**
 * A job file's queries as data: imports the file, calls its default export (a function returning
 * DataFrames and/or DataStreamWriters, possibly async, possibly an array) and collects one
 * {@link CodegenTarget} per item. Nothing runs: the job only builds plans. Shared by
 * `kindling pyspark`, `submit` and `compare`.
 *
 * ```ts
 * const targets = await loadJobTargets("job.ts");  // [{ kind: "stream", plan, sink, session }]
 * ```
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { KindlingError } from "../common/errors.js";
import type { CodegenTarget } from "./generate.js";

interface Generatable {
  toPySpark(...args: unknown[]): string;
}

/**
 * The targets of a job file, in the order its default export returns them.
 *
 * @example await loadJobTargets("examples/rides.ts")
 */
export async function loadJobTargets(job: string): Promise<CodegenTarget[]> {
  const mod = (await import(pathToFileURL(resolve(job)).href)) as { default?: unknown };
  if (typeof mod.default !== "function") {
    throw new KindlingError(`${job} has no default export to generate from`, "user", {
      hint: "export default a function that builds the job and returns its DataFrames and/or writers (df.writeStream.format(...)...), without calling start()",
    });
  }
  return collectTargets([await (mod.default as () => unknown)()].flat());
}

/**
 * One target per DataFrame or DataStreamWriter (before start()), in order; anything else is refused.
 *
 * @example collectTargets([df, df.writeStream.format("console")]) // [{ kind: "batch", … }, { kind: "stream", … }]
 */
export function collectTargets(items: readonly unknown[]): CodegenTarget[] {
  const targets: CodegenTarget[] = [];
  for (const item of items) {
    const g = item as Partial<Generatable> & { plan?: unknown };
    if (typeof g?.toPySpark !== "function") {
      throw new KindlingError(`the job returned ${String(item)}, which is neither a DataFrame nor a DataStreamWriter`, "user", { hint: "return df or df.writeStream... (before start())" });
    }
    // A DataFrame takes (options); a writer takes (path, options).
    if (g.plan !== undefined) g.toPySpark({ collectInto: targets });
    else g.toPySpark(undefined, { collectInto: targets });
  }
  return targets;
}

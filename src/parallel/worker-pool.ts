/**
 * The process's partition worker pools (piscina), one per size, made on first use and shared by
 * every query of that parallelism. Idle workers do not keep the process alive (piscina unrefs
 * them), so a finished program exits without closing anything; {@link closeWorkerPools} ends them
 * early (tests, a notebook kernel that wants its threads back).
 *
 * The worker entry is `worker-entry.js` beside this file. When Kindling runs from its TypeScript
 * sources (vitest, `tsx`), that file is `worker-entry.ts`, and a plain worker thread cannot load
 * TypeScript: the workers then start with tsx's loader (a dependency of Kindling, resolved from
 * this package, not from the current directory), so they run the same source as the main thread.
 *
 * This folder is the only place that imports worker_threads or piscina.
 */
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { InternalError } from "../common/errors.js";
import type { WorkerTask } from "./protocol.js";

const pools = new Map<number, Piscina>();

/** Where the worker entry is, and how a worker must start to load it. */
function workerEntry(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const tsx = pathToFileURL(createRequire(here).resolve("tsx")).href;
    return { filename: new URL("./worker-entry.ts", here).href, execArgv: ["--import", tsx] };
  }
  return { filename: new URL("./worker-entry.js", here).href, execArgv: [] };
}

/** The shared pool of `threads` workers (started on first use); `local[N]` uses the pool of N - 1. */
export function workerPool(threads: number): Piscina {
  let pool = pools.get(threads);
  if (pool === undefined) {
    const { filename, execArgv } = workerEntry();
    pool = new Piscina({
      filename,
      execArgv,
      minThreads: threads,
      maxThreads: threads,
      // Workers stay up between micro-batches (a start costs tens of ms, hundreds with tsx).
      idleTimeout: Infinity,
      // One task per worker at a time: a task is a whole micro-batch's share of slices (protocol.ts).
      concurrentTasksPerWorker: 1,
    });
    pools.set(threads, pool);
  }
  return pool;
}

/** Runs one partition task on the pool of `workers` workers (`local[N]` uses N - 1 beside the main thread). */
export async function runOnWorker(workers: number, task: WorkerTask, transfer: ArrayBuffer[]): Promise<number> {
  try {
    return (await workerPool(workers).run(task, { transferList: transfer })) as number;
  } catch (error) {
    // Errors of the task itself come back as replies; this is the thread dying (out of memory, a crash).
    throw new InternalError(`a worker thread of the local[${workers + 1}] pool failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      hint: 'run the query with master("local[1]") to run it on the main thread, and report the failure',
    });
  }
}

/** Ends every worker pool (pending tasks fail). */
export async function closeWorkerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close({ force: true })));
}

/** The number of cores Kindling may use for `local[*]`. */
export function coreCount(): number {
  return availableParallelism();
}

/**
 * The shared PySpark driver of small runs (spark-jobs/bench_server.py): one spark-submit
 * --master local[2] started on first use, which then runs each PySpark peer job on request in a
 * fresh `spark.newSession()`. A small run thus pays one JVM start instead of one per measure; the
 * start is timed once ({@link SharedSparkDriver.startSeconds}) and reported beside the jobs.
 * Full-size runs never use it: they start a fresh spark-submit per repetition (see spark-job.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sparkSubmitCommand } from "../../src/stack/spark-submit.js";
import { repoRoot } from "./paths.js";
import { stack } from "./services.js";

/** Settings of every benchmark job: the Node side's UTC clock, nothing written into the working directory. */
export function benchConf(scratch: string): Record<string, string> {
  return { "spark.sql.session.timeZone": "UTC", "spark.driver.extraJavaOptions": "-Duser.timezone=UTC", "spark.sql.warehouse.dir": join(scratch, "warehouse") };
}

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly seconds?: number;
  readonly error?: string;
}

const START_TIMEOUT_MS = 8 * 60_000;

export class SharedSparkDriver {
  private nextId = 1;
  private buffered = "";
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private closed = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly socket: Socket,
    private readonly dir: string,
    private readonly logTail: () => string,
    /** Seconds from spawning spark-submit to the driver's SparkSession being ready: JVM start, Python, SparkSession. */
    readonly startSeconds: number,
    /** The part of it spent building the SparkSession, as the Python side measured it. */
    readonly sessionSeconds: number,
  ) {
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => this.onData(text));
    const fail = (why: string): void => this.failAll(new Error(`the shared PySpark driver ${why}:\n${this.logTail()}`));
    socket.on("close", () => fail("closed its connection"));
    socket.on("error", (e) => fail(`connection failed (${e.message})`));
    child.once("close", (code, signal) => fail(`exited with ${String(code ?? signal)}`));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Starts spark-submit spark-jobs/bench_server.py and connects to it once its SparkSession is up. */
  static async start(log: (line: string) => void): Promise<SharedSparkDriver> {
    const dir = mkdtempSync(join(tmpdir(), "kindling-bench-spark-driver-"));
    const ready = join(dir, "ready.json");
    const { command, args, env } = sparkSubmitCommand(stack, join(repoRoot(), "spark-jobs", "bench_server.py"), ["--ready", ready], { master: "local[2]", conf: benchConf(dir) });
    log("starting the shared PySpark driver (spark-submit --master local[2] spark-jobs/bench_server.py)");
    const t0 = performance.now();
    // Its own process group, so that giving up kills the JVM and its Python driver together.
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let tail = "";
    const keep = (c: Buffer): void => void (tail = (tail + c.toString("utf8")).slice(-8000));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const logTail = (): string => tail.split("\n").slice(-20).join("\n");
    let exited: string | null = null;
    child.once("error", (e) => (exited = `did not start: ${e.message}`));
    child.once("close", (code, signal) => (exited = `exited with ${String(code ?? signal)}`));
    try {
      for (let i = 0; !existsSync(ready); i++) {
        if (exited !== null) throw new Error(`the shared PySpark driver ${String(exited)} before it was ready:\n${logTail()}`);
        if (i * 50 > START_TIMEOUT_MS) throw new Error(`the shared PySpark driver was not ready within ${START_TIMEOUT_MS / 1000} s:\n${logTail()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      // The file is written whole by one json.dump; a torn read would fail to parse, so retry briefly.
      let info: { port: number; session_start: number } | undefined;
      for (let i = 0; info === undefined; i++) {
        try {
          info = JSON.parse(readFileSync(ready, "utf8")) as { port: number; session_start: number };
        } catch (e) {
          if (i >= 20) throw e;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      const startSeconds = (performance.now() - t0) / 1000;
      const socket = await new Promise<Socket>((resolve, reject) => {
        const s = createConnection({ host: "127.0.0.1", port: info.port }, () => resolve(s));
        s.once("error", reject);
      });
      log(`shared PySpark driver ready in ${startSeconds.toFixed(1)} s (SparkSession ${info.session_start.toFixed(1)} s), pid ${child.pid ?? "?"}`);
      return new SharedSparkDriver(child, socket, dir, logTail, startSeconds, info.session_start);
    } catch (e) {
      killGroup(child);
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /**
   * Runs `spark-jobs/<script>` (a bench_*.py peer module) in the driver with these arguments
   * (which must include its `--out`); resolves with the request's round trip in seconds. A job
   * that fails rejects with its traceback; one that takes longer than `timeoutMs` kills the driver
   * (the next request starts a new one).
   */
  async run(script: string, args: readonly string[], timeoutMs: number): Promise<{ roundTripSeconds: number; jobSeconds: number }> {
    if (this.closed) throw new Error("the shared PySpark driver is closed");
    const id = this.nextId++;
    const job = script.replace(/\.py$/, "");
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${script} in the shared PySpark driver took longer than ${timeoutMs / 1000} s; the driver was killed`));
        this.kill();
      }, timeoutMs);
    });
    this.socket.write(`${JSON.stringify({ id, job, args })}\n`);
    try {
      const r = await reply;
      if (!r.ok) throw new Error(`${script} failed in the shared PySpark driver:\n${r.error ?? "(no traceback)"}`);
      return { roundTripSeconds: (performance.now() - t0) / 1000, jobSeconds: r.seconds ?? Number.NaN };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection: the driver stops its SparkSession and exits. Waits for that (at most 60 s, then kills it). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once("close", () => resolve());
    });
    this.socket.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 60_000)))]);
    clearTimeout(timer);
    this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Kills the driver's process group at once (SIGKILL). */
  kill(): void {
    this.closed = true;
    forgetSharedSparkDriver(this);
    this.socket.destroy();
    killGroup(this.child);
  }

  private onData(text: string): void {
    this.buffered += text;
    for (let nl = this.buffered.indexOf("\n"); nl >= 0; nl = this.buffered.indexOf("\n")) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      if (line.trim() === "") continue;
      const reply = JSON.parse(line) as Reply;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiter?.resolve(reply);
    }
  }

  private failAll(error: Error): void {
    this.closed = true;
    forgetSharedSparkDriver(this);
    for (const w of this.pending.values()) w.reject(error);
    this.pending.clear();
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

let shared: Promise<SharedSparkDriver> | null = null;

/** The shared driver, started on first use (and again after one was killed). */
export function sharedSparkDriver(log: (line: string) => void): Promise<SharedSparkDriver> {
  if (shared === null) {
    const starting = SharedSparkDriver.start(log);
    shared = starting;
    starting.catch(() => {
      if (shared === starting) shared = null;
    });
  }
  return shared;
}

/** Forgets a driver that was killed, so the next request starts a new one. */
export function forgetSharedSparkDriver(driver: SharedSparkDriver): void {
  void shared?.then((d) => {
    if (d === driver) shared = null;
  }, () => undefined);
}

/** Stops the shared driver if one was started (the bench CLI calls this before it exits). */
export async function closeSharedSparkDriver(): Promise<void> {
  const current = shared;
  shared = null;
  if (current === null) return;
  try {
    await (await current).close();
  } catch {
    // It never started: nothing to stop.
  }
}

/**
 * Whether PySpark peers of a run of this size use the shared driver: small runs do, unless
 * KINDLING_BENCH_FRESH_SPARK=1 asks for a fresh spark-submit per run as in full runs.
 */
export function useSharedDriver(size: "small" | "full"): boolean {
  return size === "small" && process.env["KINDLING_BENCH_FRESH_SPARK"] !== "1";
}

/** For the notes of scenarios with PySpark peers: what a small run's PySpark clocks include. */
export const SHARED_DRIVER_NOTE =
  "At --size small (a smoke test, not a claim), the PySpark peers run as requests to one long-lived driver shared by the whole run " +
  "(spark-jobs/bench_server.py in spark-submit --master local[2], each job in a fresh spark.newSession()): its JVM has run other jobs before, so `cold` is not cold, " +
  "in-job clocks start when the request arrives, and `wall` is that driver's one start (spawn → SparkSession ready, measured once) plus the request's round trip (no JVM shutdown). " +
  "--size full starts a fresh spark-submit per repetition (KINDLING_BENCH_FRESH_SPARK=1 does so at small size too).";

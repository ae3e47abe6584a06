/**
 * One long-lived PySpark driver (src/bridge/python/kindling_driver.py) on a Spark master, serving
 * one Kindling session: started on the first action (a driver start costs 10–20 s, so it is paid
 * once, not per action), stopped by `spark.stop()` or when this Node process exits (the driver
 * also watches our pid).
 *
 * DataFrame actions are synchronous (PySpark's API), so requests that back them go through
 * `spawnSync` of a tiny Python client on the driver's Unix socket; streaming calls that wait
 * (`awaitTermination`, `stop`) use an asynchronous socket instead and never block the event loop.
 *
 * ```ts
 * const driver = RemoteSparkDriver.launch({ master, appName: "rides", conf: {} });
 * driver.requestSync({ op: "batch", mode: "count", code });
 * await driver.stop();
 * ```
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConnectorError, KindlingError } from "../../common/errors.js";
import { sparkHome, sparkKafkaJarList } from "../../stack/install.js";
import { stackPaths } from "../../stack/paths.js";
import { STACK_HOST } from "../../stack/ports.js";
import type { MasterUrl } from "./master-url.js";
import { pythonAsset } from "./python-assets.js";
import { sparkError, type SparkErrorInfo } from "./spark-error.js";

export interface DriverOptions {
  readonly master: Extract<MasterUrl, { kind: "spark" }>;
  readonly appName: string;
  /** Extra Spark settings for the driver (`spark.cores.max` defaults to 1 so apps share the worker). */
  readonly conf: Readonly<Record<string, string>>;
  /** Hand Spark the Kafka connector's jars from the stack's cache (default true). */
  readonly kafkaJars?: boolean;
  /** How long the driver may take to start (default 180 s: a cold JVM on a busy machine). */
  readonly startupTimeoutMs?: number;
}

export type DriverReply = Record<string, unknown>;

const live = new Set<RemoteSparkDriver>();
let exitHookInstalled = false;

/** Blocks this thread for `ms` (for a bounded synchronous wait on a real condition). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export class RemoteSparkDriver {
  #ready: { appId: string; sparkVersion: string } | undefined;
  #exited: number | null | undefined;
  #stopped = false;

  private constructor(
    readonly options: DriverOptions,
    /** The driver's folder: socket, ready file, its log, result files. */
    readonly stateDir: string,
    readonly pid: number,
    private readonly python: string,
  ) {}

  /** Starts the driver process (does not wait: {@link waitReadySync} or the first request does). */
  static launch(options: DriverOptions): RemoteSparkDriver {
    const paths = stackPaths();
    if (!existsSync(paths.venvPython)) {
      throw new ConnectorError(`running on ${options.master.url} needs the stack's PySpark at ${paths.venvPython}, which does not exist`, {
        hint: "run `kindling stack up spark` once (it installs PySpark 4.1.1 and Spark's Kafka connector into ~/.cache/kindling)",
      });
    }
    const stateDir = mkdtempSync(join(tmpdir(), "kindling-driver-"));
    mkdirSync(join(stateDir, "results"));
    const conf: Record<string, string> = {
      "spark.cores.max": "1",
      "spark.driver.host": STACK_HOST,
      "spark.driver.bindAddress": STACK_HOST,
      "spark.ui.enabled": "false",
      "spark.ui.showConsoleProgress": "false",
      // Parquet is how results come back; INT96 timestamps would lose the type.
      "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
      ...options.conf,
    };
    if (options.kafkaJars !== false && existsSync(paths.sparkKafkaJars)) conf["spark.jars"] = sparkKafkaJarList(paths);
    const log = openSync(join(stateDir, "driver.log"), "a");
    let pid: number | undefined;
    try {
      const child = spawn(paths.venvPython, ["-u", pythonAsset("kindling_driver.py"), stateDir, options.master.url, String(process.pid)], {
        stdio: ["ignore", log, log],
        env: {
          ...process.env,
          SPARK_HOME: sparkHome(paths),
          SPARK_LOCAL_IP: STACK_HOST,
          PYSPARK_PYTHON: paths.venvPython,
          PYSPARK_DRIVER_PYTHON: paths.venvPython,
          KINDLING_APP_NAME: options.appName,
          KINDLING_DRIVER_CONF: JSON.stringify(conf),
        },
      });
      child.unref();
      pid = child.pid;
    } finally {
      closeSync(log);
    }
    if (pid === undefined) throw new ConnectorError(`could not start ${paths.venvPython}`, { hint: "check the stack's venv: `kindling stack status`" });
    const driver = new RemoteSparkDriver(options, stateDir, pid, paths.venvPython);
    live.add(driver);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      // A driver must not outlive its program (it would hold the worker's cores).
      process.on("exit", () => {
        for (const d of live) d.kill();
      });
    }
    return driver;
  }

  /** The driver's log (Spark's log of this session). */
  get logFile(): string {
    return join(this.stateDir, "driver.log");
  }

  /** Spark's application id, once the driver is up. */
  get appId(): string | undefined {
    return this.#ready?.appId;
  }

  private alive(): boolean {
    try {
      process.kill(this.pid, 0);
      return !existsSync(`/proc/${this.pid}/stat`) || !/\) [ZX] /.test(readFileSync(`/proc/${this.pid}/stat`, "utf8"));
    } catch {
      return false;
    }
  }

  /** Waits (blocking) until the driver has a working session on the master; throws what went wrong. */
  waitReadySync(): void {
    if (this.#ready !== undefined) return;
    const deadline = this.#startWaiting();
    while (!this.#readyFileOrThrow(deadline)) sleepSync(100);
    this.#readReady();
  }

  /**
   * {@link waitReadySync} without blocking the event loop (timers, a progress display keep running).
   *
   * @example await driver.waitReady();
   */
  async waitReady(): Promise<void> {
    if (this.#ready !== undefined) return;
    const deadline = this.#startWaiting();
    while (!this.#readyFileOrThrow(deadline)) await new Promise((r) => setTimeout(r, 100));
    if (this.#ready === undefined) this.#readReady();
  }

  #startWaiting(): number {
    if (this.#stopped) throw new KindlingError(`the Spark driver for ${this.options.master.url} was stopped`, "user", { hint: "build a new session with SparkSession.builder...getOrCreate()" });
    return Date.now() + (this.options.startupTimeoutMs ?? 180_000);
  }

  /** True once the driver wrote its ready file; throws when it died or took too long. */
  #readyFileOrThrow(deadline: number): boolean {
    if (existsSync(join(this.stateDir, "ready.json"))) return true;
    if (!this.alive()) {
      throw new ConnectorError(`the PySpark driver for ${this.options.master.url} exited while starting; last log lines:\n${tail(this.logFile)}`, { hint: `see ${this.logFile}` });
    }
    if (Date.now() > deadline) {
      this.kill();
      throw new ConnectorError(`the PySpark driver for ${this.options.master.url} was not ready after ${this.options.startupTimeoutMs ?? 180_000} ms; last log lines:\n${tail(this.logFile)}`, {
        hint: "check that the master has a live worker with free cores (`kindling stack status`, http://127.0.0.1:8080): another application may hold them all",
      });
    }
    return false;
  }

  #readReady(): void {
    const file = join(this.stateDir, "ready.json");
    const ready = JSON.parse(readFileSync(file, "utf8")) as { ok: boolean; stage?: string; appId?: string; sparkVersion?: string; error?: SparkErrorInfo };
    if (!ready.ok) {
      this.#stopped = true;
      live.delete(this);
      const e = ready.error!;
      if (ready.stage === "probe") {
        rmSync(this.stateDir, { recursive: true, force: true }); // the message says it all; the log has nothing more
        throw new ConnectorError(`cannot reach the Spark master at ${this.options.master.url}: ${e.message}`, {
          context: { master: this.options.master.url },
          hint: "start the local one with `kindling stack up spark` (spark://127.0.0.1:7077), or check the master URL's host and port",
        });
      }
      throw new ConnectorError(`Spark could not start a session on ${this.options.master.url}: ${e.type}: ${e.message}`, {
        context: { master: this.options.master.url },
        hint: `see the driver's log ${this.logFile}`,
      });
    }
    this.#ready = { appId: ready.appId!, sparkVersion: ready.sparkVersion! };
  }

  /** Sends one request and blocks until Spark answers; Spark's errors are thrown as {@link SparkJobError}. */
  requestSync(body: Readonly<Record<string, unknown>>, timeoutMs = 600_000): DriverReply {
    this.waitReadySync();
    const r = spawnSync(this.python, [pythonAsset("kindling_client.py"), join(this.stateDir, "driver.sock"), String(timeoutMs / 1000)], {
      input: JSON.stringify(body),
      maxBuffer: 256 * 1024 * 1024,
      timeout: timeoutMs + 10_000,
      encoding: "utf8",
    });
    return this.reply(r.status === 0 ? r.stdout : "", `${r.error?.message ?? ""} ${r.stderr ?? ""}`.trim());
  }

  /** Sends one request without blocking the event loop. */
  request(body: Readonly<Record<string, unknown>>): Promise<DriverReply> {
    this.waitReadySync();
    return this.#send(body);
  }

  /** One request over the driver's socket (the driver is up). */
  #send(body: Readonly<Record<string, unknown>>): Promise<DriverReply> {
    return new Promise((resolve, reject) => {
      const socket = connect(join(this.stateDir, "driver.sock"));
      let data = "";
      socket.setEncoding("utf8");
      socket.on("connect", () => socket.write(JSON.stringify(body) + "\n"));
      socket.on("data", (chunk: string) => (data += chunk));
      socket.on("error", (error) => reject(this.deadError(error.message)));
      socket.on("close", () => {
        try {
          resolve(this.reply(data, "the connection closed without a reply"));
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  private reply(text: string, failure: string): DriverReply {
    const line = text.trim();
    if (line === "") throw this.deadError(failure);
    const reply = JSON.parse(line) as DriverReply;
    if (reply["ok"] !== true) throw sparkError(reply["error"] as SparkErrorInfo);
    return reply;
  }

  private deadError(what: string): ConnectorError {
    return new ConnectorError(`the PySpark driver for ${this.options.master.url} did not answer (${what}); last log lines:\n${tail(this.logFile)}`, {
      hint: `see ${this.logFile}; a new session (spark.stop(), then getOrCreate()) starts a new driver`,
    });
  }

  /** A fresh folder for one result under the driver's state dir. */
  resultDir(): string {
    return mkdtempSync(join(this.stateDir, "results", "r-"));
  }

  /** The Parquet files Spark wrote into `dir`, in name order. */
  static parquetFiles(dir: string): string[] {
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".parquet")).sort().map((f) => join(dir, f)) : [];
  }

  /**
   * Stops Spark's session and the driver; resolves when the process has gone (bounded). Unlike
   * {@link stopSync} it never blocks the event loop (a notebook's progress display keeps moving
   * while Spark stops, which takes a few seconds).
   *
   * @example await driver.stop();
   */
  async stop(timeoutMs = 60_000): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    live.delete(this);
    if (this.#ready !== undefined && this.alive()) {
      try {
        await this.#send({ op: "shutdown" });
      } catch {
        // the signal below stops it anyway
      }
    } else if (this.alive()) process.kill(this.pid, "SIGTERM");
    const deadline = Date.now() + timeoutMs;
    while (this.alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    this.#gone();
  }

  /** {@link stop}, blocking (for `spark.stop()`, which is synchronous). */
  stopSync(timeoutMs = 60_000): void {
    if (this.#stopped) return;
    this.#stopped = true;
    live.delete(this);
    if (this.#ready !== undefined && this.alive()) {
      try {
        spawnSync(this.python, [pythonAsset("kindling_client.py"), join(this.stateDir, "driver.sock"), "10"], { input: '{"op":"shutdown"}', timeout: 15_000 });
      } catch {
        // the signal below stops it anyway
      }
    } else if (this.alive()) process.kill(this.pid, "SIGTERM");
    const deadline = Date.now() + timeoutMs;
    while (this.alive() && Date.now() < deadline) sleepSync(100);
    this.#gone();
  }

  /** After a stop: kills a driver that outlived the wait, and removes its folder. */
  #gone(): void {
    if (this.alive()) process.kill(this.pid, "SIGKILL");
    this.#exited = 0;
    // Result files and the log of a cleanly stopped driver are not needed any more.
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  /** Signals the driver to stop (it stops its session itself); used when this process exits. */
  kill(): void {
    live.delete(this);
    this.#stopped = true;
    if (this.#exited === undefined && this.alive()) {
      try {
        process.kill(this.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
}

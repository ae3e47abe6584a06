/**
 * The PySpark side of differential tests: one long-lived Python process holding one SparkSession
 * (`local[2]`, UTC, 4 shuffle partitions, no UI) for a whole test file, driven over JSON lines
 * (see pyspark_oracle_server.py beside this file).
 *
 * ```ts
 * const oracle = await PySparkOracle.start();          // the stack's venv, or KINDLING_ORACLE_PYTHON
 * const { schema, rows } = await oracle.run("df = spark.range(3)");
 * const text = await oracle.show("df = spark.range(3)"); // byte-exact df.show() output
 * await oracle.stop();
 * ```
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ConnectorError, KindlingError } from "../../src/common/errors.js";
import { stackPaths } from "../../src/stack/paths.js";
import { decodeRows, type OracleField } from "./oracle-values.js";

export type { OracleField } from "./oracle-values.js";

const SERVER = join(dirname(fileURLToPath(import.meta.url)), "pyspark_oracle_server.py");
const STDERR_LINES_KEPT = 60;

export interface OracleStartOptions {
  /** The Python with PySpark; default `KINDLING_ORACLE_PYTHON`, else the stack's venv python. */
  readonly python?: string;
  /** How long Spark may take to come up (default 180 s: a cold JVM on a busy 2-core machine). */
  readonly startupTimeoutMs?: number;
  /** Default time limit of one request (default 120 s). */
  readonly requestTimeoutMs?: number;
  /** Comma-separated jars for `spark.jars` (e.g. the Kafka connector from `sparkKafkaJarList`). */
  readonly jars?: string;
  /** Copy the server's stderr (Spark's log) to ours as it comes. */
  readonly verbose?: boolean;
}

export interface RunOptions {
  /** File paths the snippet reads, as `inputs["name"]`. */
  readonly inputs?: Readonly<Record<string, string>>;
  /** JSON values the snippet uses, as `params["name"]` and as globals when the name is an identifier. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Session settings for this request only (`{"spark.sql.ansi.enabled": "false"}`); restored after. */
  readonly conf?: Readonly<Record<string, string>>;
  /** Collect the rows (default true); false returns the schema only. */
  readonly collect?: boolean;
  /** Also return `df.show(n, truncate, vertical)`'s text. */
  readonly show?: { readonly n?: number; readonly truncate?: boolean | number; readonly vertical?: boolean };
  /** Time limit for this request; on expiry the running Spark jobs are cancelled. */
  readonly timeoutMs?: number;
}

export interface OracleResult {
  readonly schema: readonly OracleField[];
  /** Rows in Spark's order, values decoded as described in oracle-values.ts. */
  readonly rows: readonly unknown[][];
  readonly show?: string;
}

/** What Spark (or the snippet) raised, as the server reported it. */
export interface OracleErrorInfo {
  /** The Python exception class: `AnalysisException`, `ArithmeticException`, `NameError`... */
  readonly type: string;
  readonly message: string;
  /** Spark's error class / condition, e.g. `UNRESOLVED_COLUMN.WITH_SUGGESTION`. */
  readonly errorClass?: string;
  readonly sqlState?: string;
  readonly messageParameters?: Readonly<Record<string, string>>;
  readonly traceback?: string;
}

/** Spark rejected or failed the query: the error class and message are Spark's own. */
export class PySparkQueryError extends KindlingError {
  readonly info: OracleErrorInfo;

  constructor(info: OracleErrorInfo) {
    super(`${info.type}: ${info.message}`, "user", {
      context: { errorClass: info.errorClass ?? null, sqlState: info.sqlState ?? null },
    });
    this.info = info;
  }

  get errorClass(): string | undefined {
    return this.info.errorClass;
  }
}

interface Pending {
  readonly id: number;
  readonly resolve: (reply: Record<string, unknown>) => void;
  readonly reject: (error: Error) => void;
}

export class PySparkOracle {
  private nextId = 1;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitWaiters: (() => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    /** The Python that runs the server. */
    readonly python: string,
    /** Spark's version as the session reports it (e.g. `4.1.1`). */
    readonly sparkVersion: string,
    private readonly stderrTail: string[],
    private readonly requestTimeoutMs: number,
  ) {
    child.on("exit", (code, signal) => {
      this.exited = { code, signal };
      this.pending?.reject(this.deadError(`exited (${signal ?? `code ${code}`}) during a request`));
      this.pending = undefined;
      for (const wake of this.exitWaiters.splice(0)) wake();
    });
  }

  /**
   * Starts the server and waits for its "ready" line (sent after a first query has run), never
   * on a timer. Fails with the Python path and Spark's last log lines if it cannot start.
   *
   * @example
   * ```ts
   * const oracle = await PySparkOracle.start({ python: "/tmp/venv/bin/python" });
   * ```
   */
  static async start(options: OracleStartOptions = {}): Promise<PySparkOracle> {
    const python = options.python ?? process.env["KINDLING_ORACLE_PYTHON"] ?? stackPaths().venvPython;
    if (!existsSync(python)) {
      throw new ConnectorError(`the PySpark oracle needs Python with PySpark at ${python}, which does not exist`, {
        context: { python },
        hint: "run `kindling stack up spark` (it creates the stack's venv with PySpark), or set KINDLING_ORACLE_PYTHON to a python that has pyspark",
      });
    }
    const child = spawn(python, ["-u", SERVER], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, TZ: "UTC", SPARK_LOCAL_IP: "127.0.0.1", PYSPARK_PYTHON: python, PYTHONUNBUFFERED: "1", ...(options.jars === undefined ? {} : { KINDLING_ORACLE_JARS: options.jars }) },
    });
    // A write to a server that just died fails with EPIPE; the exit handler reports that death.
    child.stdin!.on("error", () => undefined);
    const stderrTail: string[] = [];
    createInterface({ input: child.stderr! }).on("line", (line) => {
      stderrTail.push(line);
      if (stderrTail.length > STDERR_LINES_KEPT) stderrTail.shift();
      if (options.verbose === true) process.stderr.write(`[oracle] ${line}\n`);
    });
    const lines = createInterface({ input: child.stdout! });
    const startupTimeoutMs = options.startupTimeoutMs ?? 180_000;

    const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const fail = (what: string): void => {
        cleanup();
        child.kill("SIGKILL");
        reject(startError(python, what, stderrTail));
      };
      const onLine = (line: string): void => {
        const msg = parseLine(line);
        if (msg?.["event"] === "ready") {
          cleanup();
          resolve(msg);
        } else if (msg?.["event"] === "fatal") {
          const info = msg["error"] as OracleErrorInfo;
          fail(`failed to start Spark: ${info.type}: ${info.message}`);
        }
      };
      const onExit = (code: number | null, signal: string | null): void => fail(`exited (${signal ?? `code ${code}`}) before it was ready`);
      const onError = (error: Error): void => fail(`could not be started: ${error.message}`);
      const timer = setTimeout(() => fail(`was not ready after ${startupTimeoutMs} ms`), startupTimeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        lines.off("line", onLine);
        child.off("exit", onExit);
        child.off("error", onError);
      };
      lines.on("line", onLine);
      child.on("exit", onExit);
      child.on("error", onError);
    });

    const oracle = new PySparkOracle(child, python, String(ready["sparkVersion"]), stderrTail, options.requestTimeoutMs ?? 120_000);
    lines.on("line", (line) => oracle.onLine(line));
    return oracle;
  }

  /**
   * Runs a PySpark snippet that assigns a DataFrame to `df` (with `spark`, `F`, `T`, `Window`,
   * `Row`, `inputs` and `params` in scope) and returns its schema and rows. Spark errors reject
   * with a {@link PySparkQueryError}; the server stays up.
   *
   * @example
   * ```ts
   * const { rows } = await oracle.run(
   *   `df = spark.read.csv(inputs["rides"], header=True, inferSchema=True).groupBy("VendorID").count()`,
   *   { inputs: { rides: "/tmp/rides.csv" } },
   * );
   * ```
   */
  async run(code: string, options: RunOptions = {}): Promise<OracleResult> {
    const show = options.show;
    const reply = await this.request(
      {
        op: "run",
        code,
        inputs: options.inputs ?? {},
        params: options.params ?? {},
        conf: options.conf ?? {},
        collect: options.collect ?? true,
        ...(show === undefined ? {} : { show: { n: show.n ?? 20, truncate: truncateOf(show.truncate ?? true), vertical: show.vertical ?? false } }),
      },
      options.timeoutMs ?? this.requestTimeoutMs,
    );
    const schema = reply["schema"] as OracleField[];
    const rows = reply["rows"] === undefined ? [] : decodeRows(schema, reply["rows"] as unknown[][]);
    return { schema, rows, ...(typeof reply["show"] === "string" ? { show: reply["show"] } : {}) };
  }

  /**
   * `df.show(n, truncate, vertical)`'s exact text (Spark's `showString`), with its final newline.
   *
   * @example
   * ```ts
   * await oracle.show("df = spark.range(2)"); // "+---+\n| id|\n+---+\n|  0|\n|  1|\n+---+\n"
   * ```
   */
  async show(code: string, n = 20, truncate: boolean | number = true, vertical = false, options: RunOptions = {}): Promise<string> {
    const result = await this.run(code, { ...options, collect: false, show: { n, truncate, vertical } });
    return result.show ?? "";
  }

  /** Stops Spark and the server (politely, then by signal after 30 s). Safe to call twice. */
  async stop(): Promise<void> {
    if (this.exited !== undefined) return;
    const gone = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    const hardStop = setTimeout(() => this.child.kill("SIGKILL"), 30_000);
    try {
      this.child.stdin?.end(JSON.stringify({ id: this.nextId++, op: "stop" }) + "\n");
    } catch {
      this.child.kill("SIGTERM");
    }
    await gone;
    clearTimeout(hardStop);
  }

  private request(body: Record<string, unknown>, timeoutMs: number): Promise<Record<string, unknown>> {
    // One request at a time: a SparkSession runs one action per caller, and replies stay in order.
    const run = this.queue.then(() => this.send(body, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private send(body: Record<string, unknown>, timeoutMs: number): Promise<Record<string, unknown>> {
    if (this.exited !== undefined) return Promise.reject(this.deadError("is not running"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        // Cancel the Spark jobs and give the server 15 s to answer; if it cannot, it is stuck in
        // Python code and only a kill frees the session for the next test file.
        timedOut = true;
        this.child.stdin?.write(JSON.stringify({ op: "cancel" }) + "\n");
        setTimeout(() => {
          if (this.pending?.id === id) this.child.kill("SIGKILL");
        }, 15_000).unref();
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.pending = undefined;
      };
      this.pending = {
        id,
        resolve: (reply) => {
          done();
          if (timedOut) reject(new ConnectorError(`the PySpark oracle's request timed out after ${timeoutMs} ms; its Spark jobs were cancelled`, { hint: "raise timeoutMs or make the query smaller" }));
          else if (reply["ok"] === true) resolve(reply);
          else reject(new PySparkQueryError(reply["error"] as OracleErrorInfo));
        },
        reject: (error) => {
          done();
          reject(timedOut ? new ConnectorError(`the PySpark oracle's request timed out after ${timeoutMs} ms and the server was killed`, { cause: error }) : error);
        },
      };
      this.child.stdin!.write(JSON.stringify({ id, ...body }) + "\n");
    });
  }

  private onLine(line: string): void {
    const msg = parseLine(line);
    if (msg === undefined) return; // not ours; fd 1 is redirected, so this should not happen
    if (this.pending !== undefined && msg["id"] === this.pending.id) this.pending.resolve(msg);
  }

  private deadError(what: string): ConnectorError {
    return new ConnectorError(`the PySpark oracle (${this.python}) ${what}; last log lines:\n${this.stderrTail.join("\n")}`, {
      context: { python: this.python },
      hint: "start a new oracle with PySparkOracle.start()",
    });
  }
}

function truncateOf(truncate: boolean | number): number {
  // PySpark's DataFrame.show: True means 20 characters, False means no truncation.
  if (truncate === true) return 20;
  if (truncate === false) return 0;
  return truncate;
}

function parseLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function startError(python: string, what: string, stderrTail: readonly string[]): ConnectorError {
  return new ConnectorError(`the PySpark oracle (${python} ${SERVER}) ${what}; last log lines:\n${stderrTail.join("\n")}`, {
    context: { python },
    hint: "check that Java 17+ is installed and that this python has pyspark (`python -c 'import pyspark'`)",
  });
}

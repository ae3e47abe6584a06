/**
 * A tslab kernel that we start ourselves and talk to over ZeroMQ, the way Jupyter does, with no
 * Python and no Jupyter server: a connection file with random ports and an HMAC key, the kernel
 * launched as its kernelspec does (`tslab kernel --config-path <file>`), and DEALER sockets for
 * shell, control and stdin plus a SUB socket for iopub.
 *
 * tslab has no `interrupt_request` handler (it answers an unknown message type with a warning
 * on the cell's stderr) and its kernelspec uses the default `interrupt_mode: "signal"`, so the
 * interrupt is SIGINT to its process, which rejects the running cell's top-level await and breaks
 * synchronous loops (`vm.runInThisContext(…, { breakOnSigint: true })`).
 * https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs (interrupt_mode)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Dealer, Subscriber } from "zeromq";
import { ConnectorError } from "../common/errors.js";
import { tslabBinary } from "../stack/install.js";
import { writeConnectionFile, type ConnectionFile } from "./connection-file.js";
import { createMessage, decodeMessage, encodeMessage, type JupyterMessage } from "./jupyter-message.js";
import { raceTimeout } from "./race-timeout.js";
import { OUTPUT_MESSAGE_TYPES, type ExecuteOutcome, type KernelClient, type OutputMessage, type OutputMessageType } from "./kernel-client.js";

export interface ZmqKernelOptions {
  /** The kernel's working folder: the notebook's folder, so relative paths and imports resolve. */
  readonly cwd: string;
  /** tslab's TypeScript kernel (default) or its JavaScript one (`--js`). */
  readonly language?: "typescript" | "javascript";
  /** How long the kernel may take to answer its first kernel_info_request. Default 60 s. */
  readonly startTimeoutMs?: number;
  /** How long a timed-out cell may take to stop after the interrupt before the kernel is killed. Default 10 s. */
  readonly interruptGraceMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** After the execute_reply, how long to wait for the iopub `idle` that follows the last output. */
const IDLE_AFTER_REPLY_MS = 2_000;
/** How long one handshake attempt waits for an iopub message once the shell has replied. */
const IOPUB_PROBE_MS = 500;
/** How often an unanswered kernel_info_request is sent again while the kernel starts. */
const HANDSHAKE_RESEND_MS = 500;
const TAIL_CHARS = 4_000;

type Waiter = (msg: JupyterMessage) => void;


/**
 * A tslab kernel process and the sockets to it.
 *
 * @example
 * const kernel = await ZmqKernel.start({ cwd: "notebooks" });
 * const outcome = await kernel.execute('console.log("hi")', 60_000, (m) => console.log(m));
 * await kernel.close();
 */
export class ZmqKernel implements KernelClient {
  readonly description: string;
  /** What kernel_info_reply said (language, versions). */
  info: Record<string, unknown> = {};

  private readonly session = randomUUID();
  private readonly replies = new Map<string, Waiter>();
  private readonly iopubHandlers = new Map<string, Waiter>();
  private readonly exitWaiters = new Set<() => void>();
  private readonly exited: Promise<void>;
  private exit: { code: number | null; signal: NodeJS.Signals | null; error?: Error } | undefined;
  private outputTail = "";
  private closed = false;
  private readonly killOnExit = (): void => {
    if (this.exit === undefined) this.child.kill("SIGKILL");
  };

  private constructor(
    private readonly child: ChildProcess,
    private readonly file: ConnectionFile,
    private readonly shell: Dealer,
    private readonly control: Dealer,
    private readonly stdin: Dealer,
    private readonly iopub: Subscriber,
    private readonly interruptGraceMs: number,
  ) {
    this.description = `tslab kernel (pid ${child.pid ?? "?"})`;
    const keepTail = (chunk: Buffer): void => {
      this.outputTail = (this.outputTail + chunk.toString("utf8")).slice(-TAIL_CHARS);
    };
    child.stdout?.on("data", keepTail);
    child.stderr?.on("data", keepTail);
    this.exited = new Promise((resolve) => {
      const onEnd = (code: number | null, signal: NodeJS.Signals | null, error?: Error): void => {
        if (this.exit !== undefined) return;
        this.exit = { code, signal, ...(error === undefined ? {} : { error }) };
        for (const waiter of [...this.exitWaiters]) waiter();
        resolve();
      };
      child.once("exit", (code, signal) => onEnd(code, signal));
      child.once("error", (error) => onEnd(null, null, error));
    });
    process.once("exit", this.killOnExit);
  }

  /**
   * Starts a tslab kernel and waits for a real kernel_info_request/reply handshake (and for an
   * iopub message, so no output is lost to ZeroMQ's slow-joiner subscription).
   */
  static async start(options: ZmqKernelOptions): Promise<ZmqKernel> {
    const language = options.language ?? "typescript";
    const file = await writeConnectionFile(language === "javascript" ? "jslab" : "tslab");
    const args = [tslabBinary(), "kernel", "--config-path", file.path, ...(language === "javascript" ? ["--js"] : [])];
    // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop the kernel.
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const { info } = file;
    const endpoint = (port: number): string => `${info.transport}://${info.ip}:${port}`;
    const shell = new Dealer({ linger: 0 });
    const control = new Dealer({ linger: 0 });
    const stdin = new Dealer({ linger: 0 });
    const iopub = new Subscriber({ linger: 0 });
    const kernel = new ZmqKernel(child, file, shell, control, stdin, iopub, options.interruptGraceMs ?? 10_000);
    shell.connect(endpoint(info.shell_port));
    control.connect(endpoint(info.control_port));
    stdin.connect(endpoint(info.stdin_port));
    iopub.connect(endpoint(info.iopub_port));
    iopub.subscribe();
    void kernel.pump(shell, kernel.replies);
    void kernel.pump(control, kernel.replies);
    void kernel.pump(iopub, kernel.iopubHandlers);
    try {
      kernel.info = await kernel.handshake(options.startTimeoutMs ?? 60_000);
    } catch (error) {
      await kernel.close();
      throw error;
    }
    return kernel;
  }

  /** Routes each incoming message to the waiter registered under its parent's msg_id. */
  private async pump(socket: Dealer | Subscriber, waiters: Map<string, Waiter>): Promise<void> {
    try {
      for await (const frames of socket) {
        let msg: JupyterMessage;
        try {
          msg = decodeMessage(frames, this.file.info.key);
        } catch {
          continue; // a malformed or unsigned message: not from our kernel, ignore it
        }
        const parent = msg.parent_header.msg_id;
        if (parent !== undefined) waiters.get(parent)?.(msg);
      }
    } catch (error) {
      if (!this.closed) this.outputTail += `\n[kindling] socket error: ${String(error)}`;
    }
  }

  private send(socket: Dealer, msg: JupyterMessage<object>): Promise<void> {
    return socket.send(encodeMessage(msg, this.file.info.key));
  }

  private async handshake(timeoutMs: number): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    let onExit = (): void => undefined;
    const died = new Promise<"died">((resolve) => {
      onExit = () => resolve("died");
      this.exitWaiters.add(onExit);
      if (this.exit !== undefined) resolve("died");
    });
    try {
      return await this.handshakeAttempts(deadline, timeoutMs, died);
    } finally {
      this.exitWaiters.delete(onExit);
    }
  }

  /**
   * Sends a kernel_info_request every {@link HANDSHAKE_RESEND_MS} until one is answered on shell
   * and some request's status has come through iopub. Resending is needed, not only polite: tslab
   * starts reading its shell socket before its iopub socket is bound, and a request that arrives
   * in between dies with EBUSY inside the kernel, unanswered (jupyter_client resends likewise).
   */
  private async handshakeAttempts(deadline: number, timeoutMs: number, died: Promise<"died">): Promise<Record<string, unknown>> {
    let onReply: (msg: JupyterMessage) => void = () => undefined;
    let onIopub: () => void = () => undefined;
    const replied = new Promise<JupyterMessage>((resolve) => (onReply = resolve));
    const sawIopub = new Promise<true>((resolve) => (onIopub = () => resolve(true)));
    const ids: string[] = [];
    let reply: JupyterMessage | undefined;
    try {
      for (;;) {
        if (Date.now() >= deadline) {
          throw this.startError(
            reply === undefined
              ? `did not answer a kernel_info_request within ${Math.round(timeoutMs / 1000)} s`
              : `answered, but its iopub channel delivered nothing within ${Math.round(timeoutMs / 1000)} s`,
          );
        }
        const msg = createMessage("kernel_info_request", {}, this.session);
        ids.push(msg.header.msg_id);
        this.replies.set(msg.header.msg_id, onReply);
        this.iopubHandlers.set(msg.header.msg_id, onIopub);
        await this.send(this.shell, msg);
        const wait = Math.min(reply === undefined ? HANDSHAKE_RESEND_MS : IOPUB_PROBE_MS, deadline - Date.now());
        const answered = await raceTimeout(Promise.race([replied, died]), wait);
        if (answered === "died") throw this.startError(`exited before answering (${this.exitDescription()})`);
        if (answered === "timeout") continue;
        reply = answered;
        // The shell answers; iopub is ready once it has delivered a status message for a request.
        const probe = await raceTimeout(Promise.race([sawIopub, died]), Math.min(IOPUB_PROBE_MS, deadline - Date.now()));
        if (probe === true) return reply.content;
        if (probe === "died") throw this.startError(`exited during the handshake (${this.exitDescription()})`);
      }
    } finally {
      for (const id of ids) {
        this.replies.delete(id);
        this.iopubHandlers.delete(id);
      }
    }
  }

  private startError(what: string): ConnectorError {
    const tail = this.outputTail.trim();
    return new ConnectorError(`the ${this.description} ${what}${tail === "" ? "" : `; its output:\n${tail}`}`, {
      hint: "check that `npm install` completed (tslab and zeromq in node_modules) and that `node node_modules/tslab/bin/tslab kernel --help` runs",
    });
  }

  /** "exit code 1", "signal SIGKILL", plus the kernel's last output lines. */
  exitDescription(): string {
    const e = this.exit;
    if (e === undefined) return "still running";
    const how = e.error !== undefined ? `could not be started: ${e.error.message}` : e.signal !== null ? `killed by ${e.signal}` : `exit code ${e.code}`;
    return how;
  }

  /** Interrupts the running cell: SIGINT to the kernel process (tslab's interrupt mode). */
  interrupt(): void {
    if (this.exit === undefined) this.child.kill("SIGINT");
  }

  execute(code: string, timeoutMs: number, onOutput: (message: OutputMessage) => void): Promise<ExecuteOutcome> {
    if (this.exit !== undefined || this.closed) {
      return Promise.resolve({ status: "died", executionCount: null, detail: `the kernel is not running (${this.exitDescription()})` });
    }
    const msg = createMessage(
      "execute_request",
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      this.session,
    );
    const id = msg.header.msg_id;
    return new Promise<ExecuteOutcome>((resolve) => {
      let reply: JupyterMessage | undefined;
      let idle = false;
      let timedOut = false;
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const settle = (outcome: ExecuteOutcome): void => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        this.replies.delete(id);
        this.iopubHandlers.delete(id);
        this.exitWaiters.delete(onExit);
        resolve(outcome);
      };
      const finish = (): void => {
        const c = reply!.content;
        const executionCount = typeof c["execution_count"] === "number" ? c["execution_count"] : null;
        if (timedOut) {
          settle({ status: "timeout", executionCount, detail: "the kernel was interrupted" });
          return;
        }
        const status = c["status"] === "ok" ? "ok" : c["status"] === "aborted" || c["status"] === "abort" ? "aborted" : "error";
        settle({
          status,
          executionCount,
          ...(typeof c["ename"] === "string" && c["ename"] !== "" ? { ename: c["ename"] } : {}),
          ...(typeof c["evalue"] === "string" && c["evalue"] !== "" ? { evalue: c["evalue"] } : {}),
          ...(Array.isArray(c["traceback"]) && c["traceback"].length > 0 ? { traceback: c["traceback"].map(String) } : {}),
        });
      };
      const onExit = (): void => {
        // The process's own output (not the cells', which goes over iopub) holds what Node printed
        // on a crash, e.g. "FATAL ERROR: … JavaScript heap out of memory".
        const lines = this.outputTail.trim().split("\n");
        const tail = lines.find((l) => /FATAL ERROR|^\w*Error:/.test(l)) ?? lines.slice(-3).join("\n");
        settle({
          status: timedOut ? "timeout" : "died",
          executionCount: null,
          detail: `its process ended (${this.exitDescription()})${tail === "" ? "" : `; its last output:\n${tail}`}`,
        });
      };
      this.exitWaiters.add(onExit);
      // Outputs come on iopub, the reply on shell: two sockets, no order between them. The cell is
      // done when both the reply and iopub's `idle` (sent after the last output) have arrived.
      this.iopubHandlers.set(id, (m) => {
        const type = m.header.msg_type;
        if (type === "status") {
          if (m.content["execution_state"] === "idle") {
            idle = true;
            if (reply !== undefined) finish();
          }
        } else if (OUTPUT_MESSAGE_TYPES.has(type)) {
          onOutput({ msgType: type as OutputMessageType, content: m.content });
        }
      });
      this.replies.set(id, (m) => {
        reply = m;
        if (idle) finish();
        else timers.push(setTimeout(finish, IDLE_AFTER_REPLY_MS));
      });
      timers.push(
        setTimeout(() => {
          timedOut = true;
          this.interrupt();
          timers.push(
            setTimeout(() => {
              settle({ status: "timeout", executionCount: null, detail: `the kernel did not stop within ${Math.round(this.interruptGraceMs / 1000)} s of an interrupt, so it was killed` });
              void this.close();
            }, this.interruptGraceMs),
          );
        }, timeoutMs),
      );
      this.send(this.shell, msg).catch((error: unknown) => {
        settle({ status: "died", executionCount: null, detail: `sending the cell to the kernel failed: ${String(error)}` });
      });
    });
  }

  /** Stops the kernel (SIGTERM, then SIGKILL after 2 s), closes the sockets, deletes the connection file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.exit === undefined) {
      this.child.kill("SIGTERM");
      if ((await raceTimeout(this.exited, 2_000)) === "timeout") {
        this.child.kill("SIGKILL");
        await raceTimeout(this.exited, 2_000);
      }
    }
    process.off("exit", this.killOnExit);
    for (const socket of [this.shell, this.control, this.stdin, this.iopub]) socket.close();
    this.file.remove();
  }
}

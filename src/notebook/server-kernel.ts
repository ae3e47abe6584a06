/**
 * A kernel of a running Jupyter server (e.g. the stack's JupyterLab), reached with
 * `@jupyterlab/services` over its REST API and kernel WebSocket (`ws` stands in for the browser's
 * WebSocket). The server launches the kernel, so a timeout interrupts it through
 * `POST /api/kernels/<id>/interrupt`, and the kernel's death shows as a status change.
 */
import { KernelManager, ServerConnection, type Kernel, type KernelMessage } from "@jupyterlab/services";
import { basename, dirname, resolve, sep } from "node:path";
import WebSocket from "ws";
import { ConnectorError } from "../common/errors.js";
import { raceTimeout } from "./race-timeout.js";
import { OUTPUT_MESSAGE_TYPES, type ExecuteOutcome, type KernelClient, type OutputMessage, type OutputMessageType } from "./kernel-client.js";

export interface ServerKernelOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8888 */
  readonly url: string;
  readonly token: string;
  /** The kernelspec to start: "tslab" (TypeScript, default) or "jslab". */
  readonly kernelName?: string;
  /** The notebook's path on this machine: the kernel starts in its folder when the server's root holds it. */
  readonly notebookPath?: string;
  readonly startTimeoutMs?: number;
  readonly interruptGraceMs?: number;
}

/** Kernel states that mean the process we were running cells in is gone. */
const DEAD_STATES: ReadonlySet<KernelMessage.Status> = new Set<KernelMessage.Status>(["dead", "autorestarting", "restarting", "terminating"]);


/**
 * The server-relative folder of a local notebook, found by asking the contents API for each
 * tail of its absolute path (longest first); undefined when the server does not serve it.
 */
async function serverFolderOf(settings: ServerConnection.ISettings, notebookPath: string): Promise<string | undefined> {
  const parts = resolve(notebookPath).split(sep).filter((p) => p !== "");
  for (let i = 0; i < parts.length; i++) {
    const candidate = parts.slice(i).join("/");
    const url = `${settings.baseUrl.replace(/\/$/, "")}/api/contents/${candidate.split("/").map(encodeURIComponent).join("/")}?content=0`;
    const response = await ServerConnection.makeRequest(url, {}, settings);
    if (response.status === 200) return dirname(candidate) === "." ? "" : dirname(candidate);
  }
  return undefined;
}

/**
 * A kernel started on a Jupyter server.
 *
 * @example
 * const kernel = await ServerKernel.start({ url: "http://127.0.0.1:8888", token });
 * await kernel.execute("console.log(1)", 60_000, () => {});
 * await kernel.close();
 */
export class ServerKernel implements KernelClient {
  readonly description: string;
  /** Warnings found while starting (e.g. the server does not serve the notebook's folder). */
  readonly warnings: string[] = [];
  private status: KernelMessage.Status = "unknown";
  private readonly deathWaiters = new Set<() => void>();
  private closed = false;

  private constructor(
    private readonly manager: KernelManager,
    private readonly kernel: Kernel.IKernelConnection,
    url: string,
    private readonly interruptGraceMs: number,
  ) {
    this.description = `${kernel.name} kernel ${kernel.id} on ${url}`;
    kernel.statusChanged.connect((_, status) => {
      this.status = status;
      if (DEAD_STATES.has(status)) for (const waiter of [...this.deathWaiters]) waiter();
    });
  }

  static async start(options: ServerKernelOptions): Promise<ServerKernel> {
    const serverSettings = ServerConnection.makeSettings({
      baseUrl: options.url,
      wsUrl: options.url.replace(/^http/, "ws"),
      token: options.token,
      appendToken: true,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const kernelName = options.kernelName ?? "tslab";
    const fail = (what: string, cause: unknown): ConnectorError =>
      new ConnectorError(`the Jupyter server at ${options.url} ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, {
        cause,
        context: { server: options.url, kernel: kernelName },
        hint: "check the URL and --token (`kindling stack status` shows both for the stack's JupyterLab) and that the kernel is registered (`kindling stack up jupyter` registers tslab)",
      });
    const warnings: string[] = [];
    let folder: string | undefined;
    if (options.notebookPath !== undefined) {
      try {
        folder = await serverFolderOf(serverSettings, options.notebookPath);
      } catch (error) {
        throw fail("cannot be reached", error);
      }
      if (folder === undefined) warnings.push(`the Jupyter server at ${options.url} does not serve ${basename(options.notebookPath)}'s folder, so its kernel starts in the server's root folder`);
    }
    const manager = new KernelManager({ serverSettings });
    let kernel: Kernel.IKernelConnection;
    try {
      // The REST API takes a `path` (the kernel's working folder, relative to the server root);
      // the typed options only list `name`.
      kernel = await manager.startNew({ name: kernelName, ...(folder === undefined ? {} : { path: folder }) } as Kernel.IKernelOptions);
    } catch (error) {
      manager.dispose();
      throw fail(`could not start a "${kernelName}" kernel`, error);
    }
    const client = new ServerKernel(manager, kernel, options.url, options.interruptGraceMs ?? 10_000);
    client.warnings.push(...warnings);
    // kernel.info settles after the connection's own kernel_info_request/reply handshake.
    const ready = await raceTimeout(kernel.info, options.startTimeoutMs ?? 60_000);
    if (ready === "timeout") {
      await client.close();
      throw fail(`started a "${kernelName}" kernel that did not answer kernel_info within ${Math.round((options.startTimeoutMs ?? 60_000) / 1000)} s`, "timeout");
    }
    return client;
  }

  execute(code: string, timeoutMs: number, onOutput: (message: OutputMessage) => void): Promise<ExecuteOutcome> {
    if (this.closed || DEAD_STATES.has(this.status)) {
      return Promise.resolve({ status: "died", executionCount: null, detail: `the kernel is ${this.status}` });
    }
    return new Promise<ExecuteOutcome>((resolveOutcome) => {
      let settled = false;
      let timedOut = false;
      const timers: NodeJS.Timeout[] = [];
      const settle = (outcome: ExecuteOutcome): void => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        this.deathWaiters.delete(onDeath);
        resolveOutcome(outcome);
      };
      const onDeath = (): void => {
        settle({ status: timedOut ? "timeout" : "died", executionCount: null, detail: `its process ended (the Jupyter server reports the kernel "${this.status}")` });
      };
      this.deathWaiters.add(onDeath);
      const future = this.kernel.requestExecute({ code, silent: false, store_history: true, allow_stdin: false, stop_on_error: true }, true);
      future.onIOPub = (msg): void => {
        const type = msg.header.msg_type;
        if (OUTPUT_MESSAGE_TYPES.has(type)) onOutput({ msgType: type as OutputMessageType, content: msg.content as Record<string, unknown> });
      };
      // `done` settles once both the execute_reply and the iopub idle have arrived.
      future.done.then(
        (reply) => {
          const c = reply.content as unknown as Record<string, unknown>;
          const executionCount = typeof c["execution_count"] === "number" ? c["execution_count"] : null;
          if (timedOut) return settle({ status: "timeout", executionCount, detail: "the kernel was interrupted" });
          const status = c["status"] === "ok" ? "ok" : c["status"] === "aborted" || c["status"] === "abort" ? "aborted" : "error";
          settle({
            status,
            executionCount,
            ...(typeof c["ename"] === "string" && c["ename"] !== "" ? { ename: c["ename"] } : {}),
            ...(typeof c["evalue"] === "string" && c["evalue"] !== "" ? { evalue: c["evalue"] } : {}),
            ...(Array.isArray(c["traceback"]) && c["traceback"].length > 0 ? { traceback: c["traceback"].map(String) } : {}),
          });
        },
        (error: unknown) => settle({ status: timedOut ? "timeout" : "died", executionCount: null, detail: `the server dropped the request (${error instanceof Error ? error.message : String(error)})` }),
      );
      timers.push(
        setTimeout(() => {
          timedOut = true;
          this.kernel.interrupt().catch(() => undefined);
          timers.push(
            setTimeout(() => {
              settle({ status: "timeout", executionCount: null, detail: `the kernel did not stop within ${Math.round(this.interruptGraceMs / 1000)} s of an interrupt, so it was shut down` });
              void this.close();
            }, this.interruptGraceMs),
          );
        }, timeoutMs),
      );
    });
  }

  /**
   * Resolves once the connection is up and the kernel is not restarting (bounded): after the
   * server restarts a dead kernel, a DELETE during the restart fails (500), and disposing the
   * connection while it reconnects rejects a promise @jupyterlab/services never handles, which
   * would crash the process.
   */
  private settled(ms: number): Promise<unknown> {
    const isSettled = (): boolean =>
      this.kernel.isDisposed || (this.kernel.connectionStatus === "connected" && !["restarting", "autorestarting", "starting", "unknown"].includes(this.kernel.status));
    if (isSettled()) return Promise.resolve();
    return raceTimeout(
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (!isSettled()) return;
          this.kernel.statusChanged.disconnect(check);
          this.kernel.connectionStatusChanged.disconnect(check);
          resolve();
        };
        this.kernel.statusChanged.connect(check);
        this.kernel.connectionStatusChanged.connect(check);
      }),
      ms,
    );
  }

  /** Shuts the kernel down on the server and closes the connection; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      for (let attempt = 1; attempt <= 2; attempt++) {
        await this.settled(10_000);
        try {
          // Through the REST API, whatever the connection's state: a restarted kernel must go too.
          await raceTimeout(this.manager.shutdown(this.kernel.id), 10_000);
          break;
        } catch {
          // 404: already gone; 500: caught mid-restart, so settle and try once more.
        }
      }
    } finally {
      this.kernel.dispose();
      this.manager.dispose();
    }
  }
}

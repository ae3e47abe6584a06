import { KernelManager, ServerConnection, type KernelMessage } from "@jupyterlab/services";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { VERSION } from "../../src/index.js";
import { requireJupyter } from "../support/stack.js";

/**
 * A real tslab kernel, started through the stack's JupyterLab server, imports Kindling by its
 * package name (as notebooks under notebooks/ do) and prints a value.
 */
describe("tslab kernel in the stack's JupyterLab", () => {
  let manager: KernelManager | undefined;
  afterAll(() => manager?.dispose());

  it("imports kindling by name and runs TypeScript", async () => {
    const { url, token } = await requireJupyter();
    const serverSettings = ServerConnection.makeSettings({
      baseUrl: url,
      wsUrl: url.replace(/^http/, "ws"),
      token,
      appendToken: true,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    manager = new KernelManager({ serverSettings });
    const kernel = await manager.startNew({ name: "tslab" });
    try {
      const outputs: string[] = [];
      const errors: string[] = [];
      const future = kernel.requestExecute({
        code: 'import { VERSION, AnalysisError } from "kindling";\nconst e: AnalysisError = new AnalysisError("x");\nconsole.log(`kindling ${VERSION} ${e.domain}`);',
      });
      future.onIOPub = (msg: KernelMessage.IIOPubMessage): void => {
        if (msg.header.msg_type === "stream") outputs.push((msg.content as KernelMessage.IStreamMsg["content"]).text);
        if (msg.header.msg_type === "error") errors.push((msg.content as KernelMessage.IErrorMsg["content"]).evalue);
      };
      const reply = await future.done;
      // tslab reports a compile error as a stderr stream with an empty error reply: show it.
      expect(errors).toEqual([]);
      expect(reply.content.status, outputs.join("")).toBe("ok");
      expect(outputs.join("")).toContain(`kindling ${VERSION} user`);
    } finally {
      await kernel.shutdown();
    }
  });
});

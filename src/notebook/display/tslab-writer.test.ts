import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { TSLAB_JUPYTER_MODULE, TSLAB_WRITER_EXPORT, tslabWriter, type DisplayContent } from "./tslab-writer.js";

/**
 * Pins the tslab internals tslab-writer.ts relies on, against the tslab Kindling installs (the one
 * `kindling stack up jupyter` registers as the kernel). If one of these fails after a tslab
 * upgrade, the notebook displays are broken: read tslab's dist/jupyter.js and dist/public.js, and
 * either follow the change in tslab-writer.ts or, if tslab now has a public way to send a MIME
 * bundle, switch to it and drop the internal use.
 */
const require = createRequire(import.meta.url);
const jupyterPath = require.resolve("tslab/dist/jupyter.js");
type JupyterModule = Record<string, unknown> & { JupyterHandlerImpl: { prototype: Record<string, unknown> }; ZmqServer: { prototype: Record<string, unknown> } };
const jupyter = require(jupyterPath) as JupyterModule;

afterEach(() => {
  jupyter[TSLAB_WRITER_EXPORT] = null;
});

describe("tslab's display internals (tslab-writer.ts)", () => {
  it(`tslab still exports ${TSLAB_WRITER_EXPORT} from dist/jupyter.js, null until a cell runs`, () => {
    expect(TSLAB_JUPYTER_MODULE.test(jupyterPath), `tslab's jupyter module moved: ${jupyterPath}`).toBe(true);
    expect(Object.keys(jupyter), `tslab's jupyter module no longer exports ${TSLAB_WRITER_EXPORT}`).toContain(TSLAB_WRITER_EXPORT);
    expect(jupyter[TSLAB_WRITER_EXPORT]).toBeNull();
  });

  it("tslab installs each cell's writer before running it, and the writer sends update_display_data when asked", () => {
    const handleExecute = String(jupyter.JupyterHandlerImpl.prototype["handleExecuteImpl"]);
    expect(handleExecute, "tslab no longer sets lastWriteDisplayData per cell").toContain(`exports.${TSLAB_WRITER_EXPORT} = writeDisplayData`);
    const server = String(jupyter.ZmqServer.prototype["handleExecute"]);
    expect(server, "tslab's writer no longer maps update to update_display_data").toContain('update ? "update_display_data" : "display_data"');
    expect(server, "tslab's writer no longer sends the content as given").toContain("reply.content = data");
  });

  it("tslab's public display API still sends one MIME type per message through the same writer (no bundle call to switch to)", () => {
    const tslab = require("tslab") as { newDisplay(): Record<string, unknown>; display: object };
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(tslab.display)).filter((m) => m !== "constructor").sort();
    expect(methods, "tslab's public Display changed: if it can now send a MIME bundle, use it instead of lastWriteDisplayData").toEqual(
      ["gif", "html", "javascript", "jpeg", "latex", "markdown", "pdf", "png", "raw", "svg", "text"],
    );
    const sent: [DisplayContent, boolean][] = [];
    jupyter[TSLAB_WRITER_EXPORT] = (content: DisplayContent, update: boolean) => sent.push([content, update]);
    const d = tslab.newDisplay() as { raw(mime: string, data: string): void; id: string };
    d.raw("text/html", "<b>1</b>");
    d.raw("text/html", "<b>2</b>");
    expect(sent.map(([c, u]) => [c.data, c.transient, Boolean(u)])).toEqual([
      [{ "text/html": "<b>1</b>" }, { display_id: d.id }, false],
      [{ "text/html": "<b>2</b>" }, { display_id: d.id }, true],
    ]);
  });

  it("tslabWriter() finds the kernel's writer in the module cache, and null when no cell has run", () => {
    expect(tslabWriter()).toBeNull();
    const writer = (): void => undefined;
    jupyter[TSLAB_WRITER_EXPORT] = writer;
    expect(tslabWriter()).toBe(writer);
  });
});

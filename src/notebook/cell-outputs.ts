/**
 * Turns a cell's iopub messages into nbformat outputs, as JupyterLab and nbclient do: consecutive
 * stream chunks of the same name are joined, `clear_output` (with `wait`) clears, and
 * `update_display_data` replaces the data of every earlier output with the same `display_id`,
 * in any cell of the notebook (so the registry is shared by the whole run).
 *
 * nbclient's handling, which this follows:
 * https://github.com/jupyter/nbclient/blob/main/nbclient/client.py (`output`, `_update_display_id`)
 */
import type { OutputMessage } from "./kernel-client.js";
import type { DisplayDataOutput, ErrorOutput, ExecuteResultOutput, MimeBundle, NotebookOutput, StreamOutput } from "./nbformat.js";

/** The outputs that carry each display id, across the whole notebook. */
export class DisplayRegistry {
  private readonly byId = new Map<string, (DisplayDataOutput | ExecuteResultOutput)[]>();

  register(id: string, output: DisplayDataOutput | ExecuteResultOutput): void {
    const list = this.byId.get(id);
    if (list === undefined) this.byId.set(id, [output]);
    else list.push(output);
  }

  /** Replaces data and metadata of every output shown under `id`; returns how many there were. */
  update(id: string, data: MimeBundle, metadata: Record<string, unknown>): number {
    const list = this.byId.get(id) ?? [];
    for (const output of list) {
      output.data = data;
      output.metadata = metadata;
    }
    return list.length;
  }
}

function displayId(content: Record<string, unknown>): string | undefined {
  const transient = content["transient"];
  if (transient === null || typeof transient !== "object") return undefined;
  const id = (transient as Record<string, unknown>)["display_id"];
  return typeof id === "string" ? id : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** One cell's outputs as its messages arrive. */
export class CellOutputs {
  readonly outputs: NotebookOutput[] = [];
  private clearOnNext = false;

  constructor(private readonly displays: DisplayRegistry) {}

  /**
   * Applies one iopub message.
   *
   * @example
   * const cell = new CellOutputs(new DisplayRegistry());
   * cell.add({ msgType: "stream", content: { name: "stdout", text: "hi\n" } });
   */
  add(message: OutputMessage): void {
    const { msgType, content } = message;
    if (msgType === "clear_output") {
      if (content["wait"] === true) this.clearOnNext = true;
      else this.outputs.length = 0;
      return;
    }
    if (msgType === "update_display_data") {
      // Updates never add an output; an id shown nowhere is ignored, as in JupyterLab.
      const id = displayId(content);
      if (id !== undefined) this.displays.update(id, record(content["data"]), record(content["metadata"]));
      return;
    }
    if (this.clearOnNext) {
      this.outputs.length = 0;
      this.clearOnNext = false;
    }
    switch (msgType) {
      case "stream": {
        const name = content["name"] === "stderr" ? "stderr" : "stdout";
        const text = typeof content["text"] === "string" ? content["text"] : "";
        const last = this.outputs.at(-1);
        if (last?.output_type === "stream" && last.name === name) last.text = `${streamText(last)}${text}`;
        else this.outputs.push({ output_type: "stream", name, text } satisfies StreamOutput);
        return;
      }
      case "display_data":
      case "execute_result": {
        const data = record(content["data"]);
        const metadata = record(content["metadata"]);
        const output: DisplayDataOutput | ExecuteResultOutput =
          msgType === "display_data"
            ? { output_type: "display_data", data, metadata }
            : { output_type: "execute_result", execution_count: typeof content["execution_count"] === "number" ? content["execution_count"] : null, data, metadata };
        const id = displayId(content);
        if (id !== undefined) {
          // A new display under a known id also refreshes the earlier ones (nbclient does the same).
          this.displays.update(id, data, metadata);
          this.displays.register(id, output);
        }
        this.outputs.push(output);
        return;
      }
      case "error": {
        this.outputs.push({
          output_type: "error",
          ename: String(content["ename"] ?? "Error"),
          evalue: String(content["evalue"] ?? ""),
          traceback: Array.isArray(content["traceback"]) ? content["traceback"].map(String) : [],
        } satisfies ErrorOutput);
        return;
      }
    }
  }

  /** Everything written to stderr, joined (tslab's only report of a failed cell). */
  stderrText(): string {
    return this.outputs.map((o) => (o.output_type === "stream" && o.name === "stderr" ? streamText(o) : "")).join("");
  }

  hasError(): boolean {
    return this.outputs.some((o) => o.output_type === "error");
  }
}

function streamText(output: StreamOutput): string {
  return typeof output.text === "string" ? output.text : output.text.join("");
}

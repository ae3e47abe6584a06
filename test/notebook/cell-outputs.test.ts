import { describe, expect, it } from "vitest";
import { CellOutputs, DisplayRegistry } from "../../src/notebook/cell-outputs.js";

const display = (text: string, id?: string, type: "display_data" | "update_display_data" = "display_data") => ({
  msgType: type,
  content: { data: { "text/plain": text }, metadata: {}, transient: id === undefined ? {} : { display_id: id } },
});

describe("cell outputs from iopub messages", () => {
  it("joins consecutive stream chunks of the same name, keeps stdout and stderr apart", () => {
    const cell = new CellOutputs(new DisplayRegistry());
    cell.add({ msgType: "stream", content: { name: "stdout", text: "a" } });
    cell.add({ msgType: "stream", content: { name: "stdout", text: "b\n" } });
    cell.add({ msgType: "stream", content: { name: "stderr", text: "oops\n" } });
    cell.add({ msgType: "stream", content: { name: "stdout", text: "c\n" } });
    expect(cell.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "ab\n" },
      { output_type: "stream", name: "stderr", text: "oops\n" },
      { output_type: "stream", name: "stdout", text: "c\n" },
    ]);
    expect(cell.stderrText()).toBe("oops\n");
  });

  it("applies update_display_data to the output with the same display_id, without adding one (tslab's newDisplay)", () => {
    const cell = new CellOutputs(new DisplayRegistry());
    cell.add(display("step 1", "progress"));
    cell.add(display("<b>other</b>"));
    cell.add(display("step 2", "progress", "update_display_data"));
    expect(cell.outputs).toEqual([
      { output_type: "display_data", data: { "text/plain": "step 2" }, metadata: {} },
      { output_type: "display_data", data: { "text/plain": "<b>other</b>" }, metadata: {} },
    ]);
  });

  it("updates a display shown in an earlier cell", () => {
    const registry = new DisplayRegistry();
    const first = new CellOutputs(registry);
    first.add(display("0 rows", "table"));
    const second = new CellOutputs(registry);
    second.add(display("10 rows", "table", "update_display_data"));
    expect(first.outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "10 rows" }, metadata: {} }]);
    expect(second.outputs).toEqual([]);
  });

  it("ignores an update for a display id that was never shown", () => {
    const cell = new CellOutputs(new DisplayRegistry());
    cell.add(display("x", "nowhere", "update_display_data"));
    expect(cell.outputs).toEqual([]);
  });

  it("refreshes earlier outputs when a new display reuses their id", () => {
    const cell = new CellOutputs(new DisplayRegistry());
    cell.add(display("v1", "d"));
    cell.add(display("v2", "d"));
    expect(cell.outputs.map((o) => (o.output_type === "display_data" ? o.data["text/plain"] : ""))).toEqual(["v2", "v2"]);
  });

  it("keeps execute_result with its execution_count, and error outputs", () => {
    const cell = new CellOutputs(new DisplayRegistry());
    cell.add({ msgType: "execute_result", content: { execution_count: 4, data: { "text/plain": "42" }, metadata: {} } });
    cell.add({ msgType: "error", content: { ename: "Error", evalue: "boom", traceback: ["Error: boom"] } });
    expect(cell.outputs).toEqual([
      { output_type: "execute_result", execution_count: 4, data: { "text/plain": "42" }, metadata: {} },
      { output_type: "error", ename: "Error", evalue: "boom", traceback: ["Error: boom"] },
    ]);
    expect(cell.hasError()).toBe(true);
  });

  it("clears now, or at the next output with wait", () => {
    const cell = new CellOutputs(new DisplayRegistry());
    cell.add({ msgType: "stream", content: { name: "stdout", text: "1\n" } });
    cell.add({ msgType: "clear_output", content: { wait: true } });
    expect(cell.outputs).toHaveLength(1);
    cell.add({ msgType: "stream", content: { name: "stdout", text: "2\n" } });
    expect(cell.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "2\n" }]);
    cell.add({ msgType: "clear_output", content: { wait: false } });
    expect(cell.outputs).toEqual([]);
  });
});

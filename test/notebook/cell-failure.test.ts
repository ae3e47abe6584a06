import { describe, expect, it } from "vitest";
import { describeFailure, errorFromStderr } from "../../src/notebook/cell-failure.js";

// What tslab 1.0.22 printed to the cell's stderr (its only report of a failure), captured from real runs.
const THROWN =
  'evalmachine.<anonymous>:2\nthrow new Error("boom");\n^\n\nError: boom\n    at evalmachine.<anonymous>:2:7\n    at evalmachine.<anonymous>:4:3\n' +
  "    at sigintHandlersWrap (node:vm:280:12)\n    at Script.runInThisContext (node:vm:135:14)\n    at Object.execute (/work/main/node_modules/tslab/dist/executor.js:160:38)\n";
const COMPILE = "1:7 - Type 'string' is not assignable to type 'number'.\n2:1 - Cannot find name 'foo'.\n";
const THROWN_STRING = "str\n";

describe("reading a failure from tslab's stderr", () => {
  it("finds a thrown error's name and message, and drops tslab's and vm's frames from the traceback", () => {
    expect(errorFromStderr(THROWN)).toEqual({ ename: "Error", evalue: "boom", traceback: ["Error: boom", "    at evalmachine.<anonymous>:2:7", "    at evalmachine.<anonymous>:4:3"] });
  });

  it("reads compile diagnostics as a TypeScript error, counting the others", () => {
    expect(errorFromStderr(COMPILE)).toEqual({
      ename: "TypeScriptError",
      evalue: "1:7 - Type 'string' is not assignable to type 'number'. (and 1 more)",
      traceback: ["1:7 - Type 'string' is not assignable to type 'number'.", "2:1 - Cannot find name 'foo'."],
    });
  });

  it("keeps whatever was thrown when it is not an Error", () => {
    expect(errorFromStderr(THROWN_STRING)).toMatchObject({ ename: "Error", evalue: "str" });
  });

  it("still says something when the cell failed silently", () => {
    expect(errorFromStderr("")).toMatchObject({ evalue: "the cell failed without printing an error" });
  });
});

describe("describing a failed cell", () => {
  it("prefers the kernel's own ename/evalue when it sends them", () => {
    const d = describeFailure({ status: "error", executionCount: 1, ename: "ValueError", evalue: "bad", traceback: ["tb"] }, "", 1000, undefined);
    expect(d).toEqual({ kind: "error", message: "ValueError: bad", output: { output_type: "error", ename: "ValueError", evalue: "bad", traceback: ["tb"] } });
  });

  it("tells how to fix a missing kindling link", () => {
    const d = describeFailure({ status: "error", executionCount: 1 }, "1:25 - Cannot find module 'kindling' or its corresponding type declarations.\n", 1000, undefined);
    expect(d.hint).toMatch(/npm install/);
  });

  it("explains a timeout with the limit and the interrupt", () => {
    const d = describeFailure({ status: "timeout", executionCount: 2, detail: "the kernel was interrupted" }, "Error: Interrupted asynchronously\n", 2000, undefined);
    expect(d.kind).toBe("timeout");
    expect(d.message).toBe("timed out: the cell did not finish within 2 s (--timeout); the kernel was interrupted");
    expect(d.output.ename).toBe("TimeoutError");
  });

  it("explains a dead kernel", () => {
    const d = describeFailure({ status: "died", executionCount: null, detail: "its process ended (exit code 1)" }, "", 1000, undefined);
    expect(d.message).toBe("the kernel died while running this cell: its process ended (exit code 1)");
    expect(d.output.ename).toBe("DeadKernelError");
  });
});

import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { Notebook } from "../../src/notebook/nbformat.js";
import { declaredNames, injectParameters, parseParameterArg, parseParameterValue, renderParameters } from "../../src/notebook/parameters.js";

function notebook(cells: { source: string; tags?: string[]; type?: "code" | "markdown" }[], minor = 5): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: minor,
    metadata: {},
    cells: cells.map((c, i) =>
      (c.type ?? "code") === "code"
        ? { cell_type: "code", id: `c${i}`, source: c.source, metadata: c.tags ? { tags: c.tags } : {}, outputs: [], execution_count: null }
        : { cell_type: "markdown", id: `c${i}`, source: c.source, metadata: {} },
    ),
  };
}

/** Runs the injected source (TypeScript without annotations is JavaScript) and returns the constants. */
function evaluate(source: string, names: string[]): Record<string, unknown> {
  return runInNewContext(`${source}\n({ ${names.map((n) => `${JSON.stringify(n)}: ${n}`).join(", ")} })`) as Record<string, unknown>;
}

describe("parameter values are typed by what they look like", () => {
  it.each([
    ["0.5", 0.5],
    ["-3", -3],
    ["1e3", 1000],
    ["true", true],
    ["false", false],
    ["null", null],
    ["[1, 2, 3]", [1, 2, 3]],
    ['{"a": {"b": [true, null]}}', { a: { b: [true, null] } }],
    ['"true"', "true"],
    ["rides_csv", "rides_csv"],
    ["007", "007"],
    ["1.", "1."],
    ["[draft] notes", "[draft] notes"],
    ["", ""],
    ["a=b", "a=b"],
  ])("%j → %j", (raw, expected) => {
    expect(parseParameterValue(raw)).toEqual(expected);
  });

  it("splits name=value at the first =", () => {
    expect(parseParameterArg("query=a=b")).toEqual({ name: "query", value: "a=b" });
    expect(parseParameterArg("alpha=0.5")).toEqual({ name: "alpha", value: 0.5 });
  });

  it.each(["alpha", "=1", "my-name=1", "1x=2", "class=1"])("rejects %j with a clear message", (arg) => {
    expect(() => parseParameterArg(arg)).toThrow(/name=value|not a valid TypeScript variable name/);
  });
});

describe("the injected cell", () => {
  it("declares one const per parameter, each type as a literal", () => {
    const source = renderParameters({ alpha: 0.5, label: "hi", on: true, none: null, sizes: [1, 2], config: { k: "v" } });
    expect(source).toBe(
      '// Parameters injected by kindling nb run\nconst alpha = 0.5;\nconst label = "hi";\nconst on = true;\nconst none = null;\nconst sizes = [1,2];\nconst config = {"k":"v"};\n',
    );
    expect(evaluate(source, ["alpha", "label", "on", "none", "sizes", "config"])).toEqual({ alpha: 0.5, label: "hi", on: true, none: null, sizes: [1, 2], config: { k: "v" } });
  });

  it("quotes any string safely: quotes, backslashes, newlines, template and comment syntax", () => {
    const nasty = 'a"b\'c\\d\ne ${x} `t` */ </script> \u2028 end';
    const source = renderParameters({ nasty });
    expect(source.split("\n")).toHaveLength(3); // comment, the const, the trailing newline
    expect(evaluate(source, ["nasty"])).toEqual({ nasty });
  });

  it("goes right after the cell tagged parameters, tagged injected-parameters", () => {
    const nb = notebook([{ source: "# title", type: "markdown" }, { source: "const alpha = 0.1;\nlet label = 'x';", tags: ["parameters"] }, { source: "console.log(alpha)" }]);
    const { notebook: out, injectedIndex, warnings } = injectParameters(nb, { alpha: 0.9, label: "y" });
    expect(injectedIndex).toBe(2);
    expect(out.cells.map((c) => c.metadata["tags"] ?? [])).toEqual([[], ["parameters"], ["injected-parameters"], []]);
    expect(out.cells[2]!.source).toContain("const alpha = 0.9;");
    expect(out.cells[2]!.id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
    expect(warnings).toEqual([]);
    expect(nb.cells).toHaveLength(3); // the input is not changed
  });

  it("warns about a parameter the parameters cell never declares, and injects it anyway (as papermill does)", () => {
    const nb = notebook([{ source: "const alpha = 0.1;", tags: ["parameters"] }]);
    const { notebook: out, warnings } = injectParameters(nb, { alpha: 1, beta: 2 });
    expect(warnings).toEqual(['parameter "beta" is not declared in the parameters cell (cell 1); it is injected anyway']);
    expect(out.cells[1]!.source).toContain("const beta = 2;");
  });

  it("goes at the top, with a warning, when no cell is tagged parameters", () => {
    const { notebook: out, injectedIndex, warnings } = injectParameters(notebook([{ source: "console.log(greeting)" }]), { greeting: "hi" });
    expect(injectedIndex).toBe(0);
    expect(out.cells[0]!.metadata["tags"]).toEqual(["injected-parameters"]);
    expect(warnings[0]).toMatch(/no cell tagged "parameters"/);
  });

  it("replaces the injected cell of an earlier run (running an output notebook again)", () => {
    const nb = notebook([{ source: "const a = 1;", tags: ["parameters"] }, { source: "const a = 2;", tags: ["injected-parameters"] }, { source: "a" }]);
    const { notebook: out } = injectParameters(nb, { a: 3 });
    expect(out.cells).toHaveLength(3);
    expect(out.cells[1]!.source).toContain("const a = 3;");
    expect(injectParameters(nb, {}).notebook.cells).toHaveLength(2);
  });

  it("leaves out the cell id for nbformat 4.4, which has none", () => {
    const { notebook: out } = injectParameters(notebook([{ source: "x" }], 4), { a: 1 });
    expect(out.cells[0]!.id).toBeUndefined();
  });

  it("finds declared names in a parameters cell", () => {
    expect([...declaredNames("const a = 1;\nlet b: string = 'x'; var c\nfunction d() {}\n// const e\nconst f=2")]).toEqual(["a", "b", "c", "d", "e", "f"]);
  });
});

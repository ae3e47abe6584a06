import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NotebookError } from "../../src/notebook/notebook-error.js";
import { firstLine, parseNotebook, readNotebook, writeNotebook } from "../../src/notebook/nbformat.js";

const FIXTURES = join(import.meta.dirname, "fixtures");

describe("reading notebooks", () => {
  it("names the file and the line and column of a JSON syntax error", () => {
    const path = join(FIXTURES, "invalid-json.ipynb");
    expect(() => readNotebook(path)).toThrow(NotebookError);
    expect(() => readNotebook(path)).toThrow(`${path} is not a notebook: invalid JSON at line 5 column 39`);
  });

  it("refuses nbformat 3 and shapes that are not notebooks", () => {
    expect(() => readNotebook(join(FIXTURES, "nbformat3.ipynb"))).toThrow(/nbformat3\.ipynb is not an nbformat 4 notebook: "nbformat" is 3, expected 4/);
    expect(() => parseNotebook("[]", "a.ipynb")).toThrow(/top level is not a JSON object/);
    expect(() => parseNotebook('{"nbformat": 4}', "a.ipynb")).toThrow(/"cells" is missing/);
    expect(() => parseNotebook('{"nbformat": 4, "cells": [{"cell_type": "code"}]}', "a.ipynb")).toThrow(/cell 1 has no "source"/);
    expect(() => parseNotebook('{"nbformat": 4, "cells": [{"cell_type": "sql", "source": ""}]}', "a.ipynb")).toThrow(/cell 1 has cell_type "sql"/);
  });

  it("says when the file does not exist", () => {
    expect(() => readNotebook("nope/missing.ipynb")).toThrow("notebook nope/missing.ipynb does not exist");
  });

  it("fills what a minimal notebook leaves out and keeps fields it does not know", () => {
    const nb = parseNotebook('{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a\\n", "b"], "x-extra": 1}], "custom": true}', "a.ipynb");
    expect(nb.nbformat_minor).toBe(4);
    expect(nb.metadata).toEqual({});
    expect(nb["custom"]).toBe(true);
    expect(nb.cells[0]).toMatchObject({ cell_type: "code", outputs: [], execution_count: null, "x-extra": 1 });
    expect(firstLine(nb.cells[0]!.source)).toBe("a");
  });
});

describe("writing notebooks", () => {
  it("writes JSON with a one-space indent and a trailing newline, as Jupyter does, and reads back the same", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-nbformat-"));
    const path = join(dir, "out.ipynb");
    const nb = readNotebook(join(FIXTURES, "passing.ipynb"));
    writeNotebook(path, nb);
    const text = readFileSync(path, "utf8");
    expect(text.startsWith('{\n "nbformat": 4,')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(readNotebook(path)).toEqual(nb);
  });
});

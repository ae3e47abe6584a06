/**
 * Reading Kindling's displays back out of an executed notebook (for the notebook tests).
 */
import { readFileSync } from "node:fs";
import type { CodeCell, Notebook, NotebookOutput } from "../../src/notebook/nbformat.js";

export const VEGALITE = "application/vnd.vegalite.v5+json";

export function readNotebookJson(path: string): Notebook {
  return JSON.parse(readFileSync(path, "utf8")) as Notebook;
}

/** Every output of every code cell, with its 1-based cell number. */
export function outputsOf(nb: Notebook): { cell: number; output: NotebookOutput }[] {
  return nb.cells.flatMap((c, i) => (c.cell_type === "code" ? c.outputs.map((output) => ({ cell: i + 1, output })) : []));
}

/** The MIME bundles of display_data / execute_result outputs. */
export function bundlesOf(nb: Notebook): { cell: number; data: Record<string, unknown> }[] {
  return outputsOf(nb).flatMap(({ cell, output }) =>
    output.output_type === "display_data" || output.output_type === "execute_result" ? [{ cell, data: output.data as Record<string, unknown> }] : [],
  );
}

export function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "";
}

/** The stdout text of a cell, or of the whole notebook. */
export function stdoutOf(nb: Notebook, cell?: number): string {
  return outputsOf(nb)
    .filter((o) => (cell === undefined || o.cell === cell) && o.output.output_type === "stream" && o.output.name === "stdout")
    .map((o) => text((o.output as { text: unknown }).text))
    .join("");
}

/** What kinds of Kindling display a notebook holds. */
export function displayKinds(nb: Notebook): { tables: number; panels: string[]; charts: number[]; progress: { state: string; text: string }[]; comparisons: string[] } {
  const bundles = bundlesOf(nb);
  const html = bundles.map((b) => text(b.data["text/html"]));
  return {
    progress: bundles.flatMap((b) => {
      const state = /class="kindling-display kindling-progress" data-state="(\w+)"/.exec(text(b.data["text/html"]))?.[1];
      return state === undefined ? [] : [{ state, text: text(b.data["text/plain"]) }];
    }),
    tables: html.filter((h) => h.includes('class="kindling-display kindling-dataframe"') && h.includes('<table class="kd-table">')).length,
    panels: html.flatMap((h) => /class="kindling-display kindling-query"[^>]*data-state="(\w+)"/.exec(h)?.[1] ?? []),
    // compare()'s result: data-agree="true" or "false".
    comparisons: html.flatMap((h) => /class="kindling-display kindling-compare" data-agree="(\w+)"/.exec(h)?.[1] ?? []),
    charts: bundles.flatMap((b) => {
      const spec = b.data[VEGALITE] as { data?: { values?: unknown[] } } | undefined;
      return spec === undefined ? [] : [spec.data?.values?.length ?? -1];
    }),
  };
}

/** Code cell number `cellNumber` (1-based, counting every cell) of a notebook. */
export function codeCell(nb: Notebook, cellNumber: number): CodeCell {
  const cell = nb.cells[cellNumber - 1];
  if (cell?.cell_type !== "code") throw new Error(`cell ${cellNumber} is not a code cell`);
  return cell;
}

/** Everything a code cell printed to its streams. */
export function streamText(cell: CodeCell): string {
  return cell.outputs.map((o) => (o.output_type === "stream" ? (typeof o.text === "string" ? o.text : o.text.join("")) : "")).join("");
}

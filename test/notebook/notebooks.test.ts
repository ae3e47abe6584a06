import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNotebook, type RunNotebookResult } from "../../src/notebook/runner.js";
import { requireJupyter, requireKafka, requireSpark } from "../support/stack.js";
import { displayKinds, readNotebookJson, stdoutOf } from "./display-outputs.js";

/**
 * The course notebooks under notebooks/, run top to bottom on a real tslab kernel, as a user
 * would: over ZeroMQ (the runner starts tslab) and on a kernel of the stack's JupyterLab
 * (`nb run --server`). Each run writes to topics of its own (the notebooks' `topic` parameter).
 */
const NOTEBOOKS = join(import.meta.dirname, "..", "..", "notebooks");
const outDir = mkdtempSync(join(tmpdir(), "kindling-notebooks-"));
const run = Date.now().toString(36);

/** What each notebook must show besides passing. */
const EXPECTED: Record<string, { tables: number; panels: number; charts: number; stdout?: RegExp; comparisons?: string[]; progress?: RegExp[] }> = {
  "01-producer-consumer.ipynb": { tables: 2, panels: 0, charts: 1, stdout: /^consumed 1000 records; the first: key=\d? value=/m },
  "02-streaming-dataframe.ipynb": { tables: 2, panels: 0, charts: 1, stdout: /^active queries: 0\n/m },
  "03-windowed-counts.ipynb": { tables: 1, panels: 1, charts: 1, stdout: /^\d+ batches, watermark 2020-07-01T/m },
  "04-joins-dedup.ipynb": { tables: 2, panels: 2, charts: 1, stdout: /^3200 records in, \d+ rides after dropDuplicates: \d+ removed/m },
  // Starts a PySpark driver on the stack's master (about a minute on a loaded machine).
  // compare() shows its phases in one progress display and its result as tables.
  "05-spark-and-compare.ipynb": { tables: 1, panels: 0, charts: 1, stdout: /^agree: \d+ rows match\n/m, comparisons: ["true"], progress: [/^agree: \d+ rows match · 1 query on spark:\/\/[\d.:]+, driver start (?:\d+ min )?[\d.]+ s, [^\n]+ in all\n  Spark is up \(app-[\d-]+, \d+ ms, the session's driver\)$/] },
};

function failureText(r: RunNotebookResult): string {
  return r.failure === undefined ? "" : `cell ${r.failure.cellNumber} (${r.failure.firstLine}) failed: ${r.failure.message}`;
}

async function runCourseNotebook(name: string, mode: "zmq" | "server"): Promise<void> {
  const bootstrap = await requireKafka();
  const server = mode === "server" ? await requireJupyter() : undefined;
  const output = join(outDir, `${mode}-${name}`);
  const r = await runNotebook({
    input: join(NOTEBOOKS, name),
    output,
    parameters: { bootstrap, topic: `nbtest_${name.slice(0, 2)}_${mode}_${run}`, ...(name.startsWith("05-") ? { master: await requireSpark() } : {}) },
    timeoutSeconds: 180,
    ...(server === undefined ? {} : { server }),
  });
  expect(r.ok, failureText(r)).toBe(true);
  const nb = readNotebookJson(output);
  const want = EXPECTED[name]!;
  const got = displayKinds(nb);
  expect(got.tables, "HTML tables").toBeGreaterThanOrEqual(want.tables);
  expect(got.panels, "live panels, each updated to its final state").toEqual(Array(want.panels).fill("stopped"));
  expect(got.charts.length, "Vega-Lite charts").toBeGreaterThanOrEqual(want.charts);
  for (const rows of got.charts) expect(rows, "rows inlined in a chart").toBeGreaterThan(0);
  if (want.stdout !== undefined) expect(stdoutOf(nb)).toMatch(want.stdout);
  // Each notebook produces its rides first: the progress display is kept in its final state.
  expect(got.progress[0], "produceRecords' progress display").toEqual({ state: "done", text: expect.stringMatching(new RegExp(`^produced [\\d,]+ records to nbtest_${name.slice(0, 2)}_${mode}_${run} in \\d+\\.\\d s$`)) });
  expect(got.progress.every((p) => p.state === "done"), "every progress display ended").toBe(true);
  expect(got.comparisons, "compare() results shown").toEqual(want.comparisons ?? []);
  for (const re of want.progress ?? []) expect(got.progress.map((p) => p.text), "a progress display's final state").toContainEqual(expect.stringMatching(re));
}

describe("the course notebooks", () => {
  it("are the five of the series, committed without outputs", () => {
    const names = readdirSync(NOTEBOOKS).filter((n) => n.endsWith(".ipynb")).sort();
    expect(names).toEqual(Object.keys(EXPECTED));
    for (const name of names) {
      const nb = readNotebookJson(join(NOTEBOOKS, name));
      for (const cell of nb.cells) if (cell.cell_type === "code") expect([cell.outputs, cell.execution_count], `${name}: outputs stripped`).toEqual([[], null]);
      expect(nb.cells.some((c) => c.cell_type === "code" && (c.metadata["tags"] as string[] | undefined)?.includes("parameters")), `${name}: a parameters cell`).toBe(true);
    }
  });

  for (const name of Object.keys(EXPECTED)) {
    it(`${name} runs top to bottom over ZeroMQ and shows its tables, panels and charts`, () => runCourseNotebook(name, "zmq"), 300_000);
    it(`${name} runs top to bottom on the stack's JupyterLab (--server)`, () => runCourseNotebook(name, "server"), 300_000);
  }
});

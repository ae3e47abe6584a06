import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNotebook } from "../../src/notebook/runner.js";
import { bundlesOf, displayKinds, readNotebookJson, stdoutOf, text, VEGALITE } from "./display-outputs.js";

/**
 * display(df), df.display(), a DataFrame as a cell's value (eagerEval), the live query panel and a
 * live chart, in a real tslab kernel over ZeroMQ: what the kernel sends and how the runner folds
 * the in-place updates into the written notebook.
 */
const FIXTURE = join(import.meta.dirname, "fixtures", "display.ipynb");
const outDir = mkdtempSync(join(tmpdir(), "kindling-display-"));

describe("Kindling's displays in a tslab kernel", () => {
  it("sends tables, one panel updated to its final state, and a chart with the rows", async () => {
    const output = join(outDir, "display.out.ipynb");
    const r = await runNotebook({ input: FIXTURE, output, timeoutSeconds: 120 });
    expect(r.ok, r.failure?.message).toBe(true);
    const nb = readNotebookJson(output);
    const bundles = bundlesOf(nb);

    // display(rides) and rides.display({ n: 2 }): HTML with show()'s text beside it.
    const [all, two, eager] = bundles.filter((b) => text(b.data["text/html"]).includes("kindling-dataframe"));
    expect(Object.keys(all!.data).sort()).toEqual(["text/html", "text/plain"]);
    expect(text(all!.data["text/plain"])).toBe([
      "+---------+-------------------+----+--------------------+",
      "|vendor_id|             pickup|fare|                note|",
      "+---------+-------------------+----+--------------------+",
      "|        1|2020-07-01 00:01:00|12.5|airport <JFK> & back|",
      "|        2|2020-07-01 00:02:00|NULL|                NULL|",
      "|        1|2020-07-01 00:12:00|7.25|xxxxxxxxxxxxxxxxx...|",
      "+---------+-------------------+----+--------------------+",
      "",
    ].join("\n"));
    expect(text(all!.data["text/html"])).toContain("<td>airport &lt;JFK&gt; &amp; back</td>");
    expect(text(two!.data["text/plain"])).toMatch(/only showing top 2 rows$/);
    expect(text(two!.data["text/html"])).toContain("showing 2 of 3 rows");
    // A DataFrame as the cell's value with eagerEval on: the table, then Spark's summary line.
    expect(text(eager!.data["text/html"])).toContain("<th title=\"count: bigint\">");
    expect(stdoutOf(nb, eager!.cell)).toBe("DataFrame[vendor_id: int, count: bigint]\n");

    // The panel and the chart: one output each (updates replaced them), in their final state.
    const kinds = displayKinds(nb);
    expect(kinds.panels).toEqual(["stopped"]);
    const panel = bundles.find((b) => text(b.data["text/html"]).includes("kindling-query"))!;
    expect(text(panel.data["text/plain"])).toMatch(/^streaming query display_counts \[stopped\]\n  status {12}Stopped\n  batch {13}9 \(/);
    expect(text(panel.data["text/plain"])).toContain("watermark         2020-07-01T00:15:00.000Z");
    expect(text(panel.data["text/html"])).toContain("<svg class=\"kd-sparkline\"");
    expect(text(panel.data["text/html"])).toContain("display_counts: showing 10 of 14 rows");
    const chart = bundles.find((b) => b.data[VEGALITE] !== undefined)!;
    expect(chart.cell).toBe(panel.cell);
    expect(kinds.charts).toEqual([14]);
    expect(text(chart.data["text/plain"])).toBe("<Vega-Lite line chart: x=window.start, y=count, color=vendor_id, 14 rows>");
    expect(stdoutOf(nb, panel.cell)).toBe("batches: 10\n");
  });
});

import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireJupyter, requireKafka } from "../support/stack.js";

/**
 * A real browser on the stack's JupyterLab: headless Chromium (Debian's `chromium` package) opens
 * a notebook with the token, runs all cells from the Run menu, and the test checks what a user
 * sees: the DataFrame tables, the live panel of a streaming query (seen while it runs, then in its
 * final state, updated in place), and the Vega-Lite chart drawn by JupyterLab's own renderer.
 * Every wait is on a condition in the page, bounded.
 */
const CHROMIUM = process.env["KINDLING_CHROMIUM"] ?? "/usr/bin/chromium";
const FIXTURE = join(import.meta.dirname, "fixtures", "display.ipynb");
const RESULTS = resolve(import.meta.dirname, "..", "..", "test-results");
const NOTEBOOK_DIR = "test-results"; // inside the server's root (the project), ignored by git
const runId = Date.now().toString(36);
const notebookPath = `${NOTEBOOK_DIR}/browser-display-${runId}.ipynb`;
const progressPath = `${NOTEBOOK_DIR}/browser-progress-${runId}.ipynb`;
// A workspace of its own: JupyterLab would otherwise restore (and later save) the tabs of the
// server's default workspace.
const workspace = `kindling-browser-${runId}`;

let browser: Browser | undefined;
let jupyter: { url: string; token: string };

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${jupyter.url}/${path.startsWith("lab/") ? "" : "api/"}${path}`, {
    method,
    headers: { Authorization: `token ${jupyter.token}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok && response.status !== 404) throw new Error(`${method} /api/${path}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

/** Shuts down the kernel sessions of our notebook, deletes it and the workspace (the server keeps none). */
async function cleanUp(): Promise<void> {
  const sessions = (await (await api("GET", "sessions")).json()) as { id: string; path: string }[];
  for (const s of sessions.filter((s) => s.path === notebookPath || s.path === progressPath)) await api("DELETE", `sessions/${s.id}`);
  await api("DELETE", `contents/${notebookPath}`);
  await api("DELETE", `contents/${progressPath}`);
  await api("DELETE", `lab/api/workspaces/${workspace}`);
}

beforeAll(async () => {
  jupyter = await requireJupyter();
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set KINDLING_CHROMIUM)`);
  // The notebook goes through the contents API: the server may serve another checkout than this one.
  await api("PUT", `contents/${NOTEBOOK_DIR}`, { type: "directory" });
  await api("PUT", `contents/${notebookPath}`, { type: "notebook", format: "json", content: JSON.parse(readFileSync(FIXTURE, "utf8")) });
  // Its tslab session exists before the page opens, so JupyterLab attaches to it (no kernel dialog).
  await api("POST", "sessions", { path: notebookPath, name: notebookPath.split("/").pop(), type: "notebook", kernel: { name: "tslab" } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    timeout: 60_000,
  });
});

afterAll(async () => {
  await browser?.close();
  if (jupyter !== undefined) await cleanUp();
});

async function openAndRunAll(page: Page, path = notebookPath): Promise<void> {
  await page.goto(`${jupyter.url}/lab/workspaces/${workspace}/tree/${path}?reset&token=${jupyter.token}`, { timeout: 60_000 });
  await page.locator(".jp-NotebookPanel .jp-Cell").first().waitFor({ timeout: 90_000 });
  // JupyterLab may still ask for a kernel when it opened the page before it saw the session we
  // created: answer with tslab's TypeScript kernel.
  const dialog = page.locator(".jp-Dialog", { hasText: "Select Kernel" });
  const ready = page.locator('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]');
  await dialog.or(ready).first().waitFor({ timeout: 90_000 });
  if (await dialog.isVisible()) {
    await dialog.locator("select").selectOption({ label: "TypeScript" });
    await dialog.getByRole("button", { name: "Select", exact: true }).click({ timeout: 15_000 });
  }
  // The tslab kernel has started and is idle.
  await page.locator('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]').waitFor({ timeout: 90_000 });
  await page.getByRole("menuitem", { name: "Run", exact: true }).click({ timeout: 15_000 });
  await page.getByRole("menuitem", { name: /^Run All Cells/ }).click({ timeout: 15_000 });
}

/** A notebook whose one long cell produces records paced over about three seconds. */
function progressNotebook(bootstrap: string): unknown {
  const code = (source: string, id: string) => ({ cell_type: "code", id, metadata: {}, source, outputs: [], execution_count: null });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: [
      code('import { produceRecords } from "kindling";', "c1"),
      code(
        `const records = Array.from({ length: 6000 }, (_, i) => ({ key: null, value: \`v\${i}\` }));\n` +
          `await produceRecords(records, { servers: "${bootstrap}", topic: "browser_progress_${runId}", ratePerSecond: 2000, batchSize: 200 });\n` +
          'console.log("produce done");',
        "c2",
      ),
    ],
  };
}

describe("JupyterLab in a real browser", () => {
  it("shows the DataFrame tables, the live query panel and the chart", async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1400 } });
    const consoleErrors: string[] = [];
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    page.on("crash", () => consoleErrors.push("the page crashed"));
    try {
      await checkNotebook(page);
    } catch (error) {
      mkdirSync(RESULTS, { recursive: true });
      const shot = join(RESULTS, "browser-notebook-failure.png");
      await page.screenshot({ path: shot, timeout: 30_000 }).catch(() => undefined);
      console.log(`screenshot of the failure: ${shot}`);
      throw error;
    } finally {
      expect(consoleErrors).toEqual([]);
      await page.close();
    }
  }, 300_000);

  it("shows produceRecords' progress bar moving, then its final line, in one output", async () => {
    const bootstrap = await requireKafka();
    await api("PUT", `contents/${progressPath}`, { type: "notebook", format: "json", content: progressNotebook(bootstrap) });
    await api("POST", "sessions", { path: progressPath, name: progressPath.split("/").pop(), type: "notebook", kernel: { name: "tslab" } });
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    try {
      await openAndRunAll(page, progressPath);
      const progress = page.locator(".jp-OutputArea-output .kindling-progress");
      // Seen while it runs: the bar drawn, part way.
      const running = progress.and(page.locator('[data-state="running"]'));
      await running.locator(".kd-bar-fill").first().waitFor({ timeout: 120_000 });
      await expect.poll(async () => Number(await running.first().getAttribute("data-done").catch(() => "0")), { timeout: 30_000 }).toBeGreaterThan(0);
      // Then the final state, in the same output.
      await page.locator('.kindling-progress[data-state="done"]').waitFor({ timeout: 60_000 });
      await page.getByText(/^produce done/).waitFor({ timeout: 30_000 });
      expect(await progress.count(), "one display, updated in place").toBe(1);
      expect(await progress.textContent()).toMatch(new RegExp(`produced 6,000 records to browser_progress_${runId} in \\d+\\.\\d s`));
      mkdirSync(RESULTS, { recursive: true });
      await progress.scrollIntoViewIfNeeded({ timeout: 10_000 });
      await page.screenshot({ path: join(RESULTS, "browser-progress.png"), timeout: 30_000 });
    } catch (error) {
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, "browser-progress-failure.png"), timeout: 30_000 }).catch(() => undefined);
      throw error;
    } finally {
      expect(consoleErrors).toEqual([]);
      await page.close();
    }
  }, 300_000);
});

async function checkNotebook(page: Page): Promise<void> {
    await openAndRunAll(page);

    // The panel is first seen while its query runs, then updated in place to its final state.
    const panel = page.locator(".jp-OutputArea-output .kindling-query");
    await panel.and(page.locator('[data-state="active"]')).first().waitFor({ timeout: 120_000 });
    await page.locator('.kindling-query[data-state="stopped"]').waitFor({ timeout: 120_000 });
    await page.getByText(/^batches: \d+/).waitFor({ timeout: 60_000 });
    await page.locator('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]').waitFor({ timeout: 60_000 });
    expect(await panel.count(), "one panel, updated in place").toBe(1);
    await expect.poll(() => panel.locator("svg.kd-sparkline polyline").count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.locator("table.kd-table tbody tr").count()).toBeGreaterThan(0);
    expect(await panel.textContent()).toContain("watermark");

    // display(rides), rides.display({ n: 2 }), and the eagerEval cell value.
    const tables = page.locator(".jp-OutputArea-output .kindling-dataframe table.kd-table");
    expect(await tables.count()).toBe(3);
    const first = tables.first();
    expect(await first.locator("th").allTextContents()).toEqual(["vendor_idint", "pickuptimestamp", "faredouble", "notestring"]);
    expect(await first.locator("td.kd-null").count()).toBe(2);
    // The hostile-looking value is text, not markup; the long one is elided with a tooltip.
    expect(await first.locator("td", { hasText: "airport <JFK> & back" }).count()).toBe(1);
    expect(await first.locator(".kd-elided").getAttribute("title")).toBe("x".repeat(120));
    await page.getByText("showing 2 of 3 rows").waitFor({ timeout: 5_000 });

    // JupyterLab's built-in Vega renderer drew the chart (vega-embed renders to a canvas or an svg).
    const chart = page.locator(".jp-RenderedVegaCommon5");
    await chart.locator("canvas, svg").first().waitFor({ timeout: 30_000 });

    mkdirSync(RESULTS, { recursive: true });
    const shot = join(RESULTS, "browser-notebook.png");
    // JupyterLab's "notified about news?" toast would cover part of the picture.
    const noNews = page.getByRole("button", { name: "No", exact: true });
    if (await noNews.isVisible()) await noNews.click({ timeout: 5_000 });
    // The notebook scrolls inside its own panel: bring the panel into view, then shoot the window.
    await panel.scrollIntoViewIfNeeded({ timeout: 10_000 });
    await page.screenshot({ path: shot, timeout: 30_000 });
    console.log(`screenshot: ${shot}`);
}

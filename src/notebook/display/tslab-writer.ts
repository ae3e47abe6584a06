/**
 * The one place Kindling reaches into tslab's internals.
 *
 * Why: a Kindling display is a Jupyter MIME bundle of two or more types (`text/html` with its
 * `text/plain` fallback, a Vega-Lite spec with a text line), sent as one `display_data` message
 * and later replaced in place by `update_display_data` messages carrying the same display id.
 * tslab's public API (`import { display, newDisplay } from "tslab"`, checked in tslab 1.0.22,
 * the newest on npm, and in yunabe/tslab's master at a68b0a3) sends one MIME type per message:
 * `newDisplay().raw(mime, data)` writes `{ data: { [mime]: data }, transient: { display_id } }`,
 * so an HTML display and its text fallback would be two displays, or each update would replace the
 * other type. There is no public call that takes a bundle.
 *
 * So this uses what `raw()` itself calls: `lastWriteDisplayData`, exported by tslab's
 * `dist/jupyter.js`, the writer tslab installs for each cell it runs (it replies on iopub with the
 * cell's execute_request as parent; `update === true` makes it `update_display_data`). The module
 * is found in Node's module cache, so it is the kernel's own copy of tslab, whichever copy
 * Kindling depends on. src/notebook/display/tslab-writer.test.ts pins that contract against the
 * installed tslab and fails loudly if an upgrade changes it; test/notebook/progress.test.ts checks
 * the messages a real kernel sends.
 */
import { createRequire } from "node:module";

/** A Jupyter MIME bundle: `{ "text/html": "...", "text/plain": "..." }`; JSON types hold objects. */
export type MimeBundle = Readonly<Record<string, string | object>>;

/** The content of a display_data / update_display_data message, as tslab's writer takes it. */
export interface DisplayContent {
  readonly data: MimeBundle;
  readonly metadata: Record<string, unknown>;
  readonly transient: Record<string, unknown>;
}

/** tslab's `lastWriteDisplayData`: sends `display_data`, or `update_display_data` when `update`. */
export type WriteDisplayData = (content: DisplayContent, update: boolean) => void;

/** Where tslab's module lives in the module cache (`…/tslab/dist/jupyter.js`). */
export const TSLAB_JUPYTER_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;
/** The export `display.raw()` of tslab's public API calls. */
export const TSLAB_WRITER_EXPORT = "lastWriteDisplayData";

const require = createRequire(import.meta.url);
let tslabModule: Record<string, unknown> | null = null;

/** tslab's jupyter module in the module cache, or null outside a tslab kernel. */
function findTslabModule(): Record<string, unknown> | null {
  if (tslabModule !== null) return tslabModule;
  for (const [path, mod] of Object.entries(require.cache)) {
    if (mod === undefined || !TSLAB_JUPYTER_MODULE.test(path)) continue;
    const exports = mod.exports as Record<string, unknown>;
    if (TSLAB_WRITER_EXPORT in exports) {
      tslabModule = exports;
      break;
    }
  }
  return tslabModule;
}

/**
 * The writer of the cell tslab is running (or ran last), or null outside a tslab kernel (and in
 * one before its first cell).
 *
 * @example
 * const write = tslabWriter();
 * write?.({ data: { "text/plain": "hi", "text/html": "<b>hi</b>" }, metadata: {}, transient: {} }, false);
 */
export function tslabWriter(): WriteDisplayData | null {
  const writer = findTslabModule()?.[TSLAB_WRITER_EXPORT];
  return typeof writer === "function" ? (writer as WriteDisplayData) : null;
}

/**
 * Where displays go: the running tslab kernel when there is one (a `display_data` message with a
 * whole MIME bundle, or an `update_display_data` that replaces an earlier display in place), and
 * stdout's text otherwise (a job run with `kindling run`, a plain Node script).
 *
 * tslab's public `display.raw(mime, data)` sends one MIME type per message, and a display needs
 * two or more (`text/html` with its `text/plain` fallback, as Jupyter renders the richest type it
 * knows). So this sends through the writer tslab installs for the running cell
 * (`lastWriteDisplayData` of tslab's `jupyter` module, what `display.raw` itself calls), found in
 * Node's module cache: that is the kernel's own copy of tslab, whichever copy Kindling depends on.
 */
import { createRequire } from "node:module";

/** A Jupyter MIME bundle: `{ "text/html": "...", "text/plain": "..." }`; JSON types hold objects. */
export type MimeBundle = Readonly<Record<string, string | object>>;

/** Receives displays. `update` replaces the display shown under `displayId` (Jupyter display ids). */
export interface DisplaySink {
  publish(bundle: MimeBundle, options: { readonly displayId?: string; readonly update?: boolean; readonly final?: boolean }): void;
}

type WriteDisplayData = (content: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

const require = createRequire(import.meta.url);
const TSLAB_JUPYTER = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;
let tslabModule: { lastWriteDisplayData?: unknown } | null | undefined;

/** The writer of the cell tslab is running (or ran last), or null outside a tslab kernel. */
export function tslabWriter(): WriteDisplayData | null {
  if (tslabModule === undefined || tslabModule === null) {
    tslabModule = null;
    for (const [path, mod] of Object.entries(require.cache)) {
      if (TSLAB_JUPYTER.test(path) && mod !== undefined) {
        const exports = mod.exports as { lastWriteDisplayData?: unknown };
        if (typeof exports.lastWriteDisplayData === "function") {
          tslabModule = exports;
          break;
        }
      }
    }
  }
  const writer = tslabModule?.lastWriteDisplayData;
  return typeof writer === "function" ? (writer as WriteDisplayData) : null;
}

/** True inside a tslab kernel that has started running cells. */
export function inTslabKernel(): boolean {
  return tslabWriter() !== null;
}

/** Sends bundles to the tslab kernel's iopub channel. */
export const tslabSink: DisplaySink = {
  publish(bundle, options) {
    const write = tslabWriter();
    if (write === null) throw new Error("not inside a tslab kernel");
    write({ data: bundle, metadata: {}, transient: options.displayId === undefined ? {} : { display_id: options.displayId } }, options.update === true);
  },
};

/**
 * Prints a bundle's `text/plain` to stdout. Updates are skipped (a live panel would print four
 * times a second) except the final one, so a terminal shows the first and the last state.
 */
export const textSink: DisplaySink = {
  publish(bundle, options) {
    if (options.update === true && options.final !== true) return;
    const text = bundle["text/plain"];
    if (typeof text === "string") process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  },
};

/** The tslab kernel when running in one, stdout's text otherwise (decided at each call). */
export const autoSink: DisplaySink = {
  publish(bundle, options) {
    (inTslabKernel() ? tslabSink : textSink).publish(bundle, options);
  },
};

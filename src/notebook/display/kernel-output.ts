/**
 * Where displays go: the running tslab kernel when there is one (a `display_data` message with a
 * whole MIME bundle, or an `update_display_data` that replaces an earlier display in place), and
 * stdout's text otherwise (a job run with `kindling run`, a plain Node script).
 *
 * How a bundle reaches tslab (its public API sends one MIME type per message) is isolated in
 * tslab-writer.ts.
 */
import { tslabWriter, type MimeBundle } from "./tslab-writer.js";

export type { MimeBundle } from "./tslab-writer.js";
export { tslabWriter } from "./tslab-writer.js";

/** Receives displays. `update` replaces the display shown under `displayId` (Jupyter display ids). */
export interface DisplaySink {
  publish(bundle: MimeBundle, options: { readonly displayId?: string; readonly update?: boolean; readonly final?: boolean }): void;
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

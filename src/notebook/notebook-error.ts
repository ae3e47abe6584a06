import { KindlingError, type KindlingErrorOptions } from "../common/errors.js";

/**
 * A notebook that cannot be run as given: a file that is missing, not JSON, not nbformat 4, or a
 * bad `-p` parameter. The message names the file (and the JSON position) and the hint says what
 * to fix.
 *
 * It lives here rather than in src/common/errors.ts because only the notebook runner throws it;
 * it is a {@link KindlingError} with the `user` domain, so the CLI prints it as one clear message.
 */
export class NotebookError extends KindlingError {
  constructor(message: string, options: KindlingErrorOptions = {}) {
    super(message, "user", options);
  }
}

/**
 * A notebook run that stopped before its last cell: a cell raised an error, timed out, or its kernel
 * died. The output notebook was still written (see `context.output`).
 */
export class NotebookRunError extends KindlingError {
  constructor(message: string, options: KindlingErrorOptions = {}) {
    super(message, "user", options);
  }
}

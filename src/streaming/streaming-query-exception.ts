import { KindlingError } from "../common/errors.js";

/**
 * The error a failed query ends with, as PySpark's StreamingQueryException: it names the query
 * and keeps the cause (whose own message says what went wrong and where).
 */
export class StreamingQueryException extends KindlingError {
  constructor(
    readonly queryName: string | null,
    readonly queryId: string,
    readonly runId: string,
    readonly batchId: number,
    cause: unknown,
  ) {
    const inner = cause instanceof KindlingError ? cause.describe() : cause instanceof Error ? cause.message : String(cause);
    super(
      `Query ${queryName ?? "<unnamed>"} [id = ${queryId}, runId = ${runId}] terminated with exception in batch ${batchId}: ${inner}`,
      cause instanceof KindlingError ? cause.domain : "internal",
      { cause, context: { queryId, runId, batchId, ...(cause instanceof KindlingError ? cause.context : {}) } },
    );
  }
}

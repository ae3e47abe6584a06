/**
 * What kernels need to know about the session while they run: ANSI mode, the session time zone
 * and the query's fixed "now" (Spark evaluates current_timestamp() once per query).
 */
export interface ExecContext {
  readonly ansi: boolean;
  readonly timeZone: string;
  /** Microseconds since the epoch when the query started. */
  readonly nowMicros: bigint;
}

/** A context for tests and simple callers. */
export function defaultExecContext(overrides: Partial<ExecContext> = {}): ExecContext {
  return { ansi: true, timeZone: "UTC", nowMicros: BigInt(Date.now()) * 1000n, ...overrides };
}

/**
 * Kindling's error classes. One base class carries a domain (who must act: the user, an external
 * system, or us), a retry hint, a cause and structured context (topic/partition/offset, file/line,
 * notebook cell...), so that a message can say what went wrong, where, and how to fix it.
 *
 * Errors cross worker-thread boundaries as plain objects: see {@link toSerializedError} and
 * {@link fromSerializedError}.
 */

/** Who has to act on an error: the user (bad input), an external system, or Kindling (a bug). */
export type ErrorDomain = "user" | "external" | "internal";

/** Structured facts about where an error happened. Values must be JSON-serialisable. */
export type ErrorContext = Record<string, string | number | boolean | null | undefined>;

export interface KindlingErrorOptions {
  readonly cause?: unknown;
  readonly context?: ErrorContext;
  readonly retriable?: boolean;
  /** One sentence telling the user what to do about it. */
  readonly hint?: string;
}

/** The base of every error Kindling throws on purpose. */
export class KindlingError extends Error {
  readonly domain: ErrorDomain;
  readonly retriable: boolean;
  readonly context: ErrorContext;
  readonly hint: string | undefined;

  constructor(message: string, domain: ErrorDomain, options: KindlingErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.domain = domain;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
    this.hint = options.hint;
  }

  /** The message followed by the hint, as a user should read it. */
  describe(): string {
    return this.hint === undefined ? this.message : `${this.message}\n  fix: ${this.hint}`;
  }
}

/** A plan or schema problem found before running (Spark's name): a missing column, a bad type. */
export class AnalysisError extends KindlingError {
  constructor(message: string, options: KindlingErrorOptions = {}) {
    super(message, "user", options);
  }
}

/** A failure while running a plan on data (a bad value under ANSI mode, a malformed row under FAILFAST). */
export class ExecutionError extends KindlingError {
  constructor(message: string, options: KindlingErrorOptions = {}) {
    super(message, "user", options);
  }
}

/** A failure talking to an external system (Kafka, Spark, Jupyter); context names topic, partition, offset. */
export class ConnectorError extends KindlingError {
  constructor(message: string, options: KindlingErrorOptions = {}) {
    super(message, "external", options);
  }
}

/** A feature Kindling does not have (yet); the message names the alternative. */
export class NotImplementedError extends KindlingError {
  constructor(message: string, options: KindlingErrorOptions = {}) {
    super(message, "user", options);
  }
}

/** Something that should never happen: likely a bug in Kindling. */
export class InternalError extends KindlingError {
  constructor(message: string, options: KindlingErrorOptions = {}) {
    super(`${message} (this is likely a bug in Kindling)`, "internal", options);
  }
}

/** A problem with the local stack (a busy port, a missing Java, a service that did not start). */
export class StackError extends KindlingError {
  constructor(message: string, options: KindlingErrorOptions = {}) {
    super(message, "user", options);
  }
}

type Rebuild = (message: string, options: KindlingErrorOptions, domain: ErrorDomain) => KindlingError;

/** How each error class is rebuilt on the other side of a thread boundary, by its name. */
const REBUILDERS: Record<string, Rebuild> = {
  AnalysisError: (m, o) => new AnalysisError(m, o),
  ExecutionError: (m, o) => new ExecutionError(m, o),
  ConnectorError: (m, o) => new ConnectorError(m, o),
  NotImplementedError: (m, o) => new NotImplementedError(m, o),
  StackError: (m, o) => new StackError(m, o),
  // InternalError appends its own suffix; the serialized message already has it.
  InternalError: (m, o) => renamed(new KindlingError(m, "internal", o), "InternalError"),
};

function renamed(error: KindlingError, name: string): KindlingError {
  error.name = name;
  return error;
}

/** The shape an error takes to cross `postMessage` (structured clone drops class identity). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly domain: ErrorDomain;
  readonly retriable: boolean;
  readonly context: ErrorContext;
  readonly hint?: string;
  readonly stack?: string;
}

/** Turns any thrown value into a {@link SerializedError}. */
export function toSerializedError(error: unknown): SerializedError {
  if (error instanceof KindlingError) {
    return {
      name: error.name,
      message: error.message,
      domain: error.domain,
      retriable: error.retriable,
      context: error.context,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    name: e.name,
    message: e.message,
    domain: "internal",
    retriable: false,
    context: {},
    ...(e.stack === undefined ? {} : { stack: e.stack }),
  };
}

/** Rebuilds the typed error from a {@link SerializedError}, keeping the original stack. */
export function fromSerializedError(data: SerializedError): KindlingError {
  const options: KindlingErrorOptions = {
    context: data.context,
    retriable: data.retriable,
    ...(data.hint === undefined ? {} : { hint: data.hint }),
  };
  const rebuild = REBUILDERS[data.name];
  const error =
    rebuild === undefined
      ? renamed(new KindlingError(data.message, data.domain, options), data.name)
      : rebuild(data.message, options, data.domain);
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

import { connect, type Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";
import { AnalysisError, ConnectorError, ExecutionError } from "../../common/errors.js";
import type { Batch, Vec } from "../../physical/vector.js";
import { StringType, StructType, TimestampType } from "../../types/data-types.js";
import type { OffsetJson, StreamSource } from "../../streaming/source.js";

/** `value STRING`: the socket source's schema (Spark's TextSocketReader.SCHEMA_REGULAR). */
export const SOCKET_SCHEMA = StructType([{ name: "value", dataType: StringType(), nullable: true }]);
/** `value STRING, timestamp TIMESTAMP` with `includeTimestamp` (SCHEMA_TIMESTAMP). */
export const SOCKET_SCHEMA_WITH_TIMESTAMP = StructType([
  { name: "value", dataType: StringType(), nullable: true },
  { name: "timestamp", dataType: TimestampType(), nullable: true },
]);

/** Spark's warning, logged when a socket source is defined (TextSocketSourceProvider.checkParameters). */
export const SOCKET_WARNING = "The socket source should not be used for production applications! It does not support recovery.";

export interface SocketSourceOptions {
  readonly host: string;
  readonly port: number;
  readonly numPartitions: number;
  readonly includeTimestamp: boolean;
}

/** Validates `host`, `port`, `includeTimestamp` and `numPartitions` as Spark's TextSocketSourceProvider does. */
export function parseSocketOptions(options: Readonly<Record<string, string>>, defaultParallelism: number): SocketSourceOptions {
  const host = options["host"];
  if (host === undefined) throw new AnalysisError('Set a host to read from with option("host", ...).', { hint: '.option("host", "127.0.0.1")' });
  const rawPort = options["port"];
  if (rawPort === undefined) throw new AnalysisError('Set a port to read from with option("port", ...).', { hint: '.option("port", 9999)' });
  const port = Number(rawPort);
  if (!/^\s*[0-9]+\s*$/.test(rawPort) || port > 65535) throw new AnalysisError(`Invalid value '${rawPort}' for option 'port': must be a TCP port (0-65535)`, { hint: '.option("port", 9999)' });
  const rawTs = (options["includetimestamp"] ?? "false").toLowerCase();
  if (rawTs !== "true" && rawTs !== "false") throw new AnalysisError('includeTimestamp must be set to either "true" or "false"', { hint: '.option("includeTimestamp", true)' });
  const rawPartitions = options["numpartitions"];
  const numPartitions = rawPartitions === undefined ? defaultParallelism : Number(rawPartitions);
  if (!Number.isSafeInteger(numPartitions) || numPartitions <= 0) {
    throw new AnalysisError(`Invalid value '${rawPartitions}' for option 'numPartitions', must be a positive integer`, { hint: '.option("numPartitions", 1) keeps the lines in the order they came' });
  }
  return { host, port, numPartitions, includeTimestamp: rawTs === "true" };
}

/**
 * Spark's `socket` source (TextSocketMicroBatchStream), for tutorials and debugging: it connects
 * to a TCP server when the first batch runs, and every line the server sends (ended by `\n`,
 * `\r` or `\r\n`, as Java's readLine) becomes a row, stamped with the time it was read when
 * `includeTimestamp` is set. The offset is a LongOffset counting lines from -1 (none yet).
 *
 * Not fault tolerant, like Spark's: lines are buffered in memory only until their batch commits,
 * and a restarted query does not see lines sent before it started. Rows of a batch are laid out as
 * Spark's `numPartitions` readers give them: line i goes to partition i % numPartitions, then
 * partitions in order (so `numPartitions` 1 keeps the arrival order).
 */
export class TextSocketSource implements StreamSource {
  readonly schema: StructType;
  readonly description: string;
  private socket: Socket | null = null;
  private connecting: Promise<void> | null = null;
  /** Lines after `lastCommitted` up to `currentOffset`, with the ms they were read at. */
  private lines: Array<{ readonly value: string; readonly ms: number }> = [];
  private currentOffset = -1;
  private lastCommitted = -1;
  private readonly lineSplitter = new LineSplitter();
  private stopped = false;

  constructor(private readonly opts: SocketSourceOptions) {
    this.schema = opts.includeTimestamp ? SOCKET_SCHEMA_WITH_TIMESTAMP : SOCKET_SCHEMA;
    this.description = `TextSocketV2[host: ${opts.host}, port: ${opts.port}]`;
  }

  /** The offset of the last line received (`-1`: none). */
  async latestOffset(): Promise<OffsetJson> {
    return String(this.currentOffset);
  }

  async getBatch(start: OffsetJson | null, end: OffsetJson): Promise<Batch[]> {
    await this.ensureConnected();
    const startOrdinal = (start === null ? -1 : Number(start)) + 1;
    const endOrdinal = Number(end) + 1;
    // ListBuffer.slice clamps both ends, so a range the buffer does not hold (after a restart) is empty.
    const from = Math.max(0, startOrdinal - this.lastCommitted - 1);
    const until = Math.min(this.lines.length, endOrdinal - this.lastCommitted - 1);
    const slice = until > from ? this.lines.slice(from, until) : [];
    return slice.length === 0 ? [] : [this.toBatch(slice)];
  }

  async commit(end: OffsetJson): Promise<void> {
    const newOffset = Number(end);
    const diff = newOffset - this.lastCommitted;
    if (diff < 0) {
      throw new ExecutionError(`Offsets committed out of order: ${this.lastCommitted} followed by ${end}`, {
        hint: "the socket source cannot recover from a checkpoint: start the query on a new checkpointLocation",
      });
    }
    this.lines.splice(0, diff);
    this.lastCommitted = newOffset;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.socket?.destroy();
    this.socket = null;
  }

  private ensureConnected(): Promise<void> {
    if (this.connecting === null) this.connecting = this.open();
    return this.connecting;
  }

  private open(): Promise<void> {
    const { host, port } = this.opts;
    return new Promise<void>((resolve, reject) => {
      const socket = connect({ host, port });
      // Held from the start, so stop() also ends a connection still being made.
      this.socket = socket;
      const failed = (error: Error): void => {
        socket.destroy();
        reject(new ConnectorError(`could not connect to the socket source at ${host}:${port}: ${error.message}`, {
          cause: error,
          context: { host, port },
          hint: `start a server that writes lines on ${host}:${port} first (e.g. nc -lk ${port})`,
        }));
      };
      socket.once("error", failed);
      // Closed before connecting (stop() during the connect): the batch waiting for it ends too.
      const closedEarly = (): void => failed(new Error("the connection was closed before it was made"));
      socket.once("close", closedEarly);
      socket.once("connect", () => {
        socket.off("error", failed);
        socket.off("close", closedEarly);
        // A read error ends the stream, as Spark's reader thread ends on an IOException.
        socket.on("error", () => undefined);
        socket.on("data", (chunk: Buffer) => this.lineSplitter.push(chunk).forEach((line) => this.append(line)));
        socket.on("end", () => {
          this.lineSplitter.end().forEach((line) => this.append(line));
          if (!this.stopped) console.warn(`WARN TextSocketMicroBatchStream: Stream closed by ${host}:${port}`);
        });
        resolve();
      });
    });
  }

  private append(value: string): void {
    this.currentOffset++;
    this.lines.push({ value, ms: Date.now() });
  }

  private toBatch(slice: ReadonlyArray<{ readonly value: string; readonly ms: number }>): Batch {
    const n = slice.length;
    const k = this.opts.numPartitions;
    const values = new Array<unknown>(n);
    const times = new BigInt64Array(n);
    let row = 0;
    for (let p = 0; p < k && p < n; p++) {
      for (let i = p; i < n; i += k) {
        values[row] = slice[i]!.value;
        times[row] = BigInt(slice[i]!.ms) * 1000n;
        row++;
      }
    }
    const columns: Vec[] = [{ type: StringType(), length: n, values, valid: null }];
    if (this.opts.includeTimestamp) columns.push({ type: TimestampType(), length: n, values: times, valid: null });
    return { schema: this.schema, numRows: n, columns };
  }
}

const warnedFor = new WeakSet<object>();

/**
 * `readStream.format("socket")`: logs Spark's warning once per `load()` (the reader hands every
 * query of one load the same options object), then validates the options.
 */
export function openSocketSource(options: Readonly<Record<string, string>>, defaultParallelism: number): TextSocketSource {
  if (!warnedFor.has(options)) {
    warnedFor.add(options);
    console.warn(`WARN TextSocketSourceProvider: ${SOCKET_WARNING}`);
  }
  return new TextSocketSource(parseSocketOptions(options, defaultParallelism));
}

/**
 * Cuts a byte stream into lines as `java.io.BufferedReader.readLine` over UTF-8 does: a line ends
 * at `\n`, `\r` or `\r\n` (also when the `\r` and the `\n` come in different chunks), the
 * terminator is not part of the line, and text left at the end of the stream is a last line.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private partial = "";
  /** The previous chunk ended with `\r`: a `\n` starting the next one belongs to it. */
  private afterCR = false;

  /** The lines completed by this chunk. */
  push(chunk: Uint8Array): string[] {
    return this.split(this.decoder.write(chunk as Buffer));
  }

  /** The lines left when the stream ends. */
  end(): string[] {
    const lines = this.split(this.decoder.end());
    if (this.partial !== "") lines.push(this.partial);
    this.partial = "";
    return lines;
  }

  private split(text: string): string[] {
    const lines: string[] = [];
    let i = 0;
    if (this.afterCR && text.length > 0) {
      if (text.charCodeAt(0) === 10) i = 1;
      this.afterCR = false;
    }
    let lineStart = i;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      lines.push(this.partial + text.slice(lineStart, i));
      this.partial = "";
      if (c === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.afterCR = true;
        }
      }
      lineStart = i + 1;
    }
    this.partial += text.slice(lineStart);
    return lines;
  }
}

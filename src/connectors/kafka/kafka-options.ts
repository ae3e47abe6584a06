import { AnalysisError } from "../../common/errors.js";
import { rangeLimitFromOptions, type KafkaRangeLimit, type NoMatchStrategy } from "./kafka-range-limit.js";

/** The Kafka source's options, validated as Spark's KafkaSourceProvider validates them. */
export interface KafkaSourceOptions {
  readonly servers: string;
  readonly subscription: { readonly kind: "subscribe"; readonly topics: readonly string[] } | { readonly kind: "subscribePattern"; readonly pattern: RegExp } | { readonly kind: "assign"; readonly partitions: ReadonlyMap<string, readonly number[]> };
  /** startingTimestamp / startingOffsetsByTimestamp / startingOffsets, in Spark's order of precedence. */
  readonly startingOffsets: KafkaRangeLimit;
  /** endingTimestamp / endingOffsetsByTimestamp / endingOffsets (batch reads only; latest for a stream). */
  readonly endingOffsets: KafkaRangeLimit;
  readonly startingOffsetsByTimestampStrategy: NoMatchStrategy;
  readonly maxOffsetsPerTrigger: number | null;
  /** A batch waits for at least this many new offsets, up to `maxTriggerDelayMs` (Spark's ReadMinRows). */
  readonly minOffsetsPerTrigger: number | null;
  readonly maxTriggerDelayMs: number;
  /** Spark reads with Kafka's default isolation level, read_uncommitted, unless kafka.isolation.level says otherwise. */
  readonly readCommitted: boolean;
  readonly failOnDataLoss: boolean;
  readonly includeHeaders: boolean;
  readonly groupIdPrefix: string;
  /** `kafka.*` options passed on to the client (SASL, SSL, client.id…), without the prefix. */
  readonly clientOptions: Readonly<Record<string, string>>;
}

// Spark: KafkaSourceProvider.validateGeneralOptions — these consumer settings are Spark's own business.
const REJECTED: Readonly<Record<string, string>> = {
  "kafka.auto.offset.reset": "Kafka option 'auto.offset.reset' is not supported. Instead set the source option 'startingOffsets' to 'earliest' or 'latest' to specify where to start. Structured Streaming manages which offsets are consumed internally, rather than relying on the kafkaConsumer to do it. This will ensure that no data is missed when new topics/partitions are dynamically subscribed. Note that 'startingOffsets' only applies when a new Streaming query is started, and that resuming will always pick up from where the query left off. See the docs for more details.",
  "kafka.key.deserializer": "Kafka option 'key.deserializer' is not supported, as keys are deserialized as byte arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the keys.",
  "kafka.value.deserializer": "Kafka option 'value.deserializer' is not supported, as values are deserialized as byte arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the values.",
  "kafka.enable.auto.commit": "Kafka option 'enable.auto.commit' is not supported. Structured Streaming keeps the consumed offsets in its checkpoint, not in Kafka's consumer group.",
  "kafka.interceptor.classes": "Kafka option 'interceptor.classes' is not supported as it can break the Structured Streaming query.",
};

function bool(options: Readonly<Record<string, string>>, key: string, dflt: boolean): boolean {
  const v = options[key];
  if (v === undefined) return dflt;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw new AnalysisError(`Invalid value '${v}' for option '${key}': it must be true or false`);
}

/** Validates the (lower-cased) options of `readStream.format("kafka")`. */
export function parseKafkaSourceOptions(options: Readonly<Record<string, string>>, streaming: boolean): KafkaSourceOptions {
  for (const [key, message] of Object.entries(REJECTED)) {
    if (options[key] !== undefined) throw new AnalysisError(message, { hint: `remove the option ${key}` });
  }
  const strategies = ["subscribe", "subscribepattern", "assign"].filter((k) => options[k] !== undefined);
  if (strategies.length !== 1) {
    throw new AnalysisError(
      strategies.length === 0
        ? "One of the following options must be specified for Kafka source: subscribe, subscribePattern, assign. See the docs for more details."
        : `Only one of the following options can be specified for Kafka source: subscribe, subscribePattern, assign. Found: ${strategies.join(", ")}`,
      { hint: 'e.g. .option("subscribe", "rides_csv")' },
    );
  }
  const servers = options["kafka.bootstrap.servers"];
  if (servers === undefined || servers.trim() === "") {
    throw new AnalysisError("Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer", { hint: '.option("kafka.bootstrap.servers", "127.0.0.1:9092")' });
  }
  if (streaming && options["endingoffsets"] !== undefined) {
    throw new AnalysisError("Ending offset not valid in streaming queries", { hint: "endingOffsets is for spark.read (batch); a stream reads on, or use trigger availableNow" });
  }
  if (streaming && (options["endingtimestamp"] !== undefined || options["endingoffsetsbytimestamp"] !== undefined)) {
    throw new AnalysisError("ending timestamp not valid in streaming queries", { hint: "endingTimestamp is for spark.read (batch); a stream reads on, or use trigger availableNow" });
  }
  let subscription: KafkaSourceOptions["subscription"];
  const strategy = strategies[0]!;
  if (strategy === "subscribe") {
    const topics = options["subscribe"]!.split(",").map((t) => t.trim()).filter((t) => t !== "");
    if (topics.length === 0) throw new AnalysisError("No topics to subscribe to as specified topics are empty.", { hint: '.option("subscribe", "topic1,topic2")' });
    subscription = { kind: "subscribe", topics };
  } else if (strategy === "subscribepattern") {
    const pattern = options["subscribepattern"]!.trim();
    if (pattern === "") throw new AnalysisError("Pattern to subscribe is empty as specified value for option 'subscribePattern' is ''");
    subscription = { kind: "subscribePattern", pattern: new RegExp(`^(?:${pattern})$`) };
  } else {
    subscription = { kind: "assign", partitions: parseAssign(options["assign"]!) };
  }
  const maxOffsetsPerTrigger = positiveInteger(options, "maxoffsetspertrigger", "maxOffsetsPerTrigger");
  const minOffsetsPerTrigger = positiveInteger(options, "minoffsetspertrigger", "minOffsetsPerTrigger");
  const starting = rangeLimitFromOptions(options, { timestamp: "startingtimestamp", byTimestamp: "startingoffsetsbytimestamp", offsets: "startingoffsets" }, { kind: streaming ? "latest" : "earliest" });
  const ending = rangeLimitFromOptions(options, { timestamp: "endingtimestamp", byTimestamp: "endingoffsetsbytimestamp", offsets: "endingoffsets" }, { kind: "latest" });
  if (!streaming) checkBatchRange(starting, ending);
  const strategyRaw = (options["startingoffsetsbytimestampstrategy"] ?? "error").trim().toLowerCase();
  if (strategyRaw !== "error" && strategyRaw !== "latest") {
    throw new AnalysisError(`Invalid value '${options["startingoffsetsbytimestampstrategy"]}' for option 'startingOffsetsByTimestampStrategy'`, { hint: 'use "error" (the default) or "latest"' });
  }
  const isolation = (options["kafka.isolation.level"] ?? "read_uncommitted").trim().toLowerCase();
  if (isolation !== "read_uncommitted" && isolation !== "read_committed") {
    throw new AnalysisError(`Invalid value '${options["kafka.isolation.level"]}' for option 'kafka.isolation.level'`, { hint: "use read_uncommitted (Kafka's default) or read_committed" });
  }
  const clientOptions: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) if (k.startsWith("kafka.") && k !== "kafka.bootstrap.servers") clientOptions[k.slice(6)] = v;
  return {
    servers,
    subscription,
    startingOffsets: starting,
    endingOffsets: ending,
    startingOffsetsByTimestampStrategy: strategyRaw,
    maxOffsetsPerTrigger,
    minOffsetsPerTrigger,
    maxTriggerDelayMs: timeStringAsMs(options["maxtriggerdelay"] ?? "15m", "maxTriggerDelay"),
    readCommitted: isolation === "read_committed",
    failOnDataLoss: bool(options, "failondataloss", true),
    includeHeaders: bool(options, "includeheaders", false),
    groupIdPrefix: options["groupidprefix"] ?? "spark-kafka-source",
    clientOptions,
  };
}

function parseAssign(json: string): Map<string, number[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new AnalysisError(`Expected e.g. {"topicA":[0,1],"topicB":[0,1]}, got ${json}`, { hint: "assign takes JSON: topic → list of partitions" });
  }
  const out = new Map<string, number[]>();
  for (const [topic, parts] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(parts) || !parts.every((p) => Number.isInteger(p))) throw new AnalysisError(`Expected e.g. {"topicA":[0,1],"topicB":[0,1]}, got ${json}`);
    out.set(topic, parts as number[]);
  }
  return out;
}

function positiveInteger(options: Readonly<Record<string, string>>, key: string, name: string): number | null {
  const raw = options[key];
  if (raw === undefined) return null;
  const n = Number(raw.trim());
  if (!Number.isSafeInteger(n) || n <= 0) throw new AnalysisError(`Invalid value '${raw}' for option '${name}', must be a positive integer`);
  return n;
}

/** Spark's JavaUtils.timeStringAsMs: "15m", "10s", "250ms", "1h"; a bare number is milliseconds. */
export function timeStringAsMs(text: string, option: string): number {
  const m = /^\s*(\d+)\s*(us|ms|s|m|min|h|d)?\s*$/i.exec(text);
  if (m === null) throw new AnalysisError(`Invalid value '${text}' for option '${option}': not a time string`, { hint: 'write e.g. "15m", "30s" or "500ms"' });
  const n = Number(m[1]);
  const unit = (m[2] ?? "ms").toLowerCase();
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
  return Math.floor(n * scale[unit]!);
}

/** KafkaSourceProvider.validateBatchOptions: a batch read cannot start at latest or end at earliest. */
function checkBatchRange(start: KafkaRangeLimit, end: KafkaRangeLimit): void {
  if (start.kind === "latest") throw new AnalysisError("starting offset can't be latest for batch queries on Kafka", { hint: 'use "earliest" or explicit offsets' });
  if (start.kind === "offsets") {
    for (const [t, parts] of start.offsets) for (const [p, o] of parts) if (o === -1n) throw new AnalysisError(`startingOffsets for ${t}-${p} can't be latest for batch queries on Kafka`);
  }
  if (end.kind === "earliest") throw new AnalysisError("ending offset can't be earliest for batch queries on Kafka", { hint: 'use "latest" or explicit offsets' });
  if (end.kind === "offsets") {
    for (const [t, parts] of end.offsets) for (const [p, o] of parts) if (o === -2n) throw new AnalysisError(`ending offset for ${t}-${p} can't be earliest for batch queries on Kafka`);
  }
  if (start.kind === "offsets" && end.kind === "offsets") {
    for (const [t, parts] of start.offsets) {
      for (const [p, s] of parts) {
        const e = end.offsets.get(t)?.get(p);
        if (e === undefined) throw new AnalysisError(`startingOffsets and endingOffsets name different partitions: ${t}-${p} has no ending offset`);
        if (s >= 0n && e >= 0n && s > e) throw new AnalysisError(`The starting offset ${s} of ${t}-${p} is after its ending offset ${e}`, { hint: "swap them, or check the offsets" });
      }
    }
  }
}

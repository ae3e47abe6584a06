import { AnalysisError } from "../../common/errors.js";

/** The Kafka source's options, validated as Spark's KafkaSourceProvider validates them. */
export interface KafkaSourceOptions {
  readonly servers: string;
  readonly subscription: { readonly kind: "subscribe"; readonly topics: readonly string[] } | { readonly kind: "subscribePattern"; readonly pattern: RegExp } | { readonly kind: "assign"; readonly partitions: ReadonlyMap<string, readonly number[]> };
  /** "earliest", "latest", or per-partition offsets (-2 earliest, -1 latest). */
  readonly startingOffsets: "earliest" | "latest" | ReadonlyMap<string, ReadonlyMap<number, bigint>>;
  readonly maxOffsetsPerTrigger: number | null;
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
  const maxRaw = options["maxoffsetspertrigger"];
  const maxOffsetsPerTrigger = maxRaw === undefined ? null : Number(maxRaw);
  if (maxOffsetsPerTrigger !== null && (!Number.isSafeInteger(maxOffsetsPerTrigger) || maxOffsetsPerTrigger <= 0)) {
    throw new AnalysisError(`Invalid value '${maxRaw}' for option 'maxOffsetsPerTrigger', must be a positive integer`);
  }
  const clientOptions: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) if (k.startsWith("kafka.") && k !== "kafka.bootstrap.servers") clientOptions[k.slice(6)] = v;
  return {
    servers,
    subscription,
    startingOffsets: parseStartingOffsets(options["startingoffsets"] ?? (streaming ? "latest" : "earliest")),
    maxOffsetsPerTrigger,
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

function parseStartingOffsets(text: string): KafkaSourceOptions["startingOffsets"] {
  const t = text.trim();
  if (/^earliest$/i.test(t)) return "earliest";
  if (/^latest$/i.test(t)) return "latest";
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    throw new AnalysisError(`Expected e.g. {"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}, got ${text}`, { hint: 'startingOffsets is "earliest", "latest" or JSON (-2 = earliest, -1 = latest)' });
  }
  const out = new Map<string, Map<number, bigint>>();
  for (const [topic, parts] of Object.entries(parsed as Record<string, Record<string, number>>)) {
    out.set(topic, new Map(Object.entries(parts).map(([p, o]) => [Number(p), BigInt(o)])));
  }
  return out;
}

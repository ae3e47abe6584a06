import { Kafka, logLevel, type KafkaConfig } from "kafkajs";
import "./codecs.js";
import { ConnectorError } from "../../common/errors.js";

/** Splits `kafka.bootstrap.servers` (comma-separated host:port list) into kafkajs's broker list. */
export function parseBootstrap(servers: string): string[] {
  const brokers = servers.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  for (const b of brokers) {
    if (!/^[^:\s]+:\d{1,5}$/.test(b)) {
      throw new ConnectorError(`bootstrap server ${JSON.stringify(b)} is not host:port`, { hint: "write it like 127.0.0.1:9092 (several: comma-separated)" });
    }
  }
  if (brokers.length === 0) throw new ConnectorError("no bootstrap servers given", { hint: "pass host:port, e.g. 127.0.0.1:9092" });
  return brokers;
}

/**
 * A kafkajs client that fails fast: a CLI or a query start should tell the user within seconds
 * that the broker is unreachable, not retry silently for half a minute.
 */
export function kafkaClient(servers: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: "kindling",
    brokers: parseBootstrap(servers),
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.NOTHING,
    ...overrides,
  });
}

/**
 * Runs `connect` (of an admin, producer or consumer) and turns a failure or a hang into one clear
 * error naming the servers tried, within `timeoutMs`.
 */
export async function connectOrExplain(connect: () => Promise<void>, servers: string, timeoutMs = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([connect(), timeout]);
  } catch (error) {
    throw new ConnectorError(`cannot reach the Kafka broker(s) ${servers}: ${(error as Error).message}`, {
      cause: error,
      retriable: true,
      context: { servers },
      hint: "start the local one with `npx kindling stack up kafka`, or pass the right host:port",
    });
  } finally {
    clearTimeout(timer);
  }
}

import { Kafka, logLevel } from "kafkajs";

/**
 * True when a Kafka broker at `broker` answers a metadata request: the readiness probe of the
 * local stack (an open port is not enough: the broker listens before its controller is elected).
 */
export async function probeKafka(broker: string, timeoutMs = 3000): Promise<boolean> {
  const kafka = new Kafka({
    clientId: "kindling-probe",
    brokers: [broker],
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The stack's ports. Every server binds to 127.0.0.1 only; each port can be moved with the
 * environment variable named beside it, so a busy port never blocks a user.
 */
export interface PortSpec {
  readonly name: string;
  readonly envVar: string;
  readonly defaultPort: number;
}

export const PORT_SPECS = {
  kafka: { name: "Kafka broker", envVar: "KINDLING_KAFKA_PORT", defaultPort: 9092 },
  kafkaController: { name: "Kafka controller", envVar: "KINDLING_KAFKA_CONTROLLER_PORT", defaultPort: 9093 },
  sparkMaster: { name: "Spark master", envVar: "KINDLING_SPARK_MASTER_PORT", defaultPort: 7077 },
  sparkUi: { name: "Spark master web UI", envVar: "KINDLING_SPARK_UI_PORT", defaultPort: 8080 },
  sparkRest: { name: "Spark REST submission server", envVar: "KINDLING_SPARK_REST_PORT", defaultPort: 6066 },
  sparkWorkerUi: { name: "Spark worker web UI", envVar: "KINDLING_SPARK_WORKER_UI_PORT", defaultPort: 8081 },
  jupyter: { name: "JupyterLab", envVar: "KINDLING_JUPYTER_PORT", defaultPort: 8888 },
} as const satisfies Record<string, PortSpec>;

export type PortKey = keyof typeof PORT_SPECS;
export type Ports = Readonly<Record<PortKey, number>>;

/** The host every stack server binds to and every client connects to. */
export const STACK_HOST = "127.0.0.1";

/** Reads the ports from the environment, rejecting values that are not ports. */
export function resolvePorts(env: NodeJS.ProcessEnv = process.env): Ports {
  const out = {} as Record<PortKey, number>;
  for (const key of Object.keys(PORT_SPECS) as PortKey[]) {
    const spec = PORT_SPECS[key];
    const raw = env[spec.envVar];
    if (raw === undefined || raw === "") {
      out[key] = spec.defaultPort;
      continue;
    }
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new RangeError(`${spec.envVar}=${JSON.stringify(raw)} is not a TCP port; use a whole number from 1 to 65535`);
    }
    out[key] = port;
  }
  // Two servers cannot share a port; Kafka would only say so as a failed storage format.
  const keys = Object.keys(PORT_SPECS) as PortKey[];
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const [a, b] = [PORT_SPECS[keys[i]!], PORT_SPECS[keys[j]!]];
      if (out[keys[i]!] === out[keys[j]!]) {
        throw new RangeError(`${a.envVar} and ${b.envVar} are both ${out[keys[i]!]}: the ${a.name} and the ${b.name} each need a port of their own; set one of them to another free port`);
      }
    }
  }
  return out;
}

import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StackError } from "../../common/errors.js";
import type { Component, StackContext } from "../component.js";
import { ensureJava, ensureKafkaJars } from "../install.js";
import { canConnect } from "../net-probe.js";
import { STACK_HOST } from "../ports.js";
import { runCommand } from "../run-command.js";
import { probeKafka } from "../../connectors/kafka/probe.js";

/**
 * A single-node KRaft broker (broker and controller in one JVM) run from the jars Maven resolved,
 * with `kafka.Kafka` as the main class: the same thing `bin/kafka-server-start.sh` does.
 */
export const kafkaComponent: Component = {
  name: "kafka",
  group: "kafka",
  ports: ["kafka", "kafkaController"],
  readyTimeoutMs: 90_000,

  async install(ctx, logFile) {
    await ensureJava();
    await ensureKafkaJars(ctx.paths, logFile, ctx.progress);
    const dir = kafkaDir(ctx);
    mkdirSync(dir, { recursive: true });
    const config = join(dir, "server.properties");
    writeFileSync(config, serverProperties(ctx));
    writeFileSync(join(dir, "log4j2.properties"), LOG4J2);
    // KRaft storage must be formatted once with a cluster id before the first start.
    if (!existsSync(join(dataDir(ctx), "meta.properties"))) {
      ctx.progress(`formatting Kafka's storage in ${dataDir(ctx)}`);
      const clusterId = newClusterId();
      const result = await runCommand(
        "java",
        ["-cp", `${ctx.paths.kafkaLibs}/*`, `-Dlog4j2.configurationFile=${join(dir, "log4j2.properties")}`, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config],
        { logFile },
      );
      if (result.code !== 0) {
        throw new StackError(`formatting Kafka's storage in ${dataDir(ctx)} failed (exit ${result.code}); see ${logFile}`, {
          hint: `remove ${dataDir(ctx)} and run \`kindling stack up kafka\` again`,
        });
      }
    }
  },

  launch(ctx, logFile) {
    const dir = kafkaDir(ctx);
    return {
      command: "java",
      args: [
        "-Xms256m",
        "-Xmx1g",
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        `-Dlog4j2.configurationFile=${join(dir, "log4j2.properties")}`,
        `-Dkafka.logs.dir=${join(dir, "logs")}`,
        "-cp",
        `${ctx.paths.kafkaLibs}/*`,
        "kafka.Kafka",
        join(dir, "server.properties"),
      ],
      env: process.env,
      cwd: dir,
      logFile,
    };
  },

  async probe(ctx) {
    if (!(await canConnect(ctx.ports.kafka, STACK_HOST))) return false;
    return probeKafka(`${STACK_HOST}:${ctx.ports.kafka}`);
  },

  describe(ctx) {
    return { bootstrap: `${STACK_HOST}:${ctx.ports.kafka}`, data: dataDir(ctx) };
  },
};

/**
 * A random cluster id in Kafka's form (16 bytes, URL-safe base64). One that starts with "-" would
 * be read by StorageTool's argument parser as an option, and the format fails (exit 1) — one
 * format in 64; Kafka's own Uuid.randomUuid() draws again in that case, and so does this.
 */
export function newClusterId(random: () => string = randomUUID): string {
  for (;;) {
    const id = Buffer.from(random().replaceAll("-", ""), "hex").toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

function kafkaDir(ctx: StackContext): string {
  return join(ctx.paths.state, "kafka");
}

function dataDir(ctx: StackContext): string {
  return join(kafkaDir(ctx), "data");
}

function serverProperties(ctx: StackContext): string {
  const { kafka, kafkaController } = ctx.ports;
  return [
    "# Written by `kindling stack up kafka`; edits are overwritten.",
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.voters=1@${STACK_HOST}:${kafkaController}`,
    `listeners=PLAINTEXT://${STACK_HOST}:${kafka},CONTROLLER://${STACK_HOST}:${kafkaController}`,
    `advertised.listeners=PLAINTEXT://${STACK_HOST}:${kafka}`,
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=PLAINTEXT",
    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    `log.dirs=${dataDir(ctx)}`,
    "num.partitions=1",
    "auto.create.topics.enable=true",
    "delete.topic.enable=true",
    // One broker: every internal topic has a single replica.
    "offsets.topic.replication.factor=1",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1",
    "group.initial.rebalance.delay.ms=0",
    "",
  ].join("\n");
}

const LOG4J2 = `# Kafka's log, to the console (the stack's log file).
status = error
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRefs = stdout
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
`;

import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processStartTicks } from "../../src/stack/pid-file.js";
import type { ComponentStatus } from "../../src/stack/stack.js";
import { cli } from "../support/cli.js";
import { freePorts } from "../support/free-ports.js";

/** A port nothing listens on right now (the kernel picks it). */

/**
 * The stack's lifecycle through the real CLI, on a Kafka of its own (its own state folder and
 * ports), so the shared stack the other tests use is never touched.
 */
describe("kindling stack up / status / down", () => {
  let env: NodeJS.ProcessEnv;
  let state: string;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), "kindling-stack-"));
    const [kafkaPort, controllerPort] = await freePorts(2);
    env = {
      ...process.env,
      KINDLING_STACK_DIR: state,
      KINDLING_KAFKA_PORT: String(kafkaPort),
      KINDLING_KAFKA_CONTROLLER_PORT: String(controllerPort),
    };
  });

  afterAll(async () => {
    await cli(["stack", "down"], env);
    rmSync(state, { recursive: true, force: true });
  });

  const status = async (): Promise<ComponentStatus> => {
    const result = await cli(["stack", "status", "kafka", "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as ComponentStatus[])[0]!;
  };

  it("refuses an unknown component with the list of known ones", async () => {
    const result = await cli(["stack", "up", "zookeeper"], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unknown stack component "zookeeper"');
    expect(result.stderr).toContain("kafka, spark, jupyter");
  });

  it("says how to get Java when there is none, and leaves nothing running", async () => {
    const { JAVA_HOME: _javaHome, ...rest } = env;
    const noJava = { ...rest, PATH: "/nonexistent" };
    const result = await cli(["stack", "up", "kafka"], noJava);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Java was not found");
    expect(result.stderr).toContain("apt-get install openjdk-17-jre-headless");
    expect((await status()).state).toBe("stopped");
  });

  it("says which download failed and where its log is, and leaves nothing running", async () => {
    // A Maven that cannot reach its registry: a stand-in `mvn` that fails as an offline one does.
    const bin = mkdtempSync(join(tmpdir(), "kindling-fake-mvn-"));
    writeFileSync(join(bin, "mvn"), "#!/bin/sh\necho '[ERROR] Could not transfer artifact org.apache.kafka:kafka_2.13 (network unreachable)' >&2\nexit 1\n", { mode: 0o755 });
    const emptyCache = mkdtempSync(join(tmpdir(), "kindling-empty-cache-"));
    const offline = { ...env, KINDLING_CACHE: emptyCache, PATH: `${bin}:${process.env["PATH"] ?? ""}` };
    const result = await cli(["stack", "up", "kafka"], offline);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/resolving the jars of .*kafka-broker\.xml from Maven Central failed \(mvn exited 1\); see .*kafka\.log/);
    expect(result.stderr).toContain("check that Maven Central is reachable");
    expect((await cli(["stack", "status", "kafka", "--json"], offline)).stdout).toContain('"state": "stopped"');
  });

  it("starts Kafka, and a second `up` leaves the same broker running", async () => {
    const first = await cli(["stack", "up", "kafka", "--json"], env);
    expect(first.code, first.stderr).toBe(0);
    const running = await status();
    expect(running.state).toBe("running");
    expect(running.pid).toBeGreaterThan(0);
    expect(running.ports["kafka"]).toBe(Number(env["KINDLING_KAFKA_PORT"]));

    const second = await cli(["stack", "up", "kafka"], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("already running");
    expect((await status()).pid).toBe(running.pid);
  });

  it("names the busy port and the variable that moves it", async () => {
    const blocker: Server = createServer();
    const [port] = await freePorts(1);
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const otherState = mkdtempSync(join(tmpdir(), "kindling-stack-busy-"));
      const busyEnv = { ...env, KINDLING_STACK_DIR: otherState, KINDLING_KAFKA_PORT: String(port) };
      const result = await cli(["stack", "up", "kafka"], busyEnv);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`port ${port} (Kafka broker) on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain("KINDLING_KAFKA_PORT");
      // Nothing was started for the refused stack.
      expect(existsSync(join(otherState, "kafka.pid"))).toBe(false);
      rmSync(otherState, { recursive: true, force: true });
    } finally {
      blocker.close();
    }
  });

  it("`down` stops the broker's whole process group and removes its pid file", async () => {
    const { pid } = await status();
    expect(pid).not.toBeNull();
    const result = await cli(["stack", "down"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("stopped kafka");
    // Gone, or a zombie waiting for init to reap it: either way no longer running.
    expect(processStartTicks(pid!)).toBeUndefined();
    expect(existsSync(join(state, "kafka.pid"))).toBe(false);
    expect((await status()).state).toBe("stopped");
    // A second `down` has nothing left to stop.
    expect((await cli(["stack", "down"], env)).stdout).toContain("nothing was running");
  });
});

import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { PINS } from "../../src/stack/versions.js";

// Checks docker/ without a Docker engine (there is none here or in CI): Compose's own parser
// validates each file, and the versions in them must be the pins the Docker-free stack uses.

const dockerDir = fileURLToPath(new URL("../../docker/", import.meta.url));
const composeFiles = ["kafka/docker-compose.yml", "spark/docker-compose.yml"].map((f) => join(dockerDir, f));

/** The tag each image must carry; an image missing here fails, so a new one gets a pin too. */
const IMAGE_TAGS: Record<string, string> = {
  "apache/kafka": PINS.kafka,
  "kindling/spark-master": PINS.pyspark,
  "kindling/spark-worker": PINS.pyspark,
  "kindling/jupyterlab": PINS.jupyterlab,
};

/** The default each version variable must have wherever it is declared (ARG, ${X:-default}). */
const VERSION_VARS: Record<string, string> = {
  KAFKA_VERSION: PINS.kafka,
  PYSPARK_VERSION: PINS.pyspark,
  JUPYTERLAB_VERSION: PINS.jupyterlab,
};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs Debian's docker-compose v1 in the file's folder (relative paths resolve from there). The
 * environment is minimal so that `${X:-default}` resolves to the files' own defaults, not to
 * whatever the developer has exported.
 */
function compose(file: string, ...args: string[]): Run {
  const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/root", LANG: "C.UTF-8" };
  const r = spawnSync("docker-compose", ["-f", file, ...args], { cwd: dirname(file), env, encoding: "utf8" });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new Error(
      code === "ENOENT"
        ? "docker-compose is not installed; these tests need its parser: apt-get install docker-compose"
        : `docker-compose failed to start: ${r.error.message}`,
    );
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The normalised config: defaults interpolated, ports as "ip:host:container/proto" strings. */
function normalised(file: string): Record<string, any> {
  const r = compose(file, "config");
  expect(r.status, r.stderr).toBe(0);
  return parse(r.stdout) as Record<string, any>;
}

/** Every file under docker/ (Dockerfiles, build.sh, compose files, README). */
function dockerFiles(dir = dockerDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? dockerFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe("docker/ compose files", () => {
  for (const file of composeFiles) {
    const name = relative(dockerDir, file);

    it(`${name} passes docker-compose config`, () => {
      const r = compose(file, "config", "-q");
      expect(r.status, r.stderr).toBe(0);
    });

    // Proves the check above can fail: the same file with an unknown key must be rejected.
    it(`${name} with a bad key is rejected by docker-compose`, () => {
      const doc = parse(readFileSync(file, "utf8")) as { services: Record<string, Record<string, unknown>> };
      const first = Object.keys(doc.services)[0]!;
      doc.services[first]!["not_a_compose_key"] = true;
      const tmp = mkdtempSync(join(tmpdir(), "kindling-compose-"));
      try {
        const broken = join(tmp, "docker-compose.yml");
        writeFileSync(broken, stringify(doc));
        const r = compose(broken, "config", "-q");
        expect(r.status).not.toBe(0);
        expect(r.stderr).toContain("not_a_compose_key");
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });

    it(`${name} uses pinned image tags`, () => {
      for (const [service, def] of Object.entries(normalised(file)["services"] as Record<string, any>)) {
        const image = String(def.image);
        const [repo, tag] = image.split(":");
        expect(IMAGE_TAGS, `${service}: image ${image} has no pin in this test`).toHaveProperty([repo!]);
        expect(tag, `${service}: ${image}`).toBe(IMAGE_TAGS[repo!]);
      }
    });

    it(`${name} publishes ports on 127.0.0.1 only`, () => {
      for (const [service, def] of Object.entries(normalised(file)["services"] as Record<string, any>)) {
        for (const port of (def.ports ?? []) as unknown[]) {
          // v1 normalises the short syntax to a string; the long syntax stays an object.
          const hostIp = typeof port === "string" ? port.split(":")[0] : (port as { host_ip?: string }).host_ip;
          expect(hostIp, `${service}: port ${JSON.stringify(port)}`).toBe("127.0.0.1");
        }
      }
    });

    it(`${name} joins the external kafka-spark-network`, () => {
      expect(normalised(file)["networks"]).toEqual({ default: { external: true, name: "kafka-spark-network" } });
    });
  }
});

describe("docker/ versions", () => {
  it("every version default (ARG X=, ${X:-}) equals PINS", () => {
    const seen = new Set<string>();
    for (const file of dockerFiles()) {
      const text = readFileSync(file, "utf8");
      // A value starting with `$` (build.sh's `X="${X:-4.1.1}"`) is not a default; the default
      // inside it matches on its own.
      for (const m of text.matchAll(/\b([A-Z]+_VERSION)(?:=|:-)"?([^\s"}$][^\s"}]*)/g)) {
        const [, name, value] = m;
        if (!(name! in VERSION_VARS)) continue;
        seen.add(name!);
        expect(value, `${relative(dockerDir, file)}: ${m[0]}`).toBe(VERSION_VARS[name!]);
      }
    }
    // Guards the regex itself: if it matched nothing, the loop above would pass vacuously.
    expect([...seen].sort()).toEqual(Object.keys(VERSION_VARS).sort());
  });

  it("pip installs take their versions from the build args", () => {
    for (const file of dockerFiles().filter((f) => f.endsWith("Dockerfile"))) {
      for (const m of readFileSync(file, "utf8").matchAll(/\b(pyspark|jupyterlab)==([^\s"]+)/g)) {
        expect(m[2], `${relative(dockerDir, file)}: ${m[0]}`).toBe(`\${${m[1]!.toUpperCase()}_VERSION}`);
      }
    }
  });

  it("the Spark Kafka connector named in docker/ matches the scala and pyspark pins", () => {
    const text = dockerFiles().map((f) => readFileSync(f, "utf8")).join("\n");
    const coords = [...text.matchAll(/spark-sql-kafka-0-10_([\d.]+):([\d.]+\d)/g)];
    expect(coords.length).toBeGreaterThan(0);
    for (const [coord, scala, version] of coords) {
      expect([scala, version], coord).toEqual([PINS.scala, PINS.pyspark]);
    }
  });
});

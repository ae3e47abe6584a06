import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession } from "../../src/index.js";
import { readRides, startWindowedToKafkaQuery } from "../../src/cli/course-job.js";
import { ensureTopic, withAdmin } from "../../src/connectors/kafka/admin.js";
import { produceRecords } from "../../src/connectors/kafka/producer.js";
import { latestOffsets, readOffsetRange } from "../../src/connectors/kafka/range-reader.js";
import { COURSE_SHAPE, generatedRecords } from "../../src/cli/ride-records.js";
import { sparkSubmit } from "../../src/stack/spark-submit.js";
import { expectSameRows } from "../support/compare-rows.js";
import { requireKafka, requireSpark, stack } from "../support/stack.js";

const run = `${process.pid}-${Date.now()}`;
const input = `kindling-twin-rides-${run}`;
const fromKindling = `kindling-twin-out-kindling-${run}`;
const fromSpark = `kindling-twin-out-spark-${run}`;

async function topicRecords(servers: string, topic: string): Promise<string[][]> {
  const out: string[][] = [];
  await readOffsetRange(servers, topic, new Map(), await latestOffsets(servers, topic), (r) => out.push([r.key?.toString() ?? "null", r.value?.toString() ?? "null"]));
  return out;
}

/**
 * The demo's job (src/cli/course-job.ts) and its PySpark twin (spark-jobs/course_streaming.py),
 * submitted to the stack's Spark master, over the same rides: the same windowed counts arrive on
 * their output topics.
 */
describe("the course's job and its PySpark twin on the Spark master", () => {
  let servers: string;
  beforeAll(async () => {
    servers = await requireKafka();
    await withAdmin(servers, async (admin) => {
      await ensureTopic(admin, input, 2);
      await ensureTopic(admin, fromKindling, 1);
      await ensureTopic(admin, fromSpark, 1);
    });
    // Rides with empty fields included: both jobs run with ANSI off, as the course did.
    await produceRecords(generatedRecords(4000, 5, COURSE_SHAPE), { servers, topic: input });
  });
  afterAll(async () => {
    await withAdmin(servers, (admin) => admin.deleteTopics({ topics: [input, fromKindling, fromSpark] })).catch(() => undefined);
  });

  it("writes the same windowed counts per vendor to Kafka", async () => {
    const master = await requireSpark();
    const log = join(stack.paths.state, "logs", "test-course-twin.log");
    const spark = await sparkSubmit(
      stack,
      "spark-jobs/course_streaming.py",
      ["--bootstrap", servers, "--input", input, "--output", fromSpark, "--max-offsets-per-trigger", "1500", "--checkpoint", mkdtempSync(join(tmpdir(), "twin-spark-"))],
      { master, logFile: log, timeoutMs: 300_000 },
    );
    expect(spark.code, `spark-submit failed; see ${log}:\n${spark.stderr.slice(-3000)}`).toBe(0);

    const session = SparkSession.builder.getOrCreate();
    session.conf.set("spark.sql.session.timeZone", "UTC");
    session.conf.set("spark.sql.ansi.enabled", "false");
    const options = { servers, inputTopic: input, outputTopic: fromKindling, startingOffsets: "earliest", checkpointRoot: mkdtempSync(join(tmpdir(), "twin-kindling-")), maxOffsetsPerTrigger: 1500 };
    const query = startWindowedToKafkaQuery(readRides(session, options), options);
    await query.awaitTermination();

    const ours = await topicRecords(servers, fromKindling);
    const theirs = await topicRecords(servers, fromSpark);
    expect(ours.length).toBeGreaterThan(0);
    expectSameRows(ours, theirs, { names: ["Kindling", "PySpark on the master"] });
  }, 420_000);
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { ensureTopic, withAdmin } from "../connectors/kafka/admin.js";
import { offsetsToJson } from "../connectors/kafka/kafka-offsets.js";
import { produceRecords } from "../connectors/kafka/producer.js";
import { latestOffsets, readOffsetRange } from "../connectors/kafka/range-reader.js";
import { SparkSession } from "../session/spark-session.js";
import { stackUp } from "../stack/stack.js";
import { readRides, startConsoleQuery, startVendorCountQuery, startWindowedToKafkaQuery, type CourseJobOptions } from "./course-job.js";
import { defaultBootstrap, positiveInt, progressLine } from "./defaults.js";
import { COURSE_SHAPE, generatedRecords } from "./ride-records.js";

interface DemoFlags {
  count: number;
  topic: string;
  output: string;
  seed: number;
}

/**
 * `kindling demo`, the README's main job: the local Kafka, the course's producer sending synthetic
 * rides to `rides_csv`, and the course's streaming job in Kindling over exactly those rides —
 * parsed rows and a count per vendor on the console, a sliding windowed count per vendor written to
 * `vendor_counts_windowed` — then what arrived on that topic.
 */
export function demoCommand(): Command {
  return new Command("demo")
    .description("run the course's streaming job on the local Kafka: produce rides, parse, count per vendor and per sliding window")
    .option("-n, --count <n>", "how many rides", positiveInt("--count"), 10_000)
    .option("-t, --topic <topic>", "input topic", "rides_csv")
    .option("-o, --output <topic>", "output topic of the windowed counts", "vendor_counts_windowed")
    .option("--seed <n>", "seed of the synthetic rides", positiveInt("--seed"), 1)
    .action(async (flags: DemoFlags) => {
      const say = (line: string): void => void process.stdout.write(`${line}\n`);
      await stackUp(["kafka"], { progress: (line) => process.stderr.write(`[stack] ${line}\n`) });
      const servers = defaultBootstrap();
      await withAdmin(servers, async (admin) => {
        await ensureTopic(admin, flags.topic, 2);
        await ensureTopic(admin, flags.output, 1);
      });
      // Only this run's rides: the job starts where the topic ends now.
      const before = await latestOffsets(servers, flags.topic);
      const outputBefore = await latestOffsets(servers, flags.output);

      const bar = progressLine();
      const sent = await produceRecords(generatedRecords(flags.count, flags.seed, COURSE_SHAPE), {
        servers,
        topic: flags.topic,
        onProgress: (n) => bar.update(`producing ${n.toLocaleString("en-US")} / ${flags.count.toLocaleString("en-US")}`),
      });
      bar.done(`produced ${sent.records.toLocaleString("en-US")} rides to ${flags.topic} in ${sent.seconds.toFixed(1)} s`);

      const spark = SparkSession.builder.appName("kindling-demo").getOrCreate();
      spark.conf.set("spark.sql.session.timeZone", "UTC");
      // The course ran on Spark 3, where ANSI mode was off: a ride with an empty field gets a null
      // there instead of failing the query. Spark 4 turned ANSI on; the PySpark twin sets the same.
      spark.conf.set("spark.sql.ansi.enabled", "false");
      const checkpointRoot = mkdtempSync(join(tmpdir(), "kindling-demo-"));
      const options: CourseJobOptions = { servers, inputTopic: flags.topic, outputTopic: flags.output, startingOffsets: offsetsToJson(new Map([[flags.topic, before]])), checkpointRoot };
      try {
        const parsed = readRides(spark, options);
        say("\n== the parsed rides (append mode, console) ==");
        await startConsoleQuery(parsed, options).awaitTermination();
        say("== rides per vendor (complete mode, console) ==");
        await startVendorCountQuery(parsed, options).awaitTermination();
        say(`== 10-minute windows sliding every 5 minutes, per vendor (update mode, to Kafka topic ${flags.output}) ==`);
        const windowed = startWindowedToKafkaQuery(parsed, options);
        await windowed.awaitTermination();
        const progress = windowed.recentProgress;
        say(`${progress.length} batch(es), ${progress.reduce((n, p) => n + p.numInputRows, 0)} rides in, ${progress.reduce((n, p) => n + p.sink.numOutputRows, 0)} window counts out`);
      } finally {
        rmSync(checkpointRoot, { recursive: true, force: true });
      }

      const outputAfter = await latestOffsets(servers, flags.output);
      const arrived: string[] = [];
      const n = await readOffsetRange(servers, flags.output, outputBefore, outputAfter, (r) => {
        if (arrived.length < 10) arrived.push(`key: ${r.key?.toString("utf8") ?? "null"}, value: ${r.value?.toString("utf8") ?? "null"}`);
      });
      say(`\n== what arrived on ${flags.output} (first ${arrived.length} of ${n}) ==`);
      for (const line of arrived) say(`  ${line}`);
      say(`\ndemo done: ${sent.records} rides in, ${n} windowed counts out on ${flags.output}`);
    });
}

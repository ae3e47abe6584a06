import { Command } from "commander";
import { ensureTopic, withAdmin } from "../connectors/kafka/admin.js";
import { produceRecords } from "../connectors/kafka/producer.js";
import { latestOffsets, readOffsetRange } from "../connectors/kafka/range-reader.js";
import { stackUp } from "../stack/stack.js";
import { defaultBootstrap, positiveInt, progressLine } from "./defaults.js";
import { COURSE_SHAPE, generatedRecords } from "./ride-records.js";

interface DemoFlags {
  count: number;
  topic: string;
  seed: number;
}

/**
 * `kindling demo`, the README's main job. Today: the local Kafka, the course's producer sending
 * synthetic rides to `rides_csv`, and a consumer reading exactly those records back with a count per
 * vendor. (The streaming windowed job joins it when the streaming engine lands.)
 */
export function demoCommand(): Command {
  return new Command("demo")
    .description("start the local Kafka, produce synthetic taxi rides to rides_csv and read them back")
    .option("-n, --count <n>", "how many rides", positiveInt("--count"), 10_000)
    .option("-t, --topic <topic>", "topic to use", "rides_csv")
    .option("--seed <n>", "seed of the synthetic rides", positiveInt("--seed"), 1)
    .action(async (flags: DemoFlags) => {
      const say = (line: string): void => void process.stdout.write(`${line}\n`);
      await stackUp(["kafka"], { progress: (line) => process.stderr.write(`[stack] ${line}\n`) });
      const servers = defaultBootstrap();
      await withAdmin(servers, (admin) => ensureTopic(admin, flags.topic, 2));
      const before = await latestOffsets(servers, flags.topic);

      const bar = progressLine();
      const sent = await produceRecords(generatedRecords(flags.count, flags.seed, COURSE_SHAPE), {
        servers,
        topic: flags.topic,
        onProgress: (n) => bar.update(`producing ${n.toLocaleString("en-US")} / ${flags.count.toLocaleString("en-US")}`),
      });
      bar.done(`produced ${sent.records.toLocaleString("en-US")} rides to ${flags.topic} in ${sent.seconds.toFixed(1)} s`);

      const after = await latestOffsets(servers, flags.topic);
      const perVendor = new Map<string, number>();
      const sample: string[] = [];
      const read = await readOffsetRange(servers, flags.topic, before, after, (r) => {
        const key = r.key?.toString("utf8") ?? "null";
        perVendor.set(key, (perVendor.get(key) ?? 0) + 1);
        if (sample.length < 5) sample.push(`key: ${key}, value: ${r.value?.toString("utf8") ?? "null"}`);
      });
      say(`\nfirst records read back from ${flags.topic}:`);
      for (const line of sample) say(`  ${line}`);
      say(`\nrides per VendorID (the key):`);
      for (const [vendor, n] of [...perVendor].sort(([a], [b]) => a.localeCompare(b))) say(`  ${vendor === "" ? "(empty)" : vendor.padEnd(7)} ${n}`);
      if (read !== sent.records) {
        throw new Error(`round trip lost records: produced ${sent.records}, read back ${read}`);
      }
      say(`\nround trip OK: produced ${sent.records}, read back ${read} from ${servers}`);
    });
}

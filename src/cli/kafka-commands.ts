import { Command, Option } from "commander";
import { describeTopic, ensureTopic, withAdmin } from "../connectors/kafka/admin.js";
import { consumeRecords } from "../connectors/kafka/consumer.js";
import { produceRecords } from "../connectors/kafka/producer.js";
import { RIDE_COLUMNS } from "../datagen/ride-columns.js";
import { defaultBootstrap, positiveInt, progressLine } from "./defaults.js";
import { COURSE_SHAPE, csvFileRecords, generatedRecords, type RecordShape, type ValueFormat } from "./ride-records.js";

interface ProduceFlags {
  topic: string;
  file?: string;
  generate?: string;
  count?: number;
  seed: number;
  format: ValueFormat;
  key: string;
  columns?: string;
  rate?: number;
  limit?: number;
  bootstrapServer: string;
}

/** `kindling produce`: the course's producer (rides as `", "`-joined lines keyed by VendorID). */
export function produceCommand(): Command {
  return new Command("produce")
    .description("send rides to a Kafka topic as the course's producer does (from a CSV file, or synthetic)")
    .requiredOption("-t, --topic <topic>", "topic to write to")
    .option("-f, --file <csv>", "a rides CSV file with a header line")
    .addOption(new Option("-g, --generate <dataset>", "send synthetic data instead of a file").choices(["rides"]))
    .option("-n, --count <n>", "how many synthetic rides (with --generate)", positiveInt("--count"))
    .option("--seed <n>", "seed of the synthetic rides", positiveInt("--seed"), 1)
    .addOption(new Option("--format <format>", "value format").choices(["csv-line", "json"]).default("csv-line"))
    .option("--key <column>", "column sent as the key ('none' for no key)", "VendorID")
    .option("--columns <list>", "comma-separated value columns (default: the course's seven for csv-line, all for json)")
    .option("--rate <n>", "records per second at most", positiveInt("--rate"))
    .option("--limit <n>", "send at most this many rows of the file", positiveInt("--limit"))
    .option("-b, --bootstrap-server <host:port>", "Kafka bootstrap servers", defaultBootstrap())
    .action(async (flags: ProduceFlags) => {
      if ((flags.file === undefined) === (flags.generate === undefined)) throw new Error("give exactly one of --file <csv> or --generate rides");
      const columns = flags.columns?.split(",").map((c) => c.trim()) ?? (flags.format === "json" ? RIDE_COLUMNS : COURSE_SHAPE.columns);
      const shape: RecordShape = { format: flags.format, keyColumn: flags.key === "none" ? null : flags.key, columns };
      const total = flags.generate !== undefined ? (flags.count ?? 1000) : flags.limit;
      const records = flags.generate !== undefined ? generatedRecords(total!, flags.seed, shape) : csvFileRecords(flags.file!, shape, flags.limit);
      const stop = new AbortController();
      process.once("SIGINT", () => stop.abort());
      const bar = progressLine();
      const summary = await produceRecords(records, {
        servers: flags.bootstrapServer,
        topic: flags.topic,
        ...(flags.rate === undefined ? {} : { ratePerSecond: flags.rate }),
        signal: stop.signal,
        onProgress: (sent) => bar.update(`produced ${sent.toLocaleString("en-US")}${total === undefined ? "" : ` / ${total.toLocaleString("en-US")}`} records to ${flags.topic}`),
      });
      const rate = summary.seconds > 0 ? Math.round(summary.records / summary.seconds) : summary.records;
      bar.done(`produced ${summary.records.toLocaleString("en-US")} records to ${flags.topic} in ${summary.seconds.toFixed(1)} s (${rate.toLocaleString("en-US")} records/s)`);
    });
}

interface ConsumeFlags {
  topic: string;
  fromBeginning?: boolean;
  max?: number;
  group?: string;
  idle?: number;
  bootstrapServer: string;
}

/** `kindling consume`: prints each record's key and value, as the course's consumer does. */
export function consumeCommand(): Command {
  return new Command("consume")
    .description("print the key and value of each record of a topic")
    .requiredOption("-t, --topic <topic>", "topic to read")
    .option("--from-beginning", "start at the earliest offset instead of new records only")
    .option("--max <n>", "stop after n records", positiveInt("--max"))
    .option("--group <id>", "join this consumer group and commit offsets (default: a throw-away group)")
    .option("--idle <ms>", "stop when no record arrives for this long", positiveInt("--idle"))
    .option("-b, --bootstrap-server <host:port>", "Kafka bootstrap servers", defaultBootstrap())
    .action(async (flags: ConsumeFlags) => {
      await withAdmin(flags.bootstrapServer, (admin) => describeTopic(admin, flags.topic));
      const stop = new AbortController();
      process.once("SIGINT", () => stop.abort());
      const n = await consumeRecords(
        {
          servers: flags.bootstrapServer,
          topic: flags.topic,
          fromBeginning: flags.fromBeginning === true,
          ...(flags.max === undefined ? {} : { max: flags.max }),
          ...(flags.group === undefined ? {} : { groupId: flags.group }),
          ...(flags.idle === undefined ? {} : { idleMs: flags.idle }),
          signal: stop.signal,
        },
        (r) => process.stdout.write(`key: ${r.key?.toString("utf8") ?? "null"}, value: ${r.value?.toString("utf8") ?? "null"}\n`),
      );
      process.stderr.write(`read ${n} records from ${flags.topic}\n`);
    });
}

/** `kindling topics list|create|describe|delete` through kafkajs's admin client. */
export function topicsCommand(): Command {
  const topics = new Command("topics").description("list, create, describe and delete Kafka topics");
  const bootstrap = (): Option => new Option("-b, --bootstrap-server <host:port>", "Kafka bootstrap servers").default(defaultBootstrap());
  topics
    .command("list", { isDefault: true })
    .description("list topics (internal ones hidden)")
    .addOption(bootstrap())
    .action(async (flags: { bootstrapServer: string }) => {
      const names = await withAdmin(flags.bootstrapServer, (a) => a.listTopics());
      for (const name of names.filter((n) => !n.startsWith("__")).sort()) process.stdout.write(`${name}\n`);
    });
  topics
    .command("create")
    .argument("<topic>")
    .option("-p, --partitions <n>", "number of partitions", positiveInt("--partitions"), 1)
    .addOption(bootstrap())
    .action(async (topic: string, flags: { partitions: number; bootstrapServer: string }) => {
      const created = await withAdmin(flags.bootstrapServer, (a) => ensureTopic(a, topic, flags.partitions));
      process.stdout.write(created ? `created ${topic} with ${flags.partitions} partition(s)\n` : `${topic} exists already\n`);
    });
  topics
    .command("describe")
    .argument("<topic>")
    .addOption(bootstrap())
    .action(async (topic: string, flags: { bootstrapServer: string }) => {
      const d = await withAdmin(flags.bootstrapServer, (a) => describeTopic(a, topic));
      process.stdout.write(`topic ${d.name}: ${d.partitions.length} partition(s)\n`);
      for (const p of d.partitions) process.stdout.write(`  partition ${p.partition}  leader ${p.leader}  offsets ${p.low}..${p.high}\n`);
    });
  topics
    .command("delete")
    .argument("<topic>")
    .addOption(bootstrap())
    .action(async (topic: string, flags: { bootstrapServer: string }) => {
      await withAdmin(flags.bootstrapServer, async (a) => {
        await describeTopic(a, topic);
        await a.deleteTopics({ topics: [topic] });
      });
      process.stdout.write(`deleted ${topic}\n`);
    });
  return topics;
}

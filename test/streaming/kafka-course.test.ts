import { Kafka, Partitioners, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession, functions as F, type DataFrame } from "../../src/index.js";
import { courseLines, generateRides } from "../../src/datagen/rides.js";
import { parseRides } from "../../src/cli/course-job.js";
import { sparkKafkaJarList } from "../../src/stack/install.js";
import { kindlingRows } from "../differential/support/diff-case.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";
import { requireKafka, stack } from "../support/stack.js";

const COUNT = 600;
const topic = `kindling-course-${process.pid}-${Date.now()}`;

/** The course's parse (the demo job's own) of a `", "`-joined ride value into typed columns. */
const parse = parseRides;
const PY_PARSE = `
_f = F.split(F.col("value").cast("string"), ", ")
parsed = src.select(_f.getItem(0).cast("int").alias("vendor_id"), _f.getItem(1).cast("timestamp").alias("tpep_pickup_datetime"),
    _f.getItem(2).cast("timestamp").alias("tpep_dropoff_datetime"), _f.getItem(3).cast("int").alias("passenger_count"),
    _f.getItem(4).cast("float").alias("trip_distance"), _f.getItem(5).cast("int").alias("payment_type"),
    _f.getItem(6).cast("float").alias("total_amount"))
`;

const PY_RUN = `
src = (spark.readStream.format("kafka").option("kafka.bootstrap.servers", params["servers"])
    .option("subscribe", params["topic"]).option("startingOffsets", "earliest")
    .option("maxOffsetsPerTrigger", params["max"]).load())
${PY_PARSE}
__QUERY__
_rows = []
def _collect(_df, _bid):
    _rows.extend([(_bid,) + tuple(_r) for _r in _df.collect()])
_q = out.writeStream.outputMode(params["mode"]).foreachBatch(_collect).trigger(availableNow=True).start()
_q.awaitTermination()
df = spark.createDataFrame(_rows, schema=T.StructType([T.StructField("batch_id", T.LongType())] + out.schema.fields))
`;

async function runKindling(servers: string, mode: string, query: (parsed: DataFrame) => DataFrame): Promise<unknown[][]> {
  const spark = SparkSession.builder.getOrCreate();
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  const src = spark.readStream
    .format("kafka")
    .option("kafka.bootstrap.servers", servers)
    .option("subscribe", topic)
    .option("startingOffsets", "earliest")
    .option("maxOffsetsPerTrigger", 200)
    .load();
  const rows: unknown[][] = [];
  const q = query(parse(src))
    .writeStream.outputMode(mode)
    .foreachBatch((df, id) => {
      for (const r of kindlingRows(df)) rows.push([BigInt(id), ...r]);
    })
    .trigger({ availableNow: true })
    .start();
  await q.awaitTermination();
  return rows;
}

/** The course's streaming job over a real topic: Kindling's Kafka source against spark-sql-kafka, batch by batch. */
describe("the course's job from Kafka, against PySpark", () => {
  let oracle: PySparkOracle;
  let servers: string;

  beforeAll(async () => {
    servers = await requireKafka();
    const kafka = new Kafka({ clientId: "kindling-test", brokers: [servers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    // No empty fields here: with ANSI on (Spark 4's default) CAST('' AS INT) fails the query in both
    // engines (the failure itself is compared in its own case below).
    const rows = [...generateRides({ count: COUNT, seed: 11, missingFraction: 0 })];
    const values = [...courseLines({ count: COUNT, seed: 11, missingFraction: 0 })];
    const complete = values.map((value, i) => ({ key: rows[i]![0]!, value })).filter((m) => !m.value.split(", ").includes(""));
    await producer.send({ topic, messages: complete });
    await producer.disconnect();
    oracle = await PySparkOracle.start({ jars: sparkKafkaJarList(stack.paths) });
  });

  afterAll(async () => {
    await oracle?.stop();
  });

  const cases: Record<string, { mode: string; kindling: (p: DataFrame) => DataFrame; pyspark: string }> = {
    "parsed rows in rate-limited batches (maxOffsetsPerTrigger split by lag)": {
      mode: "append",
      kindling: (p) => p,
      pyspark: "out = parsed",
    },
    "10-minute windows sliding every 5 minutes per vendor, with a watermark, update mode": {
      mode: "update",
      kindling: (p) => p.withWatermark("tpep_pickup_datetime", "10 minutes").groupBy(F.window(F.col("tpep_pickup_datetime"), "10 minutes", "5 minutes"), F.col("vendor_id")).count(),
      pyspark: 'out = parsed.withWatermark("tpep_pickup_datetime", "10 minutes").groupBy(F.window("tpep_pickup_datetime", "10 minutes", "5 minutes"), "vendor_id").count()',
    },
    "count per vendor, complete mode": {
      mode: "complete",
      kindling: (p) => p.groupBy("vendor_id").count(),
      pyspark: 'out = parsed.groupBy("vendor_id").count()',
    },
  };

  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const theirs = await oracle.run(PY_RUN.replace("__QUERY__", c.pyspark), {
        params: { servers, topic, max: 200, mode: c.mode },
        timeoutMs: 240_000,
      });
      const ours = await runKindling(servers, c.mode, c.kindling);
      expect(ours.length).toBeGreaterThan(0);
      expectSameRows(ours, theirs.rows.map((r) => [...r]), { names: ["Kindling", "PySpark"] });
    });
  }
});

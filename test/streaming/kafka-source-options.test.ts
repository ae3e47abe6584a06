/**
 * The Kafka source's options, read by Kindling and by PySpark (spark-sql-kafka) from the same real
 * topics, batch (`read.format("kafka")`) and streaming (`readStream`, trigger availableNow): the
 * same rows must come out. The topics hold what real topics hold: 6 partitions and 1, gzip batches,
 * null keys and values, headers, a committed and an aborted transaction (their control records
 * take offsets), explicit record timestamps, and records written by kcat (librdkafka) instead of kafkajs.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompressionTypes, Kafka, Partitioners, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession, functions as F, type DataFrame } from "../../src/index.js";
import { sparkKafkaJarList } from "../../src/stack/install.js";
import { kindlingRows } from "../differential/support/diff-case.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";
import { requireKafka, stack } from "../support/stack.js";

const run = `kopt-${process.pid}-${Date.now()}`;
const SIX = `${run}-six`;
const TX = `${run}-tx`;
const KCAT = `${run}-kcat`;
const BYTES = `${run}-bytes`;
const CODECS = ["snappy", "lz4", "zstd"] as const;
/** Record timestamps of SIX: BASE + i seconds, so timestamp options have exact answers. */
const BASE = 1_700_000_000_000;
const PER_PARTITION = 40;

/** The columns both engines project: everything Spark's Kafka schema has, bytes as text. */
function project(df: DataFrame): DataFrame {
  return df.select(
    F.col("key").cast("string").alias("key"),
    F.col("value").cast("string").alias("value"),
    "topic",
    "partition",
    "offset",
    "timestamp",
    "timestampType",
  );
}
const PY_PROJECT = `_project = lambda d: d.select(F.col("key").cast("string").alias("key"), F.col("value").cast("string").alias("value"), "topic", "partition", "offset", "timestamp", "timestampType")`;

const PY_BATCH = `
${PY_PROJECT}
_r = spark.read.format("kafka")
for _k, _v in params["options"].items():
    _r = _r.option(_k, _v)
df = __QUERY__
`;

const PY_STREAM = `
${PY_PROJECT}
_r = spark.readStream.format("kafka")
for _k, _v in params["options"].items():
    _r = _r.option(_k, _v)
_src = _r.load()
_out = _project(_src)
_rows = []
def _collect(_df, _bid):
    _rows.extend([(_bid,) + tuple(_x) for _x in _df.collect()])
_q = _out.writeStream.foreachBatch(_collect).trigger(availableNow=True).start()
_q.awaitTermination()
df = spark.createDataFrame(_rows, schema=T.StructType([T.StructField("batch_id", T.LongType())] + _out.schema.fields))
`;

/** Waits (bounded) until SIX's high watermarks and its timestamp index answer as the data says. */
async function untilReady(kafka: Kafka, timeoutMs: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const highs = await admin.fetchTopicOffsets(SIX);
      const byTs = await admin.fetchTopicOffsetsByTimestamp(SIX, BASE + 60_000);
      const full = highs.length === 6 && highs.every((p) => Number(p.high) === PER_PARTITION);
      // i = 60…65 are the first records at or after BASE + 60 s: offset 10 of every partition.
      const indexed = byTs.length === 6 && byTs.every((p) => Number(p.offset) === 10);
      if (full && indexed) return;
      if (Date.now() > deadline) throw new Error(`the broker did not show ${SIX}'s records within ${timeoutMs / 1000} s: ${JSON.stringify({ highs, byTs })}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

describe("Kafka source options, Kindling against PySpark on the same topics", () => {
  let oracle: PySparkOracle;
  let servers: string;
  let spark: SparkSession;

  const batchRead = (options: Record<string, string>): DataFrame => {
    let r = spark.read.format("kafka");
    for (const [k, v] of Object.entries(options)) r = r.option(k, v);
    return r.load();
  };

  async function sparkBatch(options: Record<string, string>, query = "_project(_r.load())"): Promise<unknown[][]> {
    const res = await oracle.run(PY_BATCH.replace("__QUERY__", query), { params: { options }, conf: { "spark.sql.session.timeZone": "UTC" }, timeoutMs: 180_000 });
    return res.rows.map((r) => [...r]);
  }

  beforeAll(async () => {
    servers = await requireKafka();
    const kafka = new Kafka({ clientId: "kindling-test", brokers: [servers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        // Its records carry 2023 timestamps: without retention.ms=-1 the broker's time-based
        // retention (7 days by default) deletes them at its next check, mid-test (seen in CI).
        { topic: SIX, numPartitions: 6, configEntries: [{ name: "retention.ms", value: "-1" }] },
        { topic: TX, numPartitions: 1 },
        { topic: KCAT, numPartitions: 2 },
        { topic: BYTES, numPartitions: 1 },
        ...CODECS.map((c) => ({ topic: `${KCAT}-${c}`, numPartitions: 2 })),
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();

    // SIX: gzip batches per partition; every 7th key null, every 11th value null (a tombstone),
    // every 5th record with a header; timestamps BASE + i s, in order within each partition.
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    for (let p = 0; p < 6; p++) {
      const messages = Array.from({ length: PER_PARTITION }, (_, j) => {
        const i = j * 6 + p;
        return {
          partition: p,
          key: i % 7 === 0 ? null : `k${i % 13}`,
          value: i % 11 === 0 ? null : `ride ${i}, ${(i * 1.25).toFixed(2)}`,
          timestamp: String(BASE + i * 1000),
          ...(i % 5 === 0 ? { headers: { source: `gen-${i}` } } : {}),
        };
      });
      await producer.send({ topic: SIX, compression: CompressionTypes.GZIP, messages });
    }
    await producer.disconnect();

    // TX: a committed transaction, an aborted one, then a plain record; the markers take offsets.
    const txProducer = kafka.producer({ transactionalId: `${run}-txid`, idempotent: true, maxInFlightRequests: 1 });
    await txProducer.connect();
    const committed = await txProducer.transaction();
    await committed.send({ topic: TX, messages: [{ key: "c", value: "committed 1" }, { key: "c", value: "committed 2" }] });
    await committed.commit();
    const aborted = await txProducer.transaction();
    await aborted.send({ topic: TX, messages: [{ key: "a", value: "aborted 1" }] });
    await aborted.abort();
    await txProducer.disconnect();
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic: TX, messages: [{ key: "p", value: "after the transactions" }] });
    await plain.disconnect();

    // BYTES: values that are not valid UTF-8 (truncated and overlong sequences, stray continuation
    // bytes, a lone surrogate's encoding) and some that are, non-ASCII included.
    const bytes = kafka.producer();
    await bytes.connect();
    const raw = [
      [0x61, 0xe2, 0x82], [0xc0, 0xaf], [0x80, 0x41, 0xbf], [0xed, 0xa0, 0x80], [0xed, 0xa0, 0x80, 0x78], [0xf0, 0x9f, 0x98, 0x80], [0xc3, 0xbc, 0x2c, 0x20, 0xff],
      [0xe2, 0x28, 0xa1], [], [0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x2c], [0xf0, 0x9f, 0x2c], [0xf5, 0x80, 0x80, 0x80], [0xf0, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80],
      [0xe0, 0x80, 0x80], [0xe0, 0xa0], [0xe2, 0x82, 0x2c], [0xc2], [0xc2, 0x41], [0xff, 0xfe], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82, 0xac, 0xe2],
    ];
    await bytes.send({ topic: BYTES, messages: raw.map((b) => ({ value: Buffer.from(b) })) });
    await bytes.disconnect();

    // KCAT: librdkafka writes its own record batches (gzip, key delimiter ':').
    const lines = Array.from({ length: 50 }, (_, i) => `kc${i % 4}:line ${i} from kcat`).join("\n") + "\n";
    execFileSync("kcat", ["-P", "-b", servers, "-t", KCAT, "-K", ":", "-z", "gzip", "-p", "-1"], { input: lines, timeout: 30_000 });
    // The codecs kafkajs lacks (Kindling adds them): long enough values that librdkafka compresses.
    const long = Array.from({ length: 300 }, (_, i) => `kc${i % 4}:ride ${i}, ${"2020-07-01 00:25:32, ".repeat(4)}${i * 3}`).join("\n") + "\n";
    for (const codec of CODECS) execFileSync("kcat", ["-P", "-b", servers, "-t", `${KCAT}-${codec}`, "-K", ":", "-z", codec], { input: long, timeout: 30_000 });

    // Readiness: every SIX record is readable and the broker answers timestamp lookups for every partition.
    await untilReady(kafka, 60_000);

    spark = SparkSession.builder.getOrCreate();
    spark.conf.set("spark.sql.session.timeZone", "UTC");
    oracle = await PySparkOracle.start({ jars: sparkKafkaJarList(stack.paths) });
  });

  afterAll(async () => {
    await oracle?.stop();
  });

  const base = (): Record<string, string> => ({ "kafka.bootstrap.servers": servers });

  it("reads a 6-partition gzip topic with null keys and values the same (batch)", async () => {
    const options = { ...base(), subscribe: SIX };
    const ours = kindlingRows(project(batchRead(options)));
    expect(ours).toHaveLength(6 * PER_PARTITION);
    expectSameRows(ours, await sparkBatch(options), { names: ["Kindling", "PySpark"] });
  });

  it("reads headers the same (includeHeaders)", async () => {
    const options = { ...base(), subscribe: SIX, includeHeaders: "true" };
    const ours = kindlingRows(
      batchRead(options).select("partition", "offset", F.col("headers").getItem(0).getField("key").alias("hk"), F.col("headers").getItem(0).getField("value").cast("string").alias("hv")),
    );
    expect(ours.filter((r) => r[2] === "source")).toHaveLength(48);
    const theirs = await sparkBatch(options, '_r.load().select("partition", "offset", F.col("headers").getItem(0).getField("key").alias("hk"), F.col("headers").getItem(0).getField("value").cast("string").alias("hv"))');
    expectSameRows(ours, theirs, { names: ["Kindling", "PySpark"] });
  });

  it("reads assigned partitions between explicit starting and ending offsets the same", async () => {
    const options = {
      ...base(),
      assign: JSON.stringify({ [SIX]: [0, 2, 4] }),
      startingOffsets: JSON.stringify({ [SIX]: { "0": 3, "2": -2, "4": 10 } }),
      endingOffsets: JSON.stringify({ [SIX]: { "0": 9, "2": -1, "4": 12 } }),
    };
    const ours = kindlingRows(project(batchRead(options)));
    expect(ours).toHaveLength(6 + PER_PARTITION + 2);
    expectSameRows(ours, await sparkBatch(options), { names: ["Kindling", "PySpark"] });
  });

  it("turns startingTimestamp / endingTimestamp and offsets by timestamp into the same offsets", async () => {
    const global = { ...base(), subscribe: SIX, startingTimestamp: String(BASE + 100_500), endingTimestamp: String(BASE + 180_000) };
    const ours = kindlingRows(project(batchRead(global)));
    // records with i in 101..179 (timestamps at or after the start, before the end)
    expect(ours).toHaveLength(79);
    expectSameRows(ours, await sparkBatch(global), { names: ["Kindling", "PySpark"] });

    const perPartition: Record<string, number> = {};
    for (let p = 0; p < 6; p++) perPartition[String(p)] = BASE + p * 20_000;
    const byTimestamp = { ...base(), subscribe: SIX, startingOffsetsByTimestamp: JSON.stringify({ [SIX]: perPartition }) };
    expectSameRows(kindlingRows(project(batchRead(byTimestamp))), await sparkBatch(byTimestamp), { names: ["Kindling", "PySpark"] });
  });

  it("fails a starting timestamp after every record, unless the strategy is latest", async () => {
    const late = { ...base(), subscribe: SIX, startingTimestamp: String(BASE + 10_000_000) };
    expect(() => batchRead(late).count()).toThrow(/No offset matched from request of topic-partition .*-six-\d and timestamp 1700010000000/);
    const latest = { ...late, startingOffsetsByTimestampStrategy: "latest" };
    expect(batchRead(latest).count()).toBe(0);
    expect(await sparkBatch(latest)).toEqual([]);
  });

  it("reads a transactional topic as Spark does: aborted records too (read_uncommitted), or not (read_committed)", async () => {
    const uncommitted = { ...base(), subscribe: TX };
    const ours = kindlingRows(project(batchRead(uncommitted)));
    expect(ours.map((r) => r[1])).toEqual(["committed 1", "committed 2", "aborted 1", "after the transactions"]);
    expectSameRows(ours, await sparkBatch(uncommitted), { names: ["Kindling", "PySpark"] });

    const committed = { ...uncommitted, "kafka.isolation.level": "read_committed" };
    const oursCommitted = kindlingRows(project(batchRead(committed)));
    expect(oursCommitted.map((r) => r[1])).toEqual(["committed 1", "committed 2", "after the transactions"]);
    expectSameRows(oursCommitted, await sparkBatch(committed), { names: ["Kindling", "PySpark"] });
  });

  it("decodes values that are not valid UTF-8 as Spark does (CAST(value AS STRING))", async () => {
    const options = { ...base(), subscribe: BYTES };
    const ours = kindlingRows(project(batchRead(options)));
    expect(ours).toHaveLength(23);
    expectSameRows(ours, await sparkBatch(options), { names: ["Kindling", "PySpark"] });
  });

  it("reads records produced by kcat (librdkafka, gzip) the same", async () => {
    const options = { ...base(), subscribe: KCAT };
    const ours = kindlingRows(project(batchRead(options)));
    expect(ours).toHaveLength(50);
    expectSameRows(ours, await sparkBatch(options), { names: ["Kindling", "PySpark"] });
  });

  it("reads snappy, lz4 and zstd batches written by kcat the same", async () => {
    for (const codec of CODECS) {
      const options = { ...base(), subscribe: `${KCAT}-${codec}` };
      const ours = kindlingRows(project(batchRead(options)));
      expect(ours, codec).toHaveLength(300);
      expectSameRows(ours, await sparkBatch(options), { names: ["Kindling", "PySpark"] });
    }
  });

  it("streams a topic pattern from a timestamp in rate-limited batches the same (availableNow)", async () => {
    const options = { ...base(), subscribePattern: `${run}-(six|tx)`, startingTimestamp: String(BASE + 60_000), maxOffsetsPerTrigger: "70" };
    let src = spark.readStream.format("kafka");
    for (const [k, v] of Object.entries(options)) src = src.option(k, v);
    const rows: unknown[][] = [];
    const q = project(src.load())
      .writeStream.foreachBatch((df, id) => {
        for (const r of kindlingRows(df)) rows.push([BigInt(id), ...r]);
      })
      .trigger({ availableNow: true })
      .start();
    await q.awaitTermination();
    const batches = new Set(rows.map((r) => r[0]));
    expect(batches.size).toBeGreaterThan(2);
    const theirs = await oracle.run(PY_STREAM, { params: { options }, conf: { "spark.sql.session.timeZone": "UTC" }, timeoutMs: 240_000 });
    expectSameRows(rows, theirs.rows.map((r) => [...r]), { names: ["Kindling", "PySpark"] });
  });

  it("keeps its initial offsets in the checkpoint (sources/0/0, Spark's layout), so a restart before the first batch still starts there", async () => {
    const topic = `${run}-late`;
    const kafka = new Kafka({ clientId: "kindling-test", brokers: [servers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: [{ partition: 0, value: "before 1" }, { partition: 1, value: "before 2" }] });

    const dir = mkdtempSync(join(tmpdir(), "kindling-kafka-initial-"));
    const checkpoint = join(dir, "ckpt");
    const start = async (): Promise<string[]> => {
      const seen: string[] = [];
      const q = spark.readStream
        .format("kafka")
        .option("kafka.bootstrap.servers", servers)
        .option("subscribe", topic)
        .option("startingOffsets", "latest")
        .load()
        .select(F.col("value").cast("string"))
        .writeStream.foreachBatch((df) => {
          for (const r of kindlingRows(df)) seen.push(r[0] as string);
        })
        .option("checkpointLocation", checkpoint)
        .trigger({ availableNow: true })
        .start();
      await q.awaitTermination();
      return seen;
    };
    try {
      expect(await start()).toEqual([]); // latest: nothing yet, and no batch ran
      const file = join(checkpoint, "sources", "0", "0");
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, "utf8")).toBe(`\u0000v1\n${JSON.stringify({ [topic]: { "0": 1, "1": 1 } })}`);
      await producer.send({ topic, messages: [{ partition: 0, value: "after 1" }, { partition: 1, value: "after 2" }] });
      // Restarted: "latest" would now mean offset 2 and skip both; the stored initial offsets do not.
      expect((await start()).sort()).toEqual(["after 1", "after 2"]);
    } finally {
      await producer.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects options as Spark does, saying what to use instead", () => {
    expect(() => spark.read.format("kafka").option("kafka.bootstrap.servers", servers).option("subscribe", SIX).option("startingOffsets", "latest").load()).toThrow(
      /starting offset can't be latest for batch queries on Kafka/,
    );
    expect(() => spark.read.format("kafka").option("kafka.bootstrap.servers", servers).option("subscribe", SIX).option("endingOffsets", "earliest").load()).toThrow(
      /ending offset can't be earliest for batch queries on Kafka/,
    );
    expect(() => spark.read.format("kafka").schema("a INT").option("kafka.bootstrap.servers", servers).option("subscribe", SIX).load()).toThrow(
      /Kafka source has a fixed schema and cannot be set with a custom one/,
    );
    expect(() => spark.readStream.format("kafka").option("kafka.bootstrap.servers", servers).option("subscribe", SIX).option("endingTimestamp", "1").load()).toThrow(
      /ending timestamp not valid in streaming queries/,
    );
    expect(() => spark.read.format("kafka").option("kafka.bootstrap.servers", servers).option("subscribe", SIX).option("startingTimestamp", "yesterday").load()).toThrow(
      /Expected a single long value, got yesterday/,
    );
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LogicalPlan } from "../../logical/plan.js";
import { SparkSession } from "../../session/spark-session.js";
import { streamingLeafOf } from "../../streaming/plan/streaming-leaf.js";
import type { CodegenTarget } from "../generate.js";
import { jobSources, withInputs } from "./job-inputs.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "test", "bridge", "fixtures");
const RIDES = join(FIXTURES, "compare", "rides");
const TRIPS = join(FIXTURES, "trips");
const DDL = "id BIGINT, vendor STRING, fare DOUBLE, ts TIMESTAMP";

function leaves(p: LogicalPlan): LogicalPlan[] {
  switch (p.kind) {
    case "localRelation": case "range": case "fileScan": return [p];
    case "join": case "union": return [...leaves(p.left), ...leaves(p.right)];
    default: return leaves(p.child);
  }
}

function targetsOf(...items: ({ toPySpark(...a: unknown[]): string; plan?: unknown })[]): CodegenTarget[] {
  const out: CodegenTarget[] = [];
  for (const i of items) {
    if (i.plan !== undefined) i.toPySpark({ collectInto: out });
    else i.toPySpark(undefined, { collectInto: out });
  }
  return out;
}

describe("compare --input", () => {
  const spark = SparkSession.builder.appName("job-inputs").getOrCreate();
  const batchRides = spark.read.schema(DDL).json(RIDES).groupBy("vendor").count();
  const streamRides = spark.readStream.schema(DDL).json(RIDES).groupBy("vendor").count().writeStream.outputMode("update").format("console");
  const trips = spark.read.option("header", true).schema("id INT, zone STRING, fare DOUBLE").csv(TRIPS);

  it("counts a batch and a streaming read of one folder as one source", () => {
    const sources = jobSources(targetsOf(batchRides, streamRides, trips));
    expect(sources.map((s) => [s.kind, s.location, s.streaming])).toEqual([
      ["file", RIDES, false],
      ["file", join(TRIPS, "part-00000.csv"), false],
    ]);
  });

  it("OLD=NEW replaces every read of OLD (batch files and the stream's folder) and leaves the other source", () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-inputs-"));
    writeFileSync(join(dir, "a.json"), '{"id": 1, "vendor": "z", "fare": 1.0, "ts": "2020-07-01T00:00:00Z"}\n');
    const input = targetsOf(batchRides, streamRides, trips);
    const [b, s, t] = withInputs(input, [`${RIDES}=${dir}`]);
    const scan = leaves(b!.plan)[0] as Extract<LogicalPlan, { kind: "fileScan" }>;
    expect(scan.paths).toEqual([join(dir, "a.json")]);
    expect(scan.schema.fields.map((f) => f.name)).toEqual(["id", "vendor", "fare", "ts"]);
    expect(streamingLeafOf(leaves(s!.plan)[0]!)?.spec?.path).toBe(dir);
    expect(t!.plan).toBe(input[2]!.plan); // untouched: the same object
    expect((leaves(t!.plan)[0] as Extract<LogicalPlan, { kind: "fileScan" }>).paths).toEqual([join(TRIPS, "part-00000.csv")]);
  });

  it("kafka:TOPIC resubscribes the Kafka source; offsets naming the old topic fall back to earliest/latest", () => {
    const rides = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "127.0.0.1:9092")
      .option("assign", '{"old":[0,1]}').option("startingOffsets", '{"old":{"0":5,"1":7}}').option("maxOffsetsPerTrigger", 10).load();
    const [t] = withInputs(targetsOf(rides.writeStream.format("console")), ["kafka:fresh"]);
    const spec = streamingLeafOf(leaves(t!.plan)[0]!)!.spec!;
    expect(spec.options).toEqual({ "kafka.bootstrap.servers": "127.0.0.1:9092", subscribe: "fresh", startingoffsets: "earliest", maxoffsetspertrigger: "10" });
  });

  it("says which sources there are when the input matches none or several", () => {
    const targets = targetsOf(batchRides, trips);
    expect(() => withInputs(targets, [RIDES])).toThrow(/--input .* is ambiguous: the job has 2 file source .*s \(.*rides, .*part-00000\.csv\)/);
    expect(() => withInputs(targets, ["kafka:x"])).toThrow(/the job has no Kafka source; its sources: .*rides \(read\.json\); .*part-00000\.csv \(read\.csv\)/);
    expect(() => withInputs(targetsOf(spark.range(3)), ["data"])).toThrow(/no file source .*; its sources: range\(0, 3\) \(read\.range\)/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../../connectors/memory/memory-stream.js";
import * as F from "../../expr/functions.js";
import { SparkSession } from "../../session/spark-session.js";
import { parseSchemaDDL } from "../../types/ddl.js";
import { chartBundle, displayChart, VEGALITE_MIME, vegaLiteSpec } from "./chart.js";
import type { DisplaySink, MimeBundle } from "./kernel-output.js";

let spark: SparkSession;
beforeAll(() => {
  spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
});
afterAll(() => spark.conf.unset("spark.sql.session.timeZone"));

function windowed() {
  return spark
    .createDataFrame([[1, "2020-07-01 00:01:00"], [2, "2020-07-01 00:02:00"], [1, "2020-07-01 00:12:00"], [1, "2020-07-01 00:13:00"]], "vendor_id INT, t STRING")
    .select("vendor_id", F.col("t").cast("timestamp").alias("pickup"))
    .groupBy(F.window("pickup", "10 minutes"), F.col("vendor_id")).count()
    .orderBy("window", "vendor_id");
}

function errorOf(f: () => unknown): { message: string; hint?: string } {
  try {
    f();
  } catch (e) {
    return e as { message: string; hint?: string };
  }
  throw new Error("expected an error");
}

describe("chartBundle", () => {
  it("inlines the rows and infers encodings from Spark types (struct fields by path)", () => {
    const b = chartBundle(windowed(), { x: "window.start", y: "count", color: "vendor_id" });
    const spec = b[VEGALITE_MIME] as Record<string, any>;
    expect(spec["$schema"]).toBe("https://vega.github.io/schema/vega-lite/v5.json");
    expect(spec["mark"]).toEqual({ type: "line", point: true });
    expect(spec["encoding"]["x"]).toEqual({ field: "window.start", type: "temporal", title: "window.start" });
    expect(spec["encoding"]["y"]).toEqual({ field: "count", type: "quantitative", title: "count" });
    expect(spec["encoding"]["color"]).toEqual({ field: "vendor_id", type: "nominal", title: "vendor_id" });
    expect(spec["data"]["values"]).toEqual([
      { window: { start: "2020-07-01T00:00:00", end: "2020-07-01T00:10:00" }, vendor_id: 1, count: 1 },
      { window: { start: "2020-07-01T00:00:00", end: "2020-07-01T00:10:00" }, vendor_id: 2, count: 1 },
      { window: { start: "2020-07-01T00:10:00", end: "2020-07-01T00:20:00" }, vendor_id: 1, count: 2 },
    ]);
    expect(b["text/plain"]).toBe("<Vega-Lite line chart: x=window.start, y=count, color=vendor_id, 3 rows>");
    // The bundle is JSON all the way (no bigint, no NaN): it travels in a Jupyter message.
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it("bars for a nominal x, JSON-safe numbers, and a dotted top-level name escaped", () => {
    const df = spark.createDataFrame([["a", 1.5, 10], ["b", Number.NaN, 20]], "`k.x` STRING, v DOUBLE, n BIGINT");
    const spec = chartBundle(df, { x: "k.x", y: "v" })[VEGALITE_MIME] as Record<string, any>;
    expect(spec["mark"]).toEqual({ type: "bar" });
    expect(spec["encoding"]["x"]["field"]).toBe("k\\.x");
    expect(spec["data"]["values"]).toEqual([{ "k.x": "a", v: 1.5, n: 10 }, { "k.x": "b", v: null, n: 20 }]);
  });

  it("caps the inlined rows and says so", () => {
    const b = chartBundle(spark.range(50), { x: "id", y: "id", maxRows: 10, mark: "point" });
    const spec = b[VEGALITE_MIME] as Record<string, any>;
    expect(spec["data"]["values"]).toHaveLength(10);
    expect(spec["title"]).toBe("first 10 rows");
    expect(b["text/plain"]).toContain("(truncated)");
  });

  it("names the columns when x, y or color is wrong, and the marks when the mark is", () => {
    const fields = windowed().schema.fields;
    expect(() => vegaLiteSpec(fields, [], { x: "window.begin", y: "count" })).toThrow(/chart x: no column or struct field "window.begin"/);
    expect(errorOf(() => vegaLiteSpec(fields, [], { x: "window", y: "cnt" })).hint).toContain("vendor_id (int), count (bigint)");
    const mark = errorOf(() => vegaLiteSpec(fields, [], { x: "vendor_id", y: "count", mark: "pie" as never }));
    expect(mark.message).toBe(`chart mark "pie" is not supported`);
    expect(mark.hint).toContain("use one of: bar, line");
  });
});

describe("displayChart live", () => {
  it("redraws after each batch of the query and stops when it ends", async () => {
    const input = new MemoryStream(parseSchemaDDL("vendor_id INT"));
    const q = input.toDF(spark).groupBy("vendor_id").count().writeStream.format("memory").queryName("chart_counts").outputMode("complete").start();
    const calls: { bundle: MimeBundle; update?: boolean; final?: boolean }[] = [];
    const sink: DisplaySink = { publish: (bundle, o) => calls.push({ bundle, ...o }) };
    const live = displayChart(spark.table("chart_counts").orderBy("vendor_id"), { x: "vendor_id", y: "count", live: q, sink })!;
    input.addData([[1], [2], [2]]);
    await q.processAllAvailable();
    await q.stop();
    await live.done;
    const values = (b: MimeBundle) => (b[VEGALITE_MIME] as { data: { values: unknown[] } }).data.values;
    expect(values(calls[0]!.bundle)).toEqual([]);
    expect(values(calls.at(-1)!.bundle)).toEqual([{ vendor_id: 1, count: 1 }, { vendor_id: 2, count: 2 }]);
    expect(calls.at(-1)).toMatchObject({ update: true, final: true });
  });

  it("fails at once for a bad column, not later in the timer", () => {
    const input = new MemoryStream(parseSchemaDDL("vendor_id INT"));
    const q = input.toDF(spark).writeStream.format("memory").queryName("chart_bad").start();
    expect(() => displayChart(spark.table("chart_bad"), { x: "nope", y: "vendor_id", live: q, sink: { publish: () => undefined } })).toThrow(/no column or struct field "nope"/);
    return q.stop();
  });
});

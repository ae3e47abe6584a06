import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { SparkSession } from "../../index.js";
import { getValue } from "../../physical/vector.js";
import { defaultParallelism } from "../../streaming/sources/default-parallelism.js";
import { parseRateOptions, RateStreamSource, timeStringAsSec, valueAtSecond } from "./rate-source.js";

describe("rate source options (RateStreamProvider.getTable)", () => {
  it("takes Spark's defaults and describes itself as Spark's toString does", () => {
    const o = parseRateOptions({}, 4);
    expect(o).toEqual({ rowsPerSecond: 1n, rampUpTimeSeconds: 0n, numPartitions: 4, numPartitionsText: "default" });
    // Spark 4.1.1's RateStreamMicroBatchStream.toString, unclosed bracket and all.
    expect(new RateStreamSource(parseRateOptions({ rowspersecond: "7", rampuptime: "3s", numpartitions: "3" }, 2)).description).toBe(
      "RateStreamV2[rowsPerSecond=7, rampUpTimeSeconds=3, numPartitions=3",
    );
    expect(new RateStreamSource(o).description).toBe("RateStreamV2[rowsPerSecond=1, rampUpTimeSeconds=0, numPartitions=default");
  });

  it("refuses bad values with Spark's messages", () => {
    expect(() => parseRateOptions({ rowspersecond: "0" }, 1)).toThrow("Invalid value '0'. The option 'rowsPerSecond' must be positive");
    expect(() => parseRateOptions({ rowspersecond: "ten" }, 1)).toThrow('For input string: "ten"');
    expect(() => parseRateOptions({ rampuptime: "-1s" }, 1)).toThrow("Invalid value '-1'. The option 'rampUpTime' must not be negative");
    expect(() => parseRateOptions({ rampuptime: "5 parsecs" }, 1)).toThrow(/Time must be specified as seconds \(s\)/);
    expect(() => parseRateOptions({ numpartitions: "0" }, 1)).toThrow("Invalid value '0'. The option 'numPartitions' must be positive");
    expect(() => parseRateOptions({ rowspersecond: "9223372036854775807", rampuptime: "2s" }, 1)).toThrow(
      "[INCORRECT_RAMP_UP_RATE] Max offset with 9223372036854775807 rowsPerSecond is 1, but 'rampUpTimeSeconds' is 2.",
    );
  });

  it("reads rampUpTime as JavaUtils.timeStringAsSec (finer units truncate)", () => {
    expect([timeStringAsSec("5s"), timeStringAsSec("5"), timeStringAsSec(" 2MIN "), timeStringAsSec("1h"), timeStringAsSec("1999ms"), timeStringAsSec("1d")]).toEqual([5n, 5n, 120n, 3600n, 1n, 86400n]);
    expect(() => timeStringAsSec("1.5s")).toThrow(/Failed to parse time string: 1.5s/);
    expect(() => timeStringAsSec("3w")).toThrow(/Invalid suffix: "w"/);
  });

  it("matches the ramp-up table in Spark's valueAtSecond comment", () => {
    expect([0n, 1n, 2n, 3n, 4n, 5n, 6n].map((s) => valueAtSecond(s, 10n, 4n))).toEqual([0n, 2n, 6n, 12n, 20n, 30n, 40n]);
  });
});

describe("RateStreamSource with a manual clock", () => {
  it("offsets are whole seconds since the start; the first batch of the first second is empty", async () => {
    let now = 5_000;
    const src = new RateStreamSource(parseRateOptions({ rowspersecond: "4", numpartitions: "2" }, 1), () => now);
    expect(await src.latestOffset()).toBe("0");
    expect(await src.getBatch(null, "0")).toEqual([]);
    now += 2_500;
    expect(await src.latestOffset()).toBe("2");
    const [b] = await src.getBatch("0", "2");
    // 8 values over 2000 ms: 250 ms apart; partition 0 holds the even offsets, partition 1 the odd.
    const rows = Array.from({ length: b!.numRows }, (_, i) => [getValue(b!.columns[1]!, i), getValue(b!.columns[0]!, i)]);
    expect(rows).toEqual([0, 2, 4, 6, 1, 3, 5, 7].map((v) => [BigInt(v), BigInt(5_000 + v * 250) * 1000n]));
    // A clock that steps back never moves the offset back.
    now -= 1_800;
    expect(await src.latestOffset()).toBe("2");
  });

  it("numPartitions defaults to spark.default.parallelism, else the cores; the schema is Spark's", () => {
    const spark = SparkSession.builder.getOrCreate();
    expect(defaultParallelism(spark)).toBe(Math.max(1, availableParallelism()));
    spark.conf.set("spark.default.parallelism", "3");
    try {
      expect(defaultParallelism(spark)).toBe(3);
      const df = spark.readStream.format("rate").load();
      expect(df.schema.fields.map((f) => [f.name, f.dataType.kind])).toEqual([["timestamp", "timestamp"], ["value", "long"]]);
      expect(df.isStreaming).toBe(true);
      spark.conf.set("spark.default.parallelism", "0");
      expect(() => defaultParallelism(spark)).toThrow(/spark.default.parallelism/);
    } finally {
      spark.conf.unset("spark.default.parallelism");
    }
  });
});

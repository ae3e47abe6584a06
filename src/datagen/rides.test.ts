import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeDistance, writeMoney, writeTimestamp } from "./ride-bytes.js";
import { COURSE_COLUMNS, RIDE_COLUMNS, RIDES_CSV_HEADER } from "./ride-columns.js";
import { formatDistance, formatMoney, formatTimestamp, parseTimestamp } from "./ride-format.js";
import { Mulberry32 } from "./prng.js";
import { courseLines, courseValues, generateRides, rideToCourseLine, ridesCsv, ridesCsvChunks } from "./rides.js";
import { writeRidesCsv } from "./rides-file.js";

const col = (name: string): number => RIDE_COLUMNS.indexOf(name as (typeof RIDE_COLUMNS)[number]);
const cents = (text: string): number => Math.round(Number(text) * 100);

describe("Mulberry32", () => {
  it("is the reference mulberry32 sequence (pinned, so output never drifts)", () => {
    const rng = new Mulberry32(42);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([2581720956, 1925393290, 3661312704]);
  });
});

describe("money, distance and timestamp text", () => {
  it("writes money as the real TLC files do", () => {
    const cases: [number, string][] = [[800, "8"], [50, "0.5"], [930, "9.3"], [1127, "11.27"], [-2480, "-24.8"], [2, "0.02"], [5, "0.05"], [0, "0"], [-30, "-0.3"], [17350, "173.5"]];
    for (const [c, text] of cases) expect(formatMoney(c)).toBe(text);
  });

  it("writes trip_distance with two decimals and no leading zero", () => {
    const cases: [number, string][] = [[150, "1.50"], [73, ".73"], [0, ".00"], [1865, "18.65"], [5, ".05"], [2990, "29.90"]];
    for (const [h, text] of cases) expect(formatDistance(h)).toBe(text);
  });

  it("formats and parses UTC wall-clock timestamps", () => {
    expect(formatTimestamp(parseTimestamp("2020-07-01 00:25:32"))).toBe("2020-07-01 00:25:32");
    expect(parseTimestamp("2020-07-01 00:00:00")).toBe(1593561600);
    expect(formatTimestamp(1593561599)).toBe("2020-06-30 23:59:59");
    expect(() => parseTimestamp("2020-07-01")).toThrow(/2020-07-01 00:00:00/);
  });

  it("the byte writers produce exactly the string formatters' text", () => {
    const buf = new Uint8Array(64);
    const text = (end: number): string => Buffer.from(buf.subarray(0, end)).toString("latin1");
    for (let c = -30_000; c <= 30_000; c++) if (text(writeMoney(buf, 0, c)) !== formatMoney(c)) expect(text(writeMoney(buf, 0, c))).toBe(formatMoney(c));
    for (let h = 0; h <= 30_000; h++) if (text(writeDistance(buf, 0, h)) !== formatDistance(h)) expect(text(writeDistance(buf, 0, h))).toBe(formatDistance(h));
    for (let s = 1593561600 - 86_400; s < 1593561600 + 2 * 86_400; s += 37) {
      if (text(writeTimestamp(buf, 0, s)) !== formatTimestamp(s)) expect(text(writeTimestamp(buf, 0, s))).toBe(formatTimestamp(s));
    }
  });
});

describe("ridesCsv", () => {
  it("is byte-identical for the same options (pinned golden lines and hash)", () => {
    const csv = ridesCsv({ seed: 42, count: 10_000 });
    expect(csv).toBe(ridesCsv({ seed: 42, count: 10_000 }));
    expect(csv.split("\n").slice(0, 4)).toEqual([
      RIDES_CSV_HEADER,
      "1,2020-07-01 00:00:01,2020-07-01 00:28:47,1,4.13,1,N,138,166,1,15,0.5,0.5,1,6.12,0.3,25.92,2.5",
      "2,2020-07-01 00:00:03,2020-07-01 00:23:37,1,4.94,1,N,237,130,1,16.5,0.5,0.5,5.08,0,0.3,25.38,2.5",
      "1,2020-07-01 00:00:04,2020-07-01 00:26:24,1,7.66,1,N,162,144,1,24,0.5,0.5,5.56,0,0.3,33.36,2.5",
    ]);
    // Pinned: a change here changes every data set built from a seed; bump it only on purpose.
    expect(createHash("sha256").update(csv).digest("hex")).toBe("71ea45d9c9d8c78d6711e52ff8ffd4b1f24299f05333cfa3c5768475fe74d414");
    expect(ridesCsv({ seed: 43, count: 100 })).not.toBe(ridesCsv({ seed: 42, count: 100 }));
  });

  it("has the header, 18 fields per line and a final newline", () => {
    const lines = ridesCsv({ count: 500 }).split("\n");
    expect(lines[0]).toBe(RIDE_COLUMNS.join(","));
    expect(lines.at(-1)).toBe("");
    expect(lines).toHaveLength(502);
    for (const line of lines.slice(1, -1)) expect(line.split(",")).toHaveLength(18);
  });

  it("string rows, CSV chunks and bytes agree", () => {
    const options = { seed: 7, count: 20_000, lateFraction: 0.1, missingFraction: 0.1 };
    const fromRows = [RIDES_CSV_HEADER, ...Array.from(generateRides(options), (r) => r.join(","))].join("\n") + "\n";
    expect(ridesCsv(options)).toBe(fromRows);
    expect([...ridesCsvChunks(options, 4096)].join("")).toBe(fromRows);
  });

  it("writes a file with the same bytes", () => {
    const dir = mkdtempSync(join(tmpdir(), "rides-"));
    try {
      const path = join(dir, "rides.csv");
      const { rows, bytes } = writeRidesCsv(path, { seed: 3, count: 30_000 });
      const text = readFileSync(path, "latin1");
      expect(rows).toBe(30_000);
      expect(bytes).toBe(text.length);
      expect(text).toBe(ridesCsv({ seed: 3, count: 30_000 }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("generated values", () => {
  const rows = [...generateRides({ seed: 11, count: 50_000 })];

  it("have the real file's formats", () => {
    const formats: Record<string, RegExp> = {
      VendorID: /^[12]?$/,
      tpep_pickup_datetime: /^20\d\d-\d\d-\d\d \d\d:\d\d:\d\d$/,
      tpep_dropoff_datetime: /^20\d\d-\d\d-\d\d \d\d:\d\d:\d\d$/,
      passenger_count: /^[0-6]?$/,
      trip_distance: /^(\d+)?\.\d\d$/,
      RatecodeID: /^(1|2|3|4|5|99)?$/,
      store_and_fwd_flag: /^[NY]?$/,
      PULocationID: /^\d{1,3}$/,
      DOLocationID: /^\d{1,3}$/,
      payment_type: /^[1-4]?$/,
    };
    const money = /^-?\d+(\.\d\d?)?$/;
    const bad: string[] = []; // one expect at the end: 900,000 expect() calls take seconds
    for (const row of rows) {
      RIDE_COLUMNS.forEach((name, i) => {
        if (!(formats[name] ?? money).test(row[i]!) && bad.length < 10) bad.push(`${name}=${JSON.stringify(row[i])}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it("have totals equal to the sum of their parts", () => {
    const parts = ["fare_amount", "extra", "mta_tax", "tip_amount", "tolls_amount", "improvement_surcharge", "congestion_surcharge"].map(col);
    const wrong = rows.filter((row) => cents(row[col("total_amount")]!) !== parts.reduce((s, i) => s + cents(row[i]!), 0));
    expect(wrong).toEqual([]);
  });

  it("have every kind of odd row: empty metadata, empty counts, refunds, Y flags, JFK fares, tolls", () => {
    const count = (pred: (r: readonly string[]) => boolean): number => rows.filter(pred).length;
    expect(count((r) => r[0] === "" && r[3] === "" && r[5] === "" && r[6] === "" && r[9] === "")).toBeGreaterThan(300);
    expect(count((r) => r[0] !== "" && r[3] === "")).toBeGreaterThan(50);
    expect(count((r) => r[6] === "Y")).toBeGreaterThan(50);
    expect(count((r) => r[col("RatecodeID")] === "2" && r[col("fare_amount")] === "52")).toBeGreaterThan(500);
    expect(count((r) => r[col("tolls_amount")] === "6.12")).toBeGreaterThan(1000);
    expect(count((r) => r[col("trip_distance")]!.startsWith("."))).toBeGreaterThan(1000);
    // A refund row is followed by the same trip re-charged in cash.
    let refunds = 0;
    rows.forEach((r, i) => {
      if (!r[col("total_amount")]!.startsWith("-")) return;
      refunds++;
      const next = rows[i + 1];
      if (next === undefined) return;
      expect(next[col("payment_type")]).toBe("2");
      expect(next[col("total_amount")]).toBe(r[col("total_amount")]!.slice(1));
      expect(next.slice(1, 9)).toEqual(r.slice(1, 9));
    });
    expect(refunds).toBeGreaterThan(100);
  });

  it("have pickups that rise with the row index, with about 1% late by at most maxLateSeconds", () => {
    const times = rows.map((r) => parseTimestamp(r[1]!));
    let late = 0;
    let maxSoFar = -Infinity;
    times.forEach((t, i) => {
      expect(parseTimestamp(rows[i]![2]!)).toBeGreaterThanOrEqual(t);
      if (t < maxSoFar) {
        late++;
        expect(maxSoFar - t).toBeLessThanOrEqual(900 + 60 + 4); // maxLate + whole-minute rounding + one gap
      }
      maxSoFar = Math.max(maxSoFar, t);
    });
    expect(late / rows.length).toBeGreaterThan(0.005);
    expect(late / rows.length).toBeLessThan(0.03);
    // 50,000 rides every ~2 s span about 28 hours from 2020-07-01 00:00:00.
    expect(rows[0]![1]).toBe("2020-07-01 00:00:01");
    expect(times.at(-1)! - parseTimestamp("2020-07-01 00:00:00")).toBeGreaterThan(99_000);
    expect(times.at(-1)! - parseTimestamp("2020-07-01 00:00:00")).toBeLessThan(101_000);
  });

  it("starts where asked", () => {
    const [first] = generateRides({ count: 1, start: "2021-01-31 23:59:00", meanGapMs: 0 });
    expect(first![1]).toBe("2021-01-31 23:59:00");
    const [second] = generateRides({ count: 1, start: Date.UTC(2020, 0, 1), meanGapMs: 0 });
    expect(second![1]).toBe("2020-01-01 00:00:00");
  });

  it("rejects bad options with the expected form", () => {
    expect(() => ridesCsv({ count: -1 })).toThrow(/count must be a non-negative integer/);
    expect(() => ridesCsv({ count: 1, lateFraction: 2 })).toThrow(/lateFraction must be between 0 and 1/);
    expect(() => ridesCsv({ count: 1, start: "July" })).toThrow(/2020-07-01 00:00:00/);
  });
});

describe("course lines", () => {
  // The first line of the course's rides.csv and the value its producer sent for it.
  const REAL = "1,2020-07-01 00:25:32,2020-07-01 00:33:39,1,1.50,1,N,238,75,2,8,0.5,0.5,0,0,0.3,9.3,0".split(",");

  it("are the producer's format", () => {
    expect(rideToCourseLine(REAL)).toBe("1, 2020-07-01 00:25:32, 2020-07-01 00:33:39, 1, 1.50, 2, 9.3");
    expect(rideToCourseLine(REAL, ["PULocationID", "DOLocationID"])).toBe("238, 75");
    expect(COURSE_COLUMNS).toHaveLength(7);
  });

  it("keep empty values empty, as the producer's f-string does", () => {
    const row = [...REAL];
    row[0] = "";
    row[3] = "";
    expect(rideToCourseLine(row)).toBe(", 2020-07-01 00:25:32, 2020-07-01 00:33:39, , 1.50, 2, 9.3");
  });

  it("name the valid columns on a typo", () => {
    expect(() => rideToCourseLine(REAL, ["vendorid"])).toThrow(/unknown ride column "vendorid"; the columns are: VendorID, /);
  });

  it("agree between rows, strings and bytes", () => {
    const options = { seed: 5, count: 5_000, missingFraction: 0.2 };
    const expected = Array.from(generateRides(options), (r) => rideToCourseLine(r));
    expect([...courseLines(options)]).toEqual(expected);
    expect(Array.from(courseValues(options), (b) => b.toString("latin1"))).toEqual(expected);
    const cols = ["tpep_pickup_datetime", "store_and_fwd_flag", "congestion_surcharge"];
    expect(Array.from(courseValues(options, cols), (b) => b.toString("latin1"))).toEqual(
      Array.from(generateRides(options), (r) => rideToCourseLine(r, cols)),
    );
  });
});

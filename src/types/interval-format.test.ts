import { describe, expect, it } from "vitest";
import { parseTypeDDL } from "./ddl.js";
import { DayTimeIntervalType, simpleString, sqlTypeName, typeName, YearMonthIntervalType } from "./data-types.js";
import { formatDayTimeInterval, formatYearMonthInterval } from "./interval-format.js";

// Texts as Spark 4.1.1 prints them (IntervalUtils.toDayTimeIntervalString / toYearMonthIntervalString).
describe("interval text", () => {
  it("prints day-time intervals by their fields", () => {
    expect(formatDayTimeInterval(3_600_000_000n, 1, 1)).toBe("INTERVAL '01' HOUR");
    expect(formatDayTimeInterval(5_400_000_000n, 0, 3)).toBe("INTERVAL '0 01:30:00' DAY TO SECOND");
    expect(formatDayTimeInterval(-93_784_500_000n, 0, 3)).toBe("INTERVAL '-1 02:03:04.5' DAY TO SECOND");
    expect(formatDayTimeInterval(82_800_000_000n, 0, 1)).toBe("INTERVAL '0 23' DAY TO HOUR");
    expect(formatDayTimeInterval(-500_000n, 3, 3)).toBe("INTERVAL '-00.5' SECOND");
    expect(formatDayTimeInterval(12_345_000n, 3, 3)).toBe("INTERVAL '12.345' SECOND");
    expect(formatDayTimeInterval(-(2n ** 63n), 0, 3)).toBe("INTERVAL '-106751991 04:00:54.775808' DAY TO SECOND");
    expect(formatDayTimeInterval(-(2n ** 63n), 1, 2)).toBe("INTERVAL '-2562047788:00' HOUR TO MINUTE");
  });
  it("prints year-month intervals by their fields", () => {
    expect(formatYearMonthInterval(27, 0, 1)).toBe("INTERVAL '2-3' YEAR TO MONTH");
    expect(formatYearMonthInterval(-14, 0, 1)).toBe("INTERVAL '-1-2' YEAR TO MONTH");
    expect(formatYearMonthInterval(24, 0, 0)).toBe("INTERVAL '2' YEAR");
    expect(formatYearMonthInterval(-14, 1, 1)).toBe("INTERVAL '-14' MONTH");
  });
  it("names the types as printSchema, simpleString and DDL do", () => {
    expect(simpleString(DayTimeIntervalType())).toBe("interval day to second");
    expect(typeName(DayTimeIntervalType(1, 1))).toBe("interval hour");
    expect(sqlTypeName(YearMonthIntervalType())).toBe("INTERVAL YEAR TO MONTH");
    expect(parseTypeDDL("INTERVAL HOUR TO SECOND")).toEqual(DayTimeIntervalType(1, 3));
    expect(parseTypeDDL("interval month")).toEqual(YearMonthIntervalType(1, 1));
    expect(() => parseTypeDDL("INTERVAL SECOND TO HOUR")).toThrow(/invalid interval type/);
  });
});

describe("interval strings (CAST(s AS INTERVAL …))", () => {
  it("reads the type's own format and the whole literal", async () => {
    const { parseDayTimeInterval, parseYearMonthInterval } = await import("./interval-parse.js");
    expect(parseDayTimeInterval("1 02:03:04", 0, 3)).toBe(93_784_000_000n);
    expect(parseDayTimeInterval("INTERVAL -'1 02:03:04.5' DAY TO SECOND", 0, 3)).toBe(-93_784_500_000n);
    expect(parseDayTimeInterval(" 10 ", 2, 2)).toBe(600_000_000n);
    expect(parseYearMonthInterval("-1-2", 0, 1)).toBe(-14);
    expect(parseYearMonthInterval("3", 0, 0)).toBe(36);
    expect(() => parseDayTimeInterval("1 hour", 1, 1)).toThrow(/^\[INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE\].*`\[\+\|-\]h`, `INTERVAL \[\+\|-\]'\[\+\|-\]h' HOUR` when cast to interval hour: 1 hour\./);
    expect(() => parseDayTimeInterval("INTERVAL '1' DAY", 1, 1)).toThrow(/INVALID_INTERVAL_FORMAT/);
  });
});

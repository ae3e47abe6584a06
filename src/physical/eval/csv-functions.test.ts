import { describe, expect, it } from "vitest";
import type { Expr } from "../../expr/expression.js";
import { BinaryType, StringType } from "../../types/data-types.js";
import { defaultExecContext } from "../exec-context.js";
import { vectorFromValues, vectorToValues } from "../vector.js";
import { castVector } from "./cast.js";
import { evalFromCsv, evalFromCsvBinary } from "./csv-functions.js";

const lit = (value: unknown): Expr => ({ kind: "lit", value, dataType: StringType() });
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("from_csv over CAST(binary AS STRING): the fused byte path equals the unfused one", () => {
  const ctx = defaultExecContext();
  const records: (Uint8Array | null)[] = [
    enc("1,abc,2.5"), enc("x,y"), enc(""), null, enc("7,\"q,1\",1e3"), enc("2,é∑ü,3"),
    Uint8Array.of(0x33, 0x2c, 0xff, 0xfe, 0x2c, 0x31), // invalid UTF-8 in the string field
    Uint8Array.of(0x34, 0x2c, 0x61, 0xe2, 0x82), // a truncated sequence at the end
    Uint8Array.of(0xc0, 0xaf, 0x2c, 0x62), // an overlong encoding in the int field
  ];
  const binary = vectorFromValues(BinaryType(), records);
  it("gives the same structs for ASCII, non-ASCII, invalid UTF-8, empty and null records", () => {
    const args = [lit("unused"), lit("a INT, b STRING, c DOUBLE")];
    const fused = evalFromCsvBinary(args, binary, ctx, records.length);
    const plain = evalFromCsv(args, castVector(binary, StringType(), ctx), ctx, records.length);
    expect(vectorToValues(fused)).toEqual(vectorToValues(plain));
    expect(vectorToValues(fused)[0]).toEqual([1, "abc", 2.5]);
  });
  it("raises the same FAILFAST error", () => {
    const args = [lit("unused"), lit("a INT, b STRING, c DOUBLE"), { kind: "lit", value: [["mode", "FAILFAST"]], dataType: { kind: "map", keyType: StringType(), valueType: StringType(), valueContainsNull: false } } as Expr];
    expect(() => evalFromCsvBinary(args, binary, ctx, records.length)).toThrow(/MALFORMED_RECORD_IN_PARSING/);
    expect(() => evalFromCsv(args, castVector(binary, StringType(), ctx), ctx, records.length)).toThrow(/MALFORMED_RECORD_IN_PARSING/);
  });
});

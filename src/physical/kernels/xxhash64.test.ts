import { describe, expect, it } from "vitest";
import { parseTypeDDL } from "../../types/ddl.js";
import { xxHash64Value } from "./xxhash64.js";

/**
 * Expected values are Spark 4.1.1's own `SELECT xxhash64(<literal>)` (seed 42, signed longs),
 * taken from the stack's PySpark; physical values as Kindling stores them (physical/vector.ts).
 */
const SPARK: readonly (readonly [string, string, unknown, bigint])[] = [
  ["-7", "int", -7, 4987848727247274714n],
  ["2147483647", "int", 2147483647, 1508894993788531228n],
  ["1L", "bigint", 1n, -7001672635703045582n],
  ["-9223372036854775808L", "bigint", -(2n ** 63n), -8619748838626508300n],
  ["'abc'", "string", "abc", 1423657621850124518n],
  ["''", "string", "", -7444071767201028348n],
  ["a 48-byte string (32-byte stripes, then 8-, 4- and 1-byte tails)", "string", "a-string-that-is-longer-than-thirty-two-bytes-é", 7583605667307486974n],
  ["1.5D", "double", 1.5, 7738255526519901366n],
  ["CAST('NaN' AS DOUBLE)", "double", Number.NaN, -3127944061524951246n],
  ["1.5F", "float", 1.5, 6163473420726370430n],
  ["true", "boolean", true, -6698625589789238999n],
  ["false", "boolean", false, 3614696996920510707n],
  ["DATE'2020-07-01'", "date", 18444, -4036633167100787484n],
  ["TIMESTAMP'2020-07-01 00:25:32.5' (UTC)", "timestamp", 1593563132500000n, -5794584814675400244n],
  ["CAST(12.30 AS DECIMAL(10,2))", "decimal(10,2)", 1230n, -6147369075524313371n],
  ["CAST(-1 AS DECIMAL(30,5)) (BigInteger bytes)", "decimal(30,5)", -100000n, -5621174512162331417n],
  ["array(1, 2)", "array<int>", [1, 2], -8133857028838179022n],
  ["named_struct('a', 1, 'b', 'x')", "struct<a:int,b:string>", [1, "x"], 8510603489595372987n],
  ["X'0102'", "binary", Uint8Array.of(1, 2), -449066226287847073n],
  ["CAST(7 AS TINYINT)", "tinyint", 7, 2786828215451145335n],
  ["CAST(-3 AS SMALLINT)", "smallint", -3, 1399955818750051488n],
];

describe("xxHash64Value (Spark's XxHash64Function.hash, seed 42)", () => {
  for (const [label, type, value, expected] of SPARK) {
    it(`xxhash64(${label})`, () => {
      expect(BigInt.asIntN(64, xxHash64Value(value, parseTypeDDL(type), 42n))).toBe(expected);
    });
  }
  it("a null leaves the seed, -0.0 hashes as 0.0 (Spark's normaliser)", () => {
    const d = parseTypeDDL("double");
    expect(xxHash64Value(null, d, 42n)).toBe(42n);
    expect(xxHash64Value(-0, d, 42n)).toBe(xxHash64Value(0, d, 42n));
  });
});

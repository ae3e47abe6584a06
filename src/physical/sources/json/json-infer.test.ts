import { describe, expect, it } from "vitest";
import { simpleString } from "../../../types/data-types.js";
import { compatibleJsonType, inferJsonType } from "./json-infer.js";
import { parseJsonTree } from "./json-tree.js";

const typeOf = (text: string): string => simpleString(inferJsonType(parseJsonTree(text)!));

// Expected types follow Spark 4.1's JsonInferSchema on the same records.
describe("JSON inference", () => {
  it("infers numbers, strings, nested values, sorted fields", () => {
    expect(typeOf('{"b": 1, "a": "x", "c": 1.5, "d": true}')).toBe("struct<a:string,b:bigint,c:double,d:boolean>");
    expect(typeOf('{"b": 12345678901234567890}')).toBe("struct<b:decimal(20,0)>");
    expect(typeOf('{"e": {"z": 1, "y": [1, 2]}}')).toBe("struct<e:struct<y:array<bigint>,z:bigint>>");
    expect(typeOf('{"a": "", "n": null}')).toBe("struct<a:void,n:void>");
  });
  it("merges like compatibleType", () => {
    const t = (a: string, b: string): string => simpleString(compatibleJsonType(inferJsonType(parseJsonTree(a)!), inferJsonType(parseJsonTree(b)!)));
    expect(t('{"b": 1}', '{"b": 2.5}')).toBe("struct<b:double>");
    expect(t('{"b": 1}', '{"b": "s"}')).toBe("struct<b:string>");
    expect(t('{"e": {"z": 1}}', '{"e": "x"}')).toBe("struct<e:string>");
    expect(t('{"f": [1]}', '{"f": ["s"]}')).toBe("struct<f:array<string>>");
    expect(t('{"b": true}', '{"b": 1}')).toBe("struct<b:string>");
  });
  it("keeps number text and spans; rejects malformed text", () => {
    const n = parseJsonTree("{'a': 1.0, \"b\": NaN}")!;
    expect(n.kind === "object" && n.values[0]!.kind === "number" && !n.values[0]!.integral).toBe(true);
    expect(() => parseJsonTree("{bad json")).toThrow(/character 2/);
    expect(() => parseJsonTree('{"a": 01}')).toThrow();
    expect(parseJsonTree("   ")).toBeNull();
  });
});

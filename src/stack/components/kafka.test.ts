import { describe, expect, it } from "vitest";
import { newClusterId } from "./kafka.js";

describe("newClusterId", () => {
  it("never starts with '-' (StorageTool would read it as an option and fail the format)", () => {
    // 0xf8 as the first byte encodes to "-" (62) as the first base64url character.
    const draws = ["f8000000-0000-4000-8000-000000000000", "12345678-9abc-4def-8123-456789abcdef"];
    const id = newClusterId(() => draws.shift()!);
    expect(id).toBe(Buffer.from("123456789abc4def8123456789abcdef", "hex").toString("base64url"));
    expect(draws).toEqual([]);
    for (let i = 0; i < 2000; i++) {
      const x = newClusterId();
      expect(x).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
  });
});

import { describe, expect, it } from "vitest";
import { createMessage, decodeMessage, DELIMITER, encodeMessage, sign, type JupyterMessage } from "../../src/notebook/jupyter-message.js";

const KEY = "0123456789abcdef";
const HEADER = { msg_id: "m1", session: "s1", username: "kindling", date: "2026-01-01T00:00:00.000Z", msg_type: "execute_request", version: "5.3" };
// Computed independently with Python:
//   hmac.new(b"0123456789abcdef", digestmod=hashlib.sha256), updated with the four JSON frames in order.
const EXPECTED_SIGNATURE = "a5631bc4e5c7aea9e290490c58f835cac131372307d8cdcd8222ac1152cd13bb";

const message: JupyterMessage<{ code: string }> = { header: HEADER, parent_header: {}, metadata: {}, content: { code: "1 + 1" } };

describe("Jupyter message signing and framing", () => {
  it("signs header, parent header, metadata and content with HMAC-SHA256 as jupyter_client does", () => {
    expect(sign(KEY, [JSON.stringify(HEADER), "{}", "{}", '{"code":"1 + 1"}'])).toBe(EXPECTED_SIGNATURE);
  });

  it("frames a message as identities, <IDS|MSG>, signature, four JSON frames", () => {
    const identity = Buffer.from("client-1");
    const frames = encodeMessage(message, KEY, [identity]);
    expect(frames.map((f) => f.toString())).toEqual([
      "client-1",
      "<IDS|MSG>",
      EXPECTED_SIGNATURE,
      JSON.stringify(HEADER),
      "{}",
      "{}",
      '{"code":"1 + 1"}',
    ]);
  });

  it("decodes what it encodes, keeping identities and buffers", () => {
    const withBuffer = { ...message, buffers: [Buffer.from([1, 2, 3])] };
    const decoded = decodeMessage(encodeMessage(withBuffer, KEY, [Buffer.from("id")]), KEY);
    expect(decoded.header).toEqual(HEADER);
    expect(decoded.content).toEqual({ code: "1 + 1" });
    expect(decoded.identities.map(String)).toEqual(["id"]);
    expect(decoded.buffers).toEqual([Buffer.from([1, 2, 3])]);
  });

  it("rejects a message whose content was changed after signing", () => {
    const frames = encodeMessage(message, KEY);
    frames[5] = Buffer.from('{"code":"rm -rf /"}');
    expect(() => decodeMessage(frames, KEY)).toThrow(/wrong HMAC signature/);
  });

  it("rejects a message signed with another key", () => {
    expect(() => decodeMessage(encodeMessage(message, "another key"), KEY)).toThrow(/wrong HMAC signature/);
  });

  it("rejects frames without the delimiter", () => {
    const frames = encodeMessage(message, KEY).filter((f) => !f.equals(DELIMITER));
    expect(() => decodeMessage(frames, KEY)).toThrow(/<IDS\|MSG>/);
  });

  it("leaves the signature empty when signing is off (empty key)", () => {
    expect(encodeMessage(message, "")[1]!.toString()).toBe("");
    expect(decodeMessage(encodeMessage(message, ""), "").content).toEqual({ code: "1 + 1" });
  });

  it("creates protocol 5.3 headers with a fresh msg_id per message", () => {
    const a = createMessage("kernel_info_request", {}, "session-1");
    const b = createMessage("kernel_info_request", {}, "session-1");
    expect(a.header).toMatchObject({ msg_type: "kernel_info_request", session: "session-1", version: "5.3" });
    expect(a.header.msg_id).not.toBe(b.header.msg_id);
    expect(Number.isNaN(Date.parse(a.header.date))).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { LineSplitter, parseSocketOptions } from "./text-socket-source.js";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("LineSplitter (java.io.BufferedReader.readLine over UTF-8)", () => {
  it("ends lines at \\n, \\r and \\r\\n, keeps empty lines, and gives the rest at the end", () => {
    const s = new LineSplitter();
    expect(s.push(utf8("a\nb\r\nc\rd"))).toEqual(["a", "b", "c"]);
    expect(s.push(utf8("\n\n\r\r\n"))).toEqual(["d", "", "", ""]);
    expect(s.end()).toEqual([]);
    const t = new LineSplitter();
    expect(t.push(utf8("tail"))).toEqual([]);
    expect(t.end()).toEqual(["tail"]);
  });

  it("joins a \\r\\n split across chunks into one terminator, whatever comes between", () => {
    const s = new LineSplitter();
    expect(s.push(utf8("x\r"))).toEqual(["x"]);
    expect(s.push(new Uint8Array(0))).toEqual([]);
    expect(s.push(utf8("\ny\r"))).toEqual(["y"]);
    // A \r followed by anything but \n: the next character starts a new line.
    expect(s.push(utf8("z\n"))).toEqual(["z"]);
  });

  it("decodes a character split across chunks, including at a pending \\r", () => {
    const bytes = utf8("é\r\nü\n");
    const s = new LineSplitter();
    const lines: string[] = [];
    for (const b of bytes) lines.push(...s.push(Uint8Array.of(b)));
    lines.push(...s.end());
    expect(lines).toEqual(["é", "ü"]);
  });
});

describe("socket options (TextSocketSourceProvider.checkParameters)", () => {
  it("needs a host and a port, and a boolean includeTimestamp", () => {
    expect(() => parseSocketOptions({ port: "9999" }, 1)).toThrow('Set a host to read from with option("host", ...).');
    expect(() => parseSocketOptions({ host: "127.0.0.1" }, 1)).toThrow('Set a port to read from with option("port", ...).');
    expect(() => parseSocketOptions({ host: "127.0.0.1", port: "9999", includetimestamp: "yes" }, 1)).toThrow('includeTimestamp must be set to either "true" or "false"');
    expect(() => parseSocketOptions({ host: "127.0.0.1", port: "http" }, 1)).toThrow(/Invalid value 'http' for option 'port'/);
    expect(() => parseSocketOptions({ host: "127.0.0.1", port: "9999", numpartitions: "0" }, 1)).toThrow(/numPartitions/);
    expect(parseSocketOptions({ host: "127.0.0.1", port: "9999", includetimestamp: "TRUE" }, 3)).toEqual({ host: "127.0.0.1", port: 9999, numPartitions: 3, includeTimestamp: true });
  });
});

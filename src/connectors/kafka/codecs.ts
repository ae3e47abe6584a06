/**
 * Snappy, LZ4 and Zstandard for kafkajs, which ships only gzip: topics written by Spark, the Java
 * client, kcat or librdkafka with `compression.type=snappy|lz4|zstd` would otherwise fail to read
 * with "Snappy compression not implemented". Pure-JavaScript codecs (snappyjs, lz4js, fzstd), so
 * nothing is compiled at install. Kindling's own producer writes gzip or nothing, so Zstandard is
 * read-only here (fzstd only decompresses); Snappy and LZ4 work both ways.
 *
 * Import this module for its effect (client.ts does).
 */
import { createRequire } from "node:module";
import kafkajs from "kafkajs";
import { decompress as zstdDecompress } from "fzstd";
import { ConnectorError } from "../../common/errors.js";

const require = createRequire(import.meta.url);
const snappy = require("snappyjs") as { compress(b: Uint8Array): Uint8Array; uncompress(b: Uint8Array): Uint8Array };
const lz4 = require("lz4js") as { compress(b: Uint8Array): number[] | Uint8Array; decompress(b: Uint8Array): number[] | Uint8Array };

interface Codec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

const toBuffer = (b: number[] | Uint8Array): Buffer => (b instanceof Uint8Array ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.from(b));

/** The Java client's Snappy framing (xerial SnappyOutputStream): a magic header, then length-prefixed blocks. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

function snappyUncompress(buffer: Buffer): Buffer {
  if (buffer.length < 16 || !buffer.subarray(0, 8).equals(XERIAL_MAGIC)) return toBuffer(snappy.uncompress(buffer));
  const parts: Buffer[] = [];
  let at = 16; // magic, version, compatible version
  while (at + 4 <= buffer.length) {
    const size = buffer.readInt32BE(at);
    at += 4;
    parts.push(toBuffer(snappy.uncompress(buffer.subarray(at, at + size))));
    at += size;
  }
  return Buffer.concat(parts);
}

const SNAPPY: Codec = {
  compress: async (encoder) => toBuffer(snappy.compress(encoder.buffer)),
  decompress: async (buffer) => snappyUncompress(buffer),
};

const LZ4: Codec = {
  compress: async (encoder) => toBuffer(lz4.compress(encoder.buffer)),
  decompress: async (buffer) => toBuffer(lz4.decompress(buffer)),
};

const ZSTD: Codec = {
  compress: async () => {
    throw new ConnectorError("Kindling's Kafka producer cannot write zstd-compressed batches (it reads them)", { hint: "produce with gzip, snappy or lz4 compression" });
  },
  decompress: async (buffer) => toBuffer(zstdDecompress(buffer)),
};

// kafkajs is CommonJS and Node cannot see CompressionCodecs as a named export: take it from the default.
const codecs = kafkajs.CompressionCodecs as unknown as Record<number, () => Codec>;
codecs[kafkajs.CompressionTypes.Snappy] = () => SNAPPY;
codecs[kafkajs.CompressionTypes.LZ4] = () => LZ4;
codecs[kafkajs.CompressionTypes.ZSTD] = () => ZSTD;

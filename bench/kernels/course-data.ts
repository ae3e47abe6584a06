/**
 * Course-format ride values laid out as one Arrow-Binary-like column (a byte buffer and n+1 Int32
 * offsets) in SharedArrayBuffers, so worker threads read the same bytes without a copy.
 */
import { courseValues } from "../../src/datagen/rides.js";

export interface BinaryColumn {
  readonly length: number;
  readonly data: Uint8Array;
  readonly offsets: Int32Array;
}

/** Generates `count` rides (`courseValues({ count, seed })`) into shared memory. */
export function courseBinaryColumn(count: number, seed: number): BinaryColumn {
  const offsets = new Int32Array(new SharedArrayBuffer((count + 1) * 4));
  let capacity = Math.max(1024, count * 64);
  let data = new Uint8Array(new SharedArrayBuffer(capacity));
  let pos = 0;
  let i = 0;
  for (const value of courseValues({ count, seed })) {
    if (pos + value.length > capacity) {
      capacity = Math.ceil((pos + value.length) * 1.25);
      if (capacity >= 2 ** 31) throw new RangeError(`${count} rides need more than 2 GiB: Int32 offsets cannot address that`);
      const bigger = new Uint8Array(new SharedArrayBuffer(capacity));
      bigger.set(data.subarray(0, pos));
      data = bigger;
    }
    data.set(value, pos);
    pos += value.length;
    offsets[++i] = pos;
  }
  return { length: count, data: data.subarray(0, pos), offsets };
}

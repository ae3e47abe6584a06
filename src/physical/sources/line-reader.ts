/**
 * Iterates the lines of a file's bytes the way Hadoop's LineRecordReader splits them for Spark's
 * text-based sources: `\n` or `\r\n` ends a line, a UTF-8 byte-order mark at the start is
 * skipped. Lines are byte ranges; nothing is decoded.
 *
 * ```ts
 * forEachLine(buf, (start, end, lineNo) => { ... });
 * ```
 */

/** Calls `fn(start, end, lineNo)` for each line (1-based numbers); `fn` returning false stops. */
export function forEachLine(buf: Uint8Array, fn: (start: number, end: number, lineNo: number) => boolean | void): void {
  let pos = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const n = buf.length;
  let lineNo = 0;
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  while (pos < n) {
    let nl = b.indexOf(10, pos);
    if (nl < 0) nl = n;
    let end = nl;
    if (end > pos && buf[end - 1] === 13) end--;
    lineNo++;
    if (fn(pos, end, lineNo) === false) return;
    pos = nl + 1;
  }
}

/** The text of bytes [start, end). */
export function lineText(buf: Uint8Array, start: number, end: number): string {
  return Buffer.isBuffer(buf) ? buf.toString("utf8", start, end) : Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("utf8");
}

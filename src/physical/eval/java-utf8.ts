/**
 * UTF-8 bytes to a string exactly as Spark makes one (UTF8String.toString is Java's
 * `new String(bytes, UTF_8)`): valid input decodes as anywhere, but malformed input is replaced
 * with U+FFFD in Java's own units, which differ from the WHATWG rules TextDecoder follows: an
 * encoded surrogate (`ED A0 80`) is one replacement in Java and three in TextDecoder. The slow
 * path below follows the JDK's String decoding (java.lang.String.decodeUTF8_UTF16 in JDK 17) and
 * runs only when the fast, strict TextDecoder rejects the bytes. Checked against PySpark by
 * test/streaming/kafka-source-options.test.ts.
 *
 * ```ts
 * decodeUtf8LikeJava(new Uint8Array([0x61, 0xed, 0xa0, 0x80])); // "a\uFFFD"
 * ```
 */
const strict = new TextDecoder("utf-8", { fatal: true });
const REPL = 0xfffd;

const notContinuation = (b: number): boolean => (b & 0xc0) !== 0x80;

/** The string Java decodes from `bytes[start, end)`. */
export function decodeUtf8LikeJava(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const view = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
  try {
    return strict.decode(view);
  } catch {
    return decodeMalformed(view);
  }
}

function decodeMalformed(src: Uint8Array): string {
  const out: number[] = [];
  const sl = src.length;
  let sp = 0;
  while (sp < sl) {
    const b1 = src[sp++]!;
    if (b1 < 0x80) {
      out.push(b1);
    } else if (b1 >= 0xc2 && b1 <= 0xdf) {
      if (sp < sl) {
        const b2 = src[sp++]!;
        if (notContinuation(b2)) {
          out.push(REPL);
          sp--;
        } else out.push(((b1 & 0x1f) << 6) | (b2 & 0x3f));
        continue;
      }
      out.push(REPL);
      break;
    } else if (b1 >= 0xe0 && b1 <= 0xef) {
      if (sp + 1 < sl) {
        const b2 = src[sp++]!;
        const b3 = src[sp++]!;
        if ((b1 === 0xe0 && (b2 & 0xe0) === 0x80) || notContinuation(b2) || notContinuation(b3)) {
          out.push(REPL);
          sp -= 2; // back to b2, then skip what Java counts as the malformed length (1 or 2)
          sp += (b1 === 0xe0 && (b2 & 0xe0) === 0x80) || notContinuation(b2) ? 0 : 1;
        } else {
          const c = ((b1 & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
          out.push(c >= 0xd800 && c <= 0xdfff ? REPL : c); // an encoded surrogate: one replacement for all three bytes
        }
        continue;
      }
      if (sp < sl && ((b1 === 0xe0 && (src[sp]! & 0xe0) === 0x80) || notContinuation(src[sp]!))) {
        out.push(REPL);
        continue;
      }
      out.push(REPL);
      break;
    } else if (b1 >= 0xf0 && b1 <= 0xf7) {
      if (sp + 2 < sl) {
        const b2 = src[sp++]!;
        const b3 = src[sp++]!;
        const b4 = src[sp++]!;
        const uc = ((b1 & 0x07) << 18) | ((b2 & 0x3f) << 12) | ((b3 & 0x3f) << 6) | (b4 & 0x3f);
        if (notContinuation(b2) || notContinuation(b3) || notContinuation(b4) || uc < 0x10000 || uc > 0x10ffff) {
          out.push(REPL);
          sp -= 3; // back to b2
          if (b1 > 0xf4 || (b1 === 0xf0 && (b2 < 0x90 || b2 > 0xbf)) || (b1 === 0xf4 && (b2 & 0xf0) !== 0x80) || notContinuation(b2)) sp += 0;
          else if (notContinuation(b3)) sp += 1;
          else sp += 2;
        } else {
          out.push(uc);
        }
        continue;
      }
      if (b1 > 0xf4 || (sp < sl && ((b1 === 0xf0 && (src[sp]! < 0x90 || src[sp]! > 0xbf)) || (b1 === 0xf4 && (src[sp]! & 0xf0) !== 0x80) || notContinuation(src[sp]!)))) {
        out.push(REPL);
        continue;
      }
      sp++;
      out.push(REPL);
      if (sp < sl && notContinuation(src[sp]!)) continue;
      break;
    } else {
      out.push(REPL);
    }
  }
  let s = "";
  for (let i = 0; i < out.length; i += 8192) s += String.fromCodePoint(...out.slice(i, i + 8192));
  return s;
}

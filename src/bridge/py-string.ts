/**
 * Python string and number literals that round-trip exactly and can never break out of the
 * literal: every user string (topic, path, SQL text, column name, option) passes through here.
 * Only printable ASCII other than `\` and `"` is written as itself, plus printable non-ASCII
 * letters, digits, marks, punctuation and symbols (so `café` stays readable); everything else
 * (controls, line and paragraph separators such as U+2028, format characters, unpaired
 * surrogates, private use) is an escape. Never a triple-quoted or raw string.
 *
 * ```ts
 * pyStringLiteral('say "hi"\n');  // "say \"hi\"\n"  (as Python source)
 * pyFloatLiteral(2);              // 2.0
 * ```
 */

const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
/** Visible, non-space characters outside ASCII that are safe and readable as themselves. */
const READABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/**
 * A double-quoted Python string literal for `s`.
 *
 * @example pyStringLiteral("__import__('os')")  // "__import__('os')"
 */
export function pyStringLiteral(s: string): string {
  let out = '"';
  for (const ch of s) {
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) { out += simple; continue; }
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f) { out += ch; continue; }
    // A lone surrogate iterates as one UTF-16 unit; Python writes it as \udXXX too.
    if (cp >= 0x80 && !(cp >= 0xd800 && cp <= 0xdfff) && READABLE.test(ch)) { out += ch; continue; }
    out += escapeCodePoint(cp);
  }
  return out + '"';
}

function escapeCodePoint(cp: number): string {
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, "0")}`;
  return `\\U${cp.toString(16).padStart(8, "0")}`;
}

/**
 * A Python bytes literal (`b"..."`), printable ASCII as itself, the rest as `\xNN`.
 *
 * @example pyBytesLiteral(new Uint8Array([104, 105, 0]))  // b"hi\x00"
 */
export function pyBytesLiteral(b: Uint8Array): string {
  let out = 'b"';
  for (const x of b) {
    if (x === 0x5c) out += "\\\\";
    else if (x === 0x22) out += '\\"';
    else if (x >= 0x20 && x < 0x7f) out += String.fromCharCode(x);
    else out += `\\x${x.toString(16).padStart(2, "0")}`;
  }
  return out + '"';
}

/**
 * A Python float literal that parses to exactly `x`: JavaScript's shortest round-trip digits
 * (the same algorithm as Python's `repr`), always with a `.0` or exponent so it stays a float.
 *
 * @example pyFloatLiteral(1e21)   // 1e+21
 * @example pyFloatLiteral(NaN)    // float("nan")
 */
export function pyFloatLiteral(x: number): string {
  if (Number.isNaN(x)) return 'float("nan")';
  if (x === Infinity) return 'float("inf")';
  if (x === -Infinity) return 'float("-inf")';
  if (Object.is(x, -0)) return "-0.0";
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

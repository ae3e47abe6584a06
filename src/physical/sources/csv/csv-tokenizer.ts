/**
 * Splits one CSV line (a byte range of the file) into fields the way Spark's univocity parser
 * does with Spark's settings: `quote` starts a quoted field, `escape` + quote inside it is a
 * literal quote, a quote followed by anything but the delimiter is an unescaped quote and the
 * field is then read raw up to the next delimiter (STOP_AT_DELIMITER); an unquoted empty field
 * is `nullValue`, a quoted empty one `emptyValue`. Fields stay byte ranges until asked for text.
 *
 * ```ts
 * const t = new CsvTokenizer(csvOptions({}));
 * const n = t.tokenize(Buffer.from('1,"a,b",'), 0, 8); // 3
 * t.text(buf, 1); // "a,b"
 * ```
 */
import { NotImplementedError } from "../../../common/errors.js";
import type { CsvOptions } from "./csv-options.js";

/** Field kinds: a raw slice, a quoted slice, an unescaped string in `strs`, a quoted empty field. */
export const RAW = 0;
export const QUOTED = 1;
export const UNESCAPED = 2;
export const QUOTED_EMPTY = 3;

function asciiCode(c: string, what: string): number {
  const code = c.charCodeAt(0);
  if (code > 127) throw new NotImplementedError(`A non-ASCII CSV ${what} ("${c}") is not supported by Kindling yet.`, { hint: `Use an ASCII ${what}.` });
  return code;
}

/** Reusable per-line field splitter. */
export class CsvTokenizer {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  kinds = new Uint8Array(64);
  strs: (string | undefined)[] = [];
  count = 0;
  private readonly d: number;
  private readonly q: number;
  private readonly e: number;
  private readonly nullBytes: Buffer;
  readonly opts: CsvOptions;

  constructor(opts: CsvOptions) {
    this.opts = opts;
    this.d = asciiCode(opts.delimiter, "delimiter");
    this.q = opts.quote === "\u0000" ? -1 : asciiCode(opts.quote, "quote");
    this.e = opts.escape === "\u0000" ? -1 : asciiCode(opts.escape, "escape");
    this.nullBytes = Buffer.from(opts.nullValue, "utf8");
  }

  private push(s: number, e: number, kind: number, str?: string): void {
    const k = this.count;
    if (k === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(a.length * 2); b.set(a); return b; };
      this.starts = grow(this.starts); this.ends = grow(this.ends); this.kinds = grow(this.kinds);
    }
    this.starts[k] = s; this.ends[k] = e; this.kinds[k] = kind; this.strs[k] = str;
    this.count = k + 1;
  }

  /** Splits bytes [start, end) of `buf` (one line, no terminator); returns the field count. */
  tokenize(buf: Uint8Array, start: number, end: number): number {
    this.count = 0;
    const { d, q, e } = this;
    let i = start;
    for (;;) {
      if (i < end && buf[i] === q) {
        // A quoted field.
        let j = i + 1; let simple = true; let closed = -1;
        while (j < end) {
          const c = buf[j]!;
          if (c === e && e !== q && j + 1 < end && buf[j + 1] === q) { simple = false; j += 2; continue; }
          if (c === q) {
            if (e === q && j + 1 < end && buf[j + 1] === q) { simple = false; j += 2; continue; }
            closed = j; break;
          }
          j++;
        }
        if (closed >= 0 && closed + 1 < end && buf[closed + 1] !== d) {
          // An unescaped quote: univocity's STOP_AT_DELIMITER keeps the raw text to the delimiter.
          let k = closed + 1;
          while (k < end && buf[k] !== d) k++;
          this.push(i, k, RAW);
          if (k >= end) return this.count;
          i = k + 1; continue;
        }
        const cs = i + 1; const ce = closed >= 0 ? closed : end;
        if (ce === cs) this.push(cs, ce, QUOTED_EMPTY);
        else if (simple) this.push(cs, ce, QUOTED);
        else this.push(cs, ce, UNESCAPED, this.unescape(buf, cs, ce));
        const next = closed >= 0 ? closed + 1 : end;
        if (next >= end) return this.count;
        i = next + 1; continue;
      }
      let k = i;
      while (k < end && buf[k] !== d) k++;
      let s = i; let t = k;
      if (this.opts.ignoreLeadingWhiteSpace) while (s < t && buf[s]! <= 32) s++;
      if (this.opts.ignoreTrailingWhiteSpace) while (t > s && buf[t - 1]! <= 32) t--;
      this.push(s, t, RAW);
      if (k >= end) return this.count;
      i = k + 1;
    }
  }

  private unescape(buf: Uint8Array, s: number, e: number): string {
    const raw = (buf as Buffer).toString("utf8", s, e);
    const q = this.opts.quote; const esc = this.opts.escape;
    return raw.split(`${esc}${q}`).join(q);
  }

  /** The field's text after Spark's null/empty substitution (unquoted empty -> nullValue). */
  text(buf: Uint8Array, k: number): string {
    const kind = this.kinds[k]!;
    if (kind === UNESCAPED) return this.strs[k]!;
    if (kind === QUOTED_EMPTY) return this.opts.emptyValue;
    const s = this.starts[k]!; const e = this.ends[k]!;
    if (s === e) return this.opts.nullValue;
    return (buf as Buffer).toString("utf8", s, e);
  }

  /** True when the field reads as null (its text equals `nullValue`). */
  isNull(buf: Uint8Array, k: number): boolean {
    const kind = this.kinds[k]!;
    if (kind === QUOTED_EMPTY) return this.opts.emptyValue === this.opts.nullValue;
    if (kind === UNESCAPED) return this.strs[k] === this.opts.nullValue;
    const s = this.starts[k]!; const e = this.ends[k]!;
    if (s === e) return true;
    const nb = this.nullBytes;
    if (e - s !== nb.length) return false;
    for (let i = 0; i < nb.length; i++) if (buf[s + i] !== nb[i]) return false;
    return true;
  }

  /** True when the field is a plain byte slice (fast numeric paths may read it directly). */
  isSlice(k: number): boolean { const kind = this.kinds[k]!; return kind === RAW || kind === QUOTED; }
}

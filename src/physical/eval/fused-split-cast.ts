/**
 * The projection every PySpark Kafka job starts with, fused into one byte-level pass:
 *
 * ```python
 * fields = F.split(F.col("value").cast("string"), ", ")
 * df.select(fields.getItem(0).cast("int"), fields.getItem(1).cast("timestamp"), ...)
 * ```
 *
 * Unfused, each output column decodes every value to a JS string, splits it into an array of
 * strings and casts one of them: a string per value and per field per column. Fused, the value's
 * bytes are scanned once for the separator and each wanted field is parsed straight from its bytes
 * into the column's typed array (integers, decimals, `yyyy-MM-dd HH:mm:ss` timestamps); any field
 * not in one of those plain forms goes through the very cast the unfused path uses, so the result
 * is the same in every case: values, nulls, and which ANSI error is raised first (the unfused
 * path evaluates column by column, each getItem over all rows before its cast; the fused pass
 * records the first error of each kind per column and raises them in that order).
 * `fused-split-cast.test.ts` checks the two against each other on generated and hostile input.
 *
 * Plain version of what one fused column computes:
 * `castVector(getItem(split(castVector(value, STRING), sep), i), to)`.
 */
import type { Expr } from "../../expr/expression.js";
import { packedBinaryOf } from "../packed-binary.js";
import { StringType, type DataType } from "../../types/data-types.js";
import type { ExecContext } from "../exec-context.js";
import { fracOut, sliceDouble, sliceInt, sliceLocalTimestamp } from "../sources/csv/field-bytes.js";
import { ZoneCache } from "../sources/zone-cache.js";
import { allocPrimitive, isPrimitiveType, type Batch, type Vec } from "../vector.js";
import { invalidArrayIndex } from "./ansi-errors.js";
import { castValue } from "./cast.js";
import { decodeUtf8LikeJava } from "./java-utf8.js";
import { atRow } from "./record-location.js";

/** One projection output that is field `index` of the split value, cast to `to` (null: the string itself). */
export interface SplitField {
  readonly exprIndex: number;
  readonly index: number;
  readonly to: DataType | null;
}

/** The fields a projection reads from one `split(CAST(<binary> AS STRING), <sep>)`. */
export interface SplitGroup {
  readonly sourceExprId: number;
  readonly separator: Uint8Array;
  readonly fields: SplitField[];
}

const REGEX_META = /[\\^$.|?*+()[\]{}]/;
const INT_BOUNDS: Readonly<Record<string, readonly [number, number]>> = { byte: [-128, 127], short: [-32768, 32767], integer: [-2147483648, 2147483647] };

function unalias(e: Expr): Expr {
  return e.kind === "alias" ? unalias(e.child) : e;
}

/** The binary attribute and literal ASCII separator of a `split(CAST(attr AS STRING), sep[, -1])`, or null. */
function splitSource(e: Expr): { exprId: number; sep: string } | null {
  if (e.kind !== "fn" || e.name !== "split" || e.args.length < 2 || e.args.length > 3) return null;
  const [input, pattern, limit] = e.args;
  if (pattern!.kind !== "lit" || typeof pattern!.value !== "string") return null;
  const sep = pattern!.value;
  // A regex metacharacter would make the pattern more than a literal; non-ASCII separators could
  // match inside invalid UTF-8 differently from the decoded string.
  if (sep === "" || REGEX_META.test(sep) || !/^[\x01-\x7f]+$/.test(sep)) return null;
  if (limit !== undefined && !(limit.kind === "lit" && typeof limit.value === "number" && limit.value < 0)) return null;
  if (input!.kind !== "cast" || input!.try === true || input!.to.kind !== "string") return null;
  const source = input!.child;
  if (source.kind !== "attr" || source.dataType.kind !== "binary") return null;
  return { exprId: source.exprId, sep };
}

/** Finds the fused groups among a projection's expressions (each expression in at most one). */
export function findSplitGroups(exprs: readonly Expr[]): SplitGroup[] {
  const groups = new Map<string, SplitGroup>();
  exprs.forEach((raw, exprIndex) => {
    let e = unalias(raw);
    let to: DataType | null = null;
    if (e.kind === "cast") {
      if (e.try === true) return;
      to = e.to;
      e = e.child;
    }
    if (e.kind !== "getItem" || e.key.kind !== "lit" || typeof e.key.value !== "number" || !Number.isInteger(e.key.value)) return;
    const src = splitSource(e.child);
    if (src === null) return;
    const id = `${src.exprId}\u0000${src.sep}`;
    let g = groups.get(id);
    if (g === undefined) {
      g = { sourceExprId: src.exprId, separator: new TextEncoder().encode(src.sep), fields: [] };
      groups.set(id, g);
    }
    g.fields.push({ exprIndex, index: e.key.value, to: to?.kind === "string" ? null : to });
  });
  return [...groups.values()];
}

/**
 * Writes a safe integer into row r of a BigInt64Array through its Int32 view (little-endian low
 * word first): the same bits as `arr[r] = BigInt(v)` without allocating a BigInt.
 */
function setSafeLong(words: Int32Array, r: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  words[2 * r] = v - hi * 4294967296;
  words[2 * r + 1] = hi;
}

/** A fused column's result: its vector, or the error the unfused evaluation would raise for it. */
export type FusedColumn = { readonly vec: Vec; readonly error: null } | { readonly vec: null; readonly error: Error };

/** Evaluates every field of a group over a batch in one pass over the values' bytes. */
export function evaluateSplitGroup(g: SplitGroup, batch: Batch, ordinal: number, ctx: ExecContext): Map<number, FusedColumn> {
  const n = batch.numRows;
  const source = batch.columns[ordinal]!;
  // Packed input (Kafka values, packed-binary.ts) is read in place: no per-row Uint8Array.
  const packed = packedBinaryOf(source);
  const values = packed === null ? (source.values as readonly (Uint8Array | null)[]) : null;
  const sep = g.separator;
  const s0 = sep[0]!;
  const sepLen = sep.length;
  const wantUpTo = Math.max(0, ...g.fields.map((f) => f.index)) + 1;
  const zones = new ZoneCache(ctx.timeZone);
  const ansi = ctx.ansi;

  const cols = g.fields.map((f) => {
    const t = f.to ?? StringType();
    const primitive = isPrimitiveType(t) ? allocPrimitive(t, n) : null;
    return {
      field: f,
      type: t,
      primitive,
      /** An Int32 view of a long/timestamp column, for {@link setSafeLong}. */
      words: primitive instanceof BigInt64Array ? new Int32Array(primitive.buffer, primitive.byteOffset, n * 2) : null,
      objects: isPrimitiveType(t) ? null : new Array<unknown>(n).fill(null),
      valid: new Uint8Array(n),
      indexError: null as Error | null,
      castError: null as Error | null,
    };
  });
  const starts = new Int32Array(wantUpTo);
  const ends = new Int32Array(wantUpTo);

  for (let r = 0; r < n; r++) {
    if (source.valid !== null && source.valid[r] === 0) continue; // every field NULL (valid stays 0)
    // The value is bytes[begin, len): a row's own array (begin 0), or its range of the packed data.
    let bytes: Uint8Array;
    let begin: number;
    let len: number;
    if (packed !== null) {
      bytes = packed.data;
      begin = packed.starts[r]!;
      len = packed.ends[r]!;
    } else {
      const own = values![r];
      if (own === null || own === undefined) continue;
      bytes = own;
      begin = 0;
      len = own.length;
    }
    // Field boundaries up to the last wanted field; `count` is the number of fields found, and
    // `more` whether the value goes on past them (then the array is longer than `count`).
    let count = 0;
    let start = begin;
    let i = begin;
    while (count < wantUpTo) {
      let hit = -1;
      for (; i + sepLen <= len; i++) {
        if (bytes[i] !== s0) continue;
        let k = 1;
        while (k < sepLen && bytes[i + k] === sep[k]) k++;
        if (k === sepLen) { hit = i; break; }
      }
      if (hit < 0) {
        starts[count] = start; ends[count] = len; count++;
        break;
      }
      starts[count] = start; ends[count] = hit; count++;
      start = hit + sepLen;
      i = start;
    }
    const total = count < wantUpTo ? count : -1; // -1: at least wantUpTo fields
    for (const c of cols) {
      const j = c.field.index;
      if (j < 0 || (total >= 0 && j >= total)) {
        if (ansi && c.indexError === null) c.indexError = atRow(invalidArrayIndex(j, total >= 0 ? total : fieldCount(bytes.subarray(begin, len), sep)), r) as Error;
        continue;
      }
      const s = starts[j]!;
      const e = ends[j]!;
      const t = c.type;
      const kind = t.kind;
      if (c.primitive !== null) {
        if (kind === "integer" || kind === "short" || kind === "byte") {
          const v = sliceInt(bytes, s, e);
          const [lo, hi] = INT_BOUNDS[kind]!;
          if (v >= lo && v <= hi) { c.primitive[r] = v; c.valid[r] = 1; continue; }
        } else if (kind === "double" || kind === "float") {
          const v = sliceDouble(bytes, s, e);
          if (!Number.isNaN(v)) { c.primitive[r] = kind === "float" ? Math.fround(v) : v; c.valid[r] = 1; continue; }
        } else if (kind === "long") {
          // sliceInt reads at most 15 digits: always a safe integer.
          const v = sliceInt(bytes, s, e);
          if (!Number.isNaN(v)) { setSafeLong(c.words!, r, v); c.valid[r] = 1; continue; }
        } else if (kind === "timestamp") {
          const local = sliceLocalTimestamp(bytes, s, e);
          if (!Number.isNaN(local)) {
            // The micros are exact in a double while they are a safe integer (years 1685–2255):
            // written as two Int32 words, no BigInt per value.
            const micros = zones.toUtcSeconds(local) * 1_000_000 + fracOut.micros;
            if (Number.isSafeInteger(micros)) setSafeLong(c.words!, r, micros);
            else c.primitive[r] = BigInt(zones.toUtcSeconds(local)) * 1_000_000n + BigInt(fracOut.micros);
            c.valid[r] = 1;
            continue;
          }
        }
      }
      const text = decodeUtf8LikeJava(bytes, s, e);
      if (c.field.to === null) { c.objects![r] = text; c.valid[r] = 1; continue; }
      let v: unknown;
      try {
        v = castValue(text, StringType(), t, ctx, ansi);
      } catch (err) {
        if (c.castError === null) c.castError = atRow(err, r) as Error;
        continue;
      }
      if (v === null) continue;
      if (c.primitive !== null) {
        (c.primitive as { [k: number]: unknown })[r] = kind === "boolean" ? (v === true ? 1 : 0) : v;
      } else c.objects![r] = v;
      c.valid[r] = 1;
    }
  }

  const out = new Map<number, FusedColumn>();
  for (const c of cols) {
    const error = c.indexError ?? c.castError;
    if (error !== null) { out.set(c.field.exprIndex, { vec: null, error }); continue; }
    let allValid = true;
    for (let r = 0; r < n; r++) if (c.valid[r] === 0) { allValid = false; break; }
    out.set(c.field.exprIndex, { vec: { type: c.type, length: n, values: c.primitive ?? c.objects!, valid: allValid ? null : c.valid }, error: null });
  }
  return out;
}

/** The number of fields of a value (only for the message of an index error). */
function fieldCount(bytes: Uint8Array, sep: Uint8Array): number {
  return decodeUtf8LikeJava(bytes).split(decodeUtf8LikeJava(sep)).length;
}

/**
 * State as JSON for checkpoints, with the values JSON cannot hold tagged so they come back as they
 * were: bigints (longs, timestamps, decimals' unscaled values), bytes (binary keys and values),
 * NaN, ±Infinity and -0.0 (double sums and extremes; plain JSON writes the first three as null and
 * the last as 0), and sets (collect_set's seen values).
 *
 * ```ts
 * stateFromJson(stateToJson([1n, new Uint8Array([1]), NaN, -0])); // [1n, Uint8Array [1], NaN, -0]
 * ```
 */

function replacer(this: unknown, key: string, v: unknown): unknown {
  // JSON.stringify hands the replacer a value after its toJSON; read the raw one from the holder.
  const raw = (this as Record<string, unknown>)[key];
  if (typeof raw === "bigint") return { $big: raw.toString() };
  if (raw instanceof Uint8Array) return { $bin: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64") };
  if (typeof raw === "number" && (!Number.isFinite(raw) || Object.is(raw, -0))) return { $num: Object.is(raw, -0) ? "-0" : String(raw) };
  if (raw instanceof Set) return { $set: [...raw] };
  return v;
}

function reviver(_key: string, v: unknown): unknown {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if ("$big" in o) return BigInt(o["$big"] as string);
  if ("$bin" in o) return new Uint8Array(Buffer.from(o["$bin"] as string, "base64"));
  if ("$num" in o) return o["$num"] === "-0" ? -0 : Number(o["$num"]);
  if ("$set" in o) return new Set(o["$set"] as unknown[]);
  return v;
}

export function stateToJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

export function stateFromJson(text: string): unknown {
  return JSON.parse(text, reviver);
}

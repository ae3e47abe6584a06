/**
 * Decodes the PySpark oracle's JSON rows into JavaScript values, guided by Spark's JSON schema
 * (`DataType.jsonValue()`), so that nothing is lost on the way:
 *
 * | Spark type                         | JavaScript value                               |
 * | ---------------------------------- | ---------------------------------------------- |
 * | byte, short, integer, date         | number (a date is days since 1970-01-01)        |
 * | long                               | bigint                                         |
 * | float, double                      | number (NaN and ±Infinity included)            |
 * | timestamp, timestamp_ntz           | bigint microseconds since the epoch (UTC)      |
 * | interval day to second             | bigint microseconds                            |
 * | decimal(p,s)                       | string, as Spark prints it (`"1.50"`)          |
 * | string, boolean                    | string, boolean                                |
 * | binary                             | Uint8Array                                     |
 * | array / map                        | array / array of [key, value] pairs            |
 * | struct                             | object keyed by field name                     |
 *
 * Top-level rows stay arrays in column order (a query may have two columns of the same name).
 */

/** Spark's JSON form of a data type: a name (`"long"`, `"decimal(10,2)"`) or a nested object. */
export type SparkTypeJson =
  | string
  | { readonly type: "array"; readonly elementType: SparkTypeJson; readonly containsNull: boolean }
  | { readonly type: "map"; readonly keyType: SparkTypeJson; readonly valueType: SparkTypeJson; readonly valueContainsNull: boolean }
  | { readonly type: "struct"; readonly fields: readonly SparkFieldJson[] }
  | { readonly type: "udt"; readonly sqlType: SparkTypeJson; readonly [key: string]: unknown };

export interface SparkFieldJson {
  readonly name: string;
  readonly type: SparkTypeJson;
  readonly nullable: boolean;
}

/** One column of an oracle result. */
export interface OracleField {
  readonly name: string;
  /** Spark's `simpleString()`: `bigint`, `double`, `struct<a:int,b:string>`, `timestamp`... */
  readonly type: string;
  readonly nullable: boolean;
  /** Spark's JSON type, which drives decoding. */
  readonly dataType: SparkTypeJson;
}

type Decoder = (value: unknown) => unknown;

const identity: Decoder = (v) => v;

function nullable(decode: Decoder): Decoder {
  return (v) => (v === null || v === undefined ? null : decode(v));
}

function decodeDouble(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  throw new TypeError(`expected a double from the oracle, got ${JSON.stringify(v)}`);
}

function decodeBigint(v: unknown): bigint {
  if (typeof v === "string" || typeof v === "number") return BigInt(v);
  throw new TypeError(`expected an integer string from the oracle, got ${JSON.stringify(v)}`);
}

function decodeHex(v: unknown): Uint8Array {
  if (typeof v !== "string") throw new TypeError(`expected hex from the oracle, got ${JSON.stringify(v)}`);
  return Uint8Array.from(Buffer.from(v, "hex"));
}

/** Builds the decoder for one Spark type (once per result, then applied to every row). */
export function decoderFor(type: SparkTypeJson): Decoder {
  if (typeof type === "string") {
    if (type === "long") return nullable(decodeBigint);
    if (type === "double" || type === "float") return nullable(decodeDouble);
    if (type === "timestamp" || type === "timestamp_ntz") return nullable(decodeBigint);
    if (type.startsWith("interval day") || type.startsWith("interval hour") || type.startsWith("interval minute") || type.startsWith("interval second")) {
      return nullable(decodeBigint);
    }
    if (type === "binary") return nullable(decodeHex);
    return identity; // integer, short, byte, date, string, boolean, decimal(p,s), null, others
  }
  switch (type.type) {
    case "array": {
      const element = decoderFor(type.elementType);
      return nullable((v) => (v as unknown[]).map(element));
    }
    case "map": {
      const key = decoderFor(type.keyType);
      const value = decoderFor(type.valueType);
      return nullable((v) => (v as [unknown, unknown][]).map(([k, x]) => [key(k), value(x)] as const));
    }
    case "struct": {
      const fields = type.fields.map((f) => [f.name, decoderFor(f.type)] as const);
      return nullable((v) => {
        const values = v as unknown[];
        const out: Record<string, unknown> = {};
        fields.forEach(([name, decode], i) => (out[name] = decode(values[i])));
        return out;
      });
    }
    case "udt":
      return decoderFor(type.sqlType);
    default:
      return identity;
  }
}

/** Decodes the oracle's rows (lists in column order) into arrays of JavaScript values. */
export function decodeRows(schema: readonly OracleField[], rows: readonly unknown[][]): unknown[][] {
  const decoders = schema.map((f) => decoderFor(f.dataType));
  return rows.map((row) => decoders.map((decode, i) => decode(row[i])));
}

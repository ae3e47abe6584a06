/**
 * One differential case: the same query written for Kindling (a builder over the shared frames)
 * and for PySpark (a snippet assigning `df`), run on the same input rows, compared on schema
 * (names, Spark simpleString types, nullability), rows (order-insensitive unless `ordered`,
 * floats within 1e-9 relative) and, when asked, `show()` text byte for byte. A case may instead
 * expect both engines to fail with the same Spark error class.
 *
 * ```ts
 * const h = useDiffHarness();                     // one oracle + one Kindling session per file
 * const cases: DiffCase[] = [{
 *   name: "int / int is double",
 *   kindling: ({ nums }) => nums.select(F.col("i").divide(2)),
 *   pyspark: `df = nums.select(F.col("i") / 2)`,
 *   show: {},
 * }];
 * for (const c of cases) it(c.name, () => h.check(c));
 * ```
 */
import { afterAll, beforeAll, expect } from "vitest";
import { SparkSession } from "../../../src/session/spark-session.js";
import type { DataFrame } from "../../../src/session/dataframe.js";
import { getValue } from "../../../src/physical/vector.js";
import { simpleString, type DataType } from "../../../src/types/data-types.js";
import { decimalToPlainString } from "../../../src/types/java-format.js";
import { expectSameRows } from "../../support/compare-rows.js";
import { PySparkOracle, PySparkQueryError, type OracleResult } from "../../support/pyspark-oracle.js";
import { FRAMES, pythonFrameParams, type FrameName } from "./frames.js";

export type Frames = Readonly<Record<FrameName, DataFrame>>;

export interface ShowArgs {
  readonly n?: number;
  readonly truncate?: boolean | number;
  readonly vertical?: boolean;
}

export interface DiffCase {
  readonly name: string;
  /** The query in Kindling, over the shared frames (created with the same DDL schema as in PySpark). */
  readonly kindling: (frames: Frames, spark: SparkSession) => DataFrame;
  /** The query in PySpark: assigns `df`; every frame named in the code is in scope under its name. */
  readonly pyspark: string;
  /** Rows compared in order (ORDER BY queries). */
  readonly ordered?: boolean;
  /** Also compare `df.show(n, truncate, vertical)`'s text byte for byte. */
  readonly show?: ShowArgs;
  /** Session settings for this case in both engines (e.g. `spark.sql.ansi.enabled`). */
  readonly conf?: Readonly<Record<string, string>>;
  /** Both engines must fail with this Spark error class (e.g. `CAST_INVALID_INPUT`). */
  readonly error?: string;
  /** For an error case: also compare the message's first sentence(s) up to `SQLSTATE`. */
  readonly errorMessage?: boolean;
  /**
   * Both engines must fail with a message containing this text: for Java exceptions that carry no
   * error class (Math.multiplyExact's bare `long overflow`).
   */
  readonly errorText?: string;
  /** Sort top-level array cells on both sides before comparing (collect_list's order is Spark's partition order). */
  readonly sortArrays?: boolean;
}

function sortArrayCells(rows: readonly unknown[][]): unknown[][] {
  const key = (v: unknown): string => (v === null ? "" : typeof v === "bigint" ? `n${v}` : `${typeof v}:${String(v)}`);
  return rows.map((r) => r.map((v) => (Array.isArray(v) ? [...v].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) : v)));
}

/** The error class at the start of a Kindling error message (`[CAST_INVALID_INPUT] ...`). */
export function errorClassOf(message: string): string | undefined {
  return /^\[([A-Z0-9_]+(?:\.[A-Z0-9_]+)?)\]/.exec(message)?.[1];
}

/** A message up to and including `SQLSTATE: xxxxx` (Spark appends the plan after it). */
function messageHead(message: string): string {
  const m = /^[\s\S]*?SQLSTATE: [0-9A-Z]{5}/.exec(message);
  return m === null ? message : m[0];
}

/** A Kindling physical value in the oracle's encoding (see test/support/oracle-values.ts). */
export function toOracleValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case "decimal":
      return decimalToPlainString(v as bigint, t.scale);
    case "boolean":
      return v === true || v === 1;
    case "array":
      return (v as unknown[]).map((x) => toOracleValue(x, t.elementType));
    case "map":
      return (v as [unknown, unknown][]).map(([k, x]) => [toOracleValue(k, t.keyType), toOracleValue(x, t.valueType)]);
    case "struct": {
      const values = v as unknown[];
      const out: Record<string, unknown> = {};
      t.fields.forEach((f, i) => (out[f.name] = toOracleValue(values[i], f.dataType)));
      return out;
    }
    default:
      return v; // numbers, bigints (long, timestamp micros), day numbers, strings, bytes
  }
}

/** Kindling's rows of a DataFrame in the oracle's encoding, in result order. */
export function kindlingRows(df: DataFrame): unknown[][] {
  const rows: unknown[][] = [];
  for (const b of df.collectBatches()) {
    for (let i = 0; i < b.numRows; i++) rows.push(b.columns.map((c) => toOracleValue(getValue(c, i), c.type)));
  }
  return rows;
}

const PRELUDE = `
def _conv(v, dt):
    if v is None:
        return None
    if isinstance(dt, T.TimestampType):
        return datetime.datetime.fromisoformat(v)
    if isinstance(dt, T.DateType):
        return datetime.date.fromisoformat(v)
    if isinstance(dt, (T.DoubleType, T.FloatType)):
        return float(v)
    if isinstance(dt, (T.LongType, T.IntegerType, T.ShortType, T.ByteType)):
        return int(v)
    if isinstance(dt, T.DecimalType):
        return Decimal(v)
    if isinstance(dt, T.ArrayType):
        return [_conv(x, dt.elementType) for x in v]
    if isinstance(dt, T.StructType):
        return tuple(_conv(x, f.dataType) for x, f in zip(v, dt.fields))
    return v

def _mk(frame):
    schema = spark.createDataFrame([], frame["ddl"]).schema
    rows = [tuple(_conv(v, f.dataType) for v, f in zip(row, schema.fields)) for row in frame["rows"]]
    return spark.createDataFrame(rows, schema)

for _name, _frame in params["frames"].items():
    globals()[_name] = _mk(_frame)
`;

/** Removes the common leading indentation of a snippet written inside a template literal. */
function dedent(code: string): string {
  const lines = code.replace(/^\n+/, "").replace(/\s+$/, "").split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join("\n") + "\n";
}

function framesUsedBy(code: string): FrameName[] {
  return (Object.keys(FRAMES) as FrameName[]).filter((name) => new RegExp(`\\b${name}\\b`).test(code));
}

/** Whatever `fn` throws, or undefined if it returns. */
function kindlingError(fn: () => unknown): Error | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

export interface DiffHarness {
  check(c: DiffCase): Promise<void>;
}

/**
 * Starts one PySpark oracle (beforeAll) and one Kindling session for the calling test file and
 * returns the checker. Call at the top level of a test file.
 */
export function useDiffHarness(): DiffHarness {
  let oracle: PySparkOracle | undefined;
  const spark = SparkSession.builder.appName("differential").config("spark.sql.session.timeZone", "UTC").getOrCreate();
  let frames: Frames | undefined;

  beforeAll(async () => {
    oracle = await PySparkOracle.start();
    frames = Object.fromEntries(
      (Object.keys(FRAMES) as FrameName[]).map((name) => [name, spark.createDataFrame(FRAMES[name].rows, FRAMES[name].ddl)]),
    ) as Frames;
  });
  afterAll(async () => {
    await oracle?.stop();
  });

  async function check(c: DiffCase): Promise<void> {
    if (oracle === undefined || frames === undefined) throw new Error("the differential harness did not start");
    const names = framesUsedBy(c.pyspark);
    const params = { frames: Object.fromEntries(names.map((n) => [n, pythonFrameParams(n)])) };
    const code = PRELUDE + dedent(c.pyspark);
    const show = c.show === undefined ? undefined : { n: c.show.n ?? 20, truncate: c.show.truncate ?? true, vertical: c.show.vertical ?? false };
    const sparkResult = await oracle.run(code, { params, ...(c.conf === undefined ? {} : { conf: c.conf }), ...(show === undefined ? {} : { show }) }).catch((e: unknown) => e);

    const saved = new Map<string, string>();
    for (const [k, v] of Object.entries(c.conf ?? {})) {
      saved.set(k, spark.conf.get(k));
      spark.conf.set(k, v);
    }
    try {
      if (c.errorText !== undefined) {
        if (!(sparkResult instanceof PySparkQueryError)) throw new Error(`Spark did not fail with ${c.errorText}: it returned rows`);
        expect(sparkResult.info.message, "Spark's error message").toContain(c.errorText);
        const err = kindlingError(() => kindlingRows(c.kindling(frames!, spark)));
        expect(err, "Kindling should fail too").toBeDefined();
        expect(err!.message, "Kindling's error message").toContain(c.errorText);
        return;
      }
      if (c.error !== undefined) {
        if (!(sparkResult instanceof PySparkQueryError)) throw new Error(`Spark did not fail with ${c.error}: ${sparkResult instanceof Error ? sparkResult.message : "it returned rows"}`);
        expect(sparkResult.errorClass, "Spark's error class").toBe(c.error);
        const err = kindlingError(() => kindlingRows(c.kindling(frames!, spark)));
        expect(err, "Kindling should fail too").toBeDefined();
        expect(errorClassOf(err!.message), `Kindling's error class (message: ${err!.message})`).toBe(c.error);
        if (c.errorMessage === true) expect(messageHead(err!.message)).toBe(messageHead(sparkResult.info.message));
        return;
      }
      if (sparkResult instanceof Error) throw sparkResult;
      const expected = sparkResult as OracleResult;
      const df = c.kindling(frames, spark);
      const kSchema = df.schema.fields.map((f) => ({ name: f.name, type: simpleString(f.dataType), nullable: f.nullable }));
      const sSchema = expected.schema.map(({ name, type, nullable }) => ({ name, type, nullable }));
      expect(kSchema, "schema (Kindling vs Spark)").toEqual(sSchema);
      const columns = sSchema.map((f) => f.name);
      const sort = c.sortArrays === true ? sortArrayCells : (rows: readonly unknown[][]) => rows;
      expectSameRows(sort(kindlingRows(df)), sort(expected.rows), { ordered: c.ordered ?? false, names: ["kindling", "spark"], columns });
      if (show !== undefined) {
        expect(df.showString(show.n, show.truncate, show.vertical), "show() text").toBe(expected.show);
      }
    } finally {
      for (const [k, v] of saved) spark.conf.set(k, v);
    }
  }

  return { check };
}

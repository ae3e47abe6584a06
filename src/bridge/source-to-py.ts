/**
 * The leaves of a plan as PySpark code: local rows (`spark.createDataFrame(rows, schema=DDL)`),
 * `spark.range`, file reads (`spark.read.format(...).schema(DDL).option(...).load(...)`) and
 * streaming sources (`spark.readStream.format(...)...load()`). A file read always carries the
 * schema Kindling used (given or inferred), so Spark reads the same columns with the same types.
 *
 * ```ts
 * sourceToPy(df.plan, ctx);  // { value: spark.read.format("csv")..., hint: "rides" }
 * ```
 */
import { NotImplementedError } from "../common/errors.js";
import type { LogicalPlan } from "../logical/plan.js";
import { getValue } from "../physical/vector.js";
import { PARTITION_COLUMNS_OPTION } from "../physical/sources/register-formats.js";
import { streamingLeafOf } from "../streaming/plan/streaming-leaf.js";
import type { StructType } from "../types/data-types.js";
import type { ExprContext } from "./expr-to-py.js";
import { attr, int, list, method, name, str, tuple, type PyExpr } from "./py-ast.js";
import { pyValue } from "./python-values.js";
import { schemaDDL } from "./schema-ddl.js";
import { canonicalOptionKey } from "./spark-dialect.js";

/** A leaf's code: the DataFrame expression, a name hint, and statements it needs first (the rows). */
export interface SourceCode {
  readonly value: PyExpr;
  readonly hint: string;
  /** Rows of a local relation, to bind to a variable of their own before the DataFrame. */
  readonly rows?: PyExpr;
}

type Leaf = Extract<LogicalPlan, { kind: "localRelation" | "range" | "fileScan" }>;

/** The code of a leaf node. */
export function sourceToPy(p: Leaf, ctx: ExprContext): SourceCode {
  const spark = name("spark");
  switch (p.kind) {
    case "range": {
      const args = p.start === 0n && p.step === 1n ? [int(p.end)] : p.step === 1n ? [int(p.start), int(p.end)] : [int(p.start), int(p.end), int(p.step)];
      return { value: method(spark, "range", args), hint: "numbers" };
    }
    case "fileScan": {
      if (p.format === "kafka") {
        // Kafka has a fixed schema and no path: the options say what to read.
        let kafka = method(attr(spark, "read"), "format", [str("kafka")]);
        for (const [k, v] of Object.entries(p.options)) kafka = method(kafka, "option", [str(canonicalOptionKey(ctx.dialect, k)), str(v)]);
        return { value: method(kafka, "load", []), hint: "kafka" };
      }
      let chain = method(method(attr(spark, "read"), "format", [str(p.format)]), "schema", [str(schemaDDL(readSchema(p)))]);
      const partitions = partitionColumns(p.options);
      if (partitions.length > 0) {
        const base = basePath(p.paths, partitions);
        if (base !== null && p.options["basepath"] === undefined) chain = method(chain, "option", [str("basePath"), str(base)]);
      }
      for (const [k, v] of Object.entries(p.options)) {
        if (k === PARTITION_COLUMNS_OPTION) continue;
        chain = method(chain, "option", [str(canonicalOptionKey(ctx.dialect, k)), str(v)]);
      }
      const paths = p.paths.length === 1 ? str(p.paths[0]!) : list(p.paths.map(str));
      return { value: method(chain, "load", [paths]), hint: fileHint(p.paths[0] ?? p.format) };
    }
    case "localRelation": {
      const leaf = streamingLeafOf(p);
      if (leaf !== undefined) return streamSource(leaf, ctx);
      const rows: PyExpr[] = [];
      for (const b of p.batches) {
        for (let i = 0; i < b.numRows; i++) {
          rows.push(tuple(b.columns.map((c, j) => pyValue(getValue(c, i), p.schema.fields[j]!.dataType, ctx.imports))));
        }
      }
      return { value: method(spark, "createDataFrame", [], [["schema", str(schemaDDL(p.schema))]]), hint: "data", rows: { kind: "list", elts: rows } };
    }
  }
}

function streamSource(leaf: NonNullable<ReturnType<typeof streamingLeafOf>>, ctx: ExprContext): SourceCode {
  if (leaf.spec === null) {
    throw new NotImplementedError(`the streaming source ${leaf.description} (a MemoryStream) holds rows pushed from TypeScript and cannot run on Spark`, {
      hint: "produce the rows to a Kafka topic (readStream.format(\"kafka\")) or write them as files in a folder (readStream.format(\"json\").load(folder)) and read that instead",
    });
  }
  const s = leaf.spec;
  let chain = method(attr(name("spark"), "readStream"), "format", [str(s.format)]);
  if (s.userSchema !== null) chain = method(chain, "schema", [str(schemaDDL(s.userSchema))]);
  for (const [k, v] of Object.entries(s.options)) {
    if (k === "path" && s.path !== null) continue;
    chain = method(chain, "option", [str(canonicalOptionKey(ctx.dialect, k)), str(v)]);
  }
  const hint = s.format === "kafka" ? (s.options["subscribe"] ?? "kafka_stream") : s.path !== null ? fileHint(s.path) : s.format;
  return { value: method(chain, "load", s.path === null ? [] : [str(s.path)]), hint };
}

function readSchema(p: Extract<LogicalPlan, { kind: "fileScan" }>): StructType {
  return p.schema;
}

function partitionColumns(options: Readonly<Record<string, string>>): string[] {
  const raw = options[PARTITION_COLUMNS_OPTION];
  return raw === undefined ? [] : (JSON.parse(raw) as string[]);
}

/** The folder above the first `column=value` folder, shared by every file, so Spark finds the same partition columns. */
function basePath(files: readonly string[], partitions: readonly string[]): string | null {
  const lower = new Set(partitions.map((c) => c.toLowerCase()));
  const bases = files.map((f) => {
    const parts = f.split("/");
    const i = parts.findIndex((seg) => lower.has(seg.split("=")[0]!.toLowerCase()) && seg.includes("="));
    return i < 0 ? null : parts.slice(0, i).join("/");
  });
  const first = bases[0];
  return first !== undefined && first !== null && bases.every((b) => b === first) ? first || "/" : null;
}

/** `data/rides.csv` -> `rides`; a part file -> its folder's name. */
function fileHint(path: string): string {
  const parts = path.replace(/\/+$/, "").split("/").filter((s) => s !== "" && !s.includes("="));
  const last = parts[parts.length - 1] ?? "data";
  if (/^part-/.test(last) && parts.length > 1) return parts[parts.length - 2]!;
  return last.replace(/\..*$/, "");
}

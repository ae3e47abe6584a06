/**
 * `kindling compare job.ts --input …`: points a job's sources at other input without editing the
 * job. Plans are data, so this is a rewrite of their source leaves (batch `fileScan`s and streaming
 * leaves), done once for all the job's queries so a source that several queries share stays one
 * source. Both engines then run the rewritten plans (Kindling directly, Spark through the
 * generated PySpark), so they read the same input.
 *
 * An `--input` value is one of:
 * - `PATH`: the job's one file source (csv, json or parquet; batch or streaming; every query that
 *   reads it) reads PATH instead, in the job's format and schema and options;
 * - `kafka:TOPIC[,TOPIC…]`: the job's one Kafka source subscribes to these topics instead (an
 *   `assign` or `subscribePattern` becomes `subscribe`; per-partition JSON offsets, which name the
 *   old topics, become `earliest` / `latest`);
 * - `OLD=NEW`: the same, for the source that now reads OLD (a path as the job wrote it, or
 *   `kafka:TOPIC`), when the job has several sources of that kind.
 *
 * ```ts
 * const targets = withInputs(await loadJobTargets("job.ts"), ["kafka:rides_small"]);
 * ```
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { KindlingError } from "../../common/errors.js";
import type { LogicalPlan } from "../../logical/plan.js";
import { PARTITION_COLUMNS_OPTION } from "../../physical/sources/register-formats.js";
import { StructType } from "../../types/data-types.js";
import type { SparkSession } from "../../session/spark-session.js";
import { streamingLeafOf, type StreamingLeaf } from "../../streaming/plan/streaming-leaf.js";
import type { CodegenTarget } from "../generate.js";

/** One source of a job, as `--input` sees it. */
export interface JobSource {
  /** "file" (csv/json/parquet), "kafka", or "other" (rate, socket, a MemoryStream, local data: not replaceable). */
  readonly kind: "file" | "kafka" | "other";
  /** Where it reads: the path(s) as the job wrote them, `kafka:topic`, or a description. */
  readonly location: string;
  readonly format: string;
  readonly streaming: boolean;
}

const FILE_FORMATS = new Set(["csv", "json", "parquet", "text", "orc"]);

function kafkaLocation(options: Readonly<Record<string, string>>): string {
  return `kafka:${options["subscribe"] ?? options["subscribepattern"] ?? options["assign"] ?? "?"}`;
}

function leafSource(leaf: StreamingLeaf): JobSource {
  const spec = leaf.spec;
  if (spec === null) return { kind: "other", location: leaf.description, format: "memory", streaming: true };
  if (spec.format === "kafka") return { kind: "kafka", location: kafkaLocation(spec.options), format: "kafka", streaming: true };
  if (FILE_FORMATS.has(spec.format) && spec.path !== null) return { kind: "file", location: resolve(spec.path), format: spec.format, streaming: true };
  return { kind: "other", location: leaf.description, format: spec.format, streaming: true };
}

/** A batch read's location: the reader expanded its path into files, so their common folder (or the one file). */
function scanSource(p: Extract<LogicalPlan, { kind: "fileScan" }>): JobSource {
  if (p.format === "kafka") return { kind: "kafka", location: kafkaLocation(p.options), format: "kafka", streaming: false };
  const dirs = [...new Set(p.paths.map((f) => dirname(resolve(f))))];
  const location = p.paths.length === 1 ? resolve(p.paths[0]!) : dirs.length === 1 ? dirs[0]! : p.paths.join(",");
  return { kind: "file", location, format: p.format, streaming: false };
}

/** Rebuilds `plan` with `leaf` applied to every leaf node; unchanged subtrees are kept as they are. */
function mapLeaves(plan: LogicalPlan, leaf: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  switch (plan.kind) {
    case "localRelation":
    case "range":
    case "fileScan":
      return leaf(plan);
    case "join":
    case "union": {
      const left = mapLeaves(plan.left, leaf);
      const right = mapLeaves(plan.right, leaf);
      return left === plan.left && right === plan.right ? plan : { ...plan, left, right };
    }
    default: {
      const child = mapLeaves(plan.child, leaf);
      return child === plan.child ? plan : { ...plan, child };
    }
  }
}

function visitLeaves(plan: LogicalPlan, visit: (p: LogicalPlan) => void): void {
  mapLeaves(plan, (p) => {
    visit(p);
    return p;
  });
}

function sourceOf(p: LogicalPlan): JobSource | null {
  const leaf = streamingLeafOf(p);
  if (leaf !== undefined) return leafSource(leaf);
  if (p.kind === "fileScan") return scanSource(p);
  if (p.kind === "localRelation") return { kind: "other", location: "local data (createDataFrame)", format: "local", streaming: false };
  if (p.kind === "range") return { kind: "other", location: `range(${p.start}, ${p.end})`, format: "range", streaming: false };
  return null;
}

/**
 * The distinct sources of a job's queries (by kind and location: a batch and a streaming read of
 * the same folder are one source for `--input`).
 *
 * @example jobSources(targets).map((s) => s.location) // ["kafka:rides_csv"]
 */
export function jobSources(targets: readonly CodegenTarget[]): JobSource[] {
  const out: JobSource[] = [];
  for (const t of targets) {
    visitLeaves(t.plan, (p) => {
      const s = sourceOf(p);
      if (s !== null && !out.some((o) => o.kind === s.kind && o.location === s.location)) out.push(s);
    });
  }
  return out;
}

function describeSources(sources: readonly JobSource[]): string {
  if (sources.length === 0) return "it reads no source";
  return `its sources: ${sources.map((s) => `${s.location} (${s.streaming ? "readStream" : "read"}.${s.format})`).join("; ")}`;
}

interface Replacement {
  readonly kind: "file" | "kafka";
  /** The location replaced (a JobSource's location). */
  readonly from: string;
  /** The new path (absolute) or topic list. */
  readonly to: string;
}

/** The source reads OLD: the same topics, or the same path or one inside it. */
function sameLocation(source: JobSource, old: string): boolean {
  if (source.location === old) return true;
  if (source.kind !== "file") return false;
  const rel = relative(resolve(old), source.location);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Parses one `--input` value against the job's sources; a clear error when it matches none or
 * more than one.
 */
function parseInput(spec: string, sources: readonly JobSource[]): Replacement {
  let old: string | null = null;
  let target = spec;
  const eq = spec.indexOf("=");
  if (eq > 0) {
    // OLD=NEW when OLD names one of the job's sources; otherwise the whole value is NEW (a path may hold '=').
    const before = spec.slice(0, eq);
    if (sources.some((s) => s.kind !== "other" && sameLocation(s, before))) {
      old = before;
      target = spec.slice(eq + 1);
    }
  }
  const kind: "file" | "kafka" = target.startsWith("kafka:") ? "kafka" : "file";
  const what = kind === "kafka" ? "Kafka source" : "file source (csv, json or parquet)";
  let candidates = sources.filter((s) => s.kind === kind);
  if (old !== null) candidates = candidates.filter((s) => sameLocation(s, old!));
  if (candidates.length === 0) {
    throw new KindlingError(`--input ${spec}: the job has no ${what}${old === null ? "" : ` reading ${old}`}; ${describeSources(sources)}`, "user", {
      hint: kind === "kafka" ? "give a path (--input data/folder) for a file source" : "give kafka:TOPIC (--input kafka:rides_small) for a Kafka source",
    });
  }
  if (candidates.length > 1) {
    throw new KindlingError(`--input ${spec} is ambiguous: the job has ${candidates.length} ${what}s (${candidates.map((c) => c.location).join(", ")})`, "user", {
      hint: `say which one as OLD=NEW, e.g. --input ${candidates[0]!.location}=${target}`,
    });
  }
  let to = target;
  if (kind === "kafka") {
    to = target.slice("kafka:".length);
    if (to.split(",").some((t) => t.trim() === "")) throw new KindlingError(`--input ${spec}: no topic after kafka:`, "user", { hint: "e.g. --input kafka:rides_small" });
  } else {
    to = resolve(target);
    if (!existsSync(to)) throw new KindlingError(`--input ${spec}: ${to} does not exist`, "user", { hint: "give an existing file or folder (relative paths are taken from the current directory)" });
  }
  return { kind, from: old ?? candidates[0]!.location, to };
}

function kafkaOptions(options: Readonly<Record<string, string>>, topics: string): Record<string, string> {
  const out: Record<string, string> = { ...options, subscribe: topics };
  delete out["subscribepattern"];
  delete out["assign"];
  for (const [k, fallback] of [["startingoffsets", "earliest"], ["endingoffsets", "latest"]] as const) {
    if (out[k]?.trim().startsWith("{") === true) out[k] = fallback;
  }
  for (const k of ["startingoffsetsbytimestamp", "endingoffsetsbytimestamp"]) delete out[k];
  return out;
}

/**
 * The targets with their sources replaced as `inputs` say (see the module comment). No input: the
 * targets as they are.
 *
 * @example withInputs(targets, ["test/data/rides"])
 */
export function withInputs(targets: readonly CodegenTarget[], inputs: readonly string[]): CodegenTarget[] {
  if (inputs.length === 0) return [...targets];
  const sources = jobSources(targets);
  const replacements = inputs.map((spec) => parseInput(spec, sources));
  const find = (s: JobSource | null): Replacement | undefined => (s === null ? undefined : replacements.find((r) => r.kind === s.kind && sameLocation(s, r.from)));
  const newLeaves = new Map<StreamingLeaf, LogicalPlan>();
  return targets.map((t) => {
    const session = t.session as unknown as SparkSession;
    const plan = mapLeaves(t.plan, (p) => {
      const leaf = streamingLeafOf(p);
      const r = find(sourceOf(p));
      if (r === undefined) return p;
      if (leaf !== undefined && leaf.spec !== null) {
        const done = newLeaves.get(leaf);
        if (done !== undefined) return done;
        const spec = leaf.spec;
        let reader = session.readStream.format(spec.format);
        if (r.kind === "kafka") reader = reader.options(kafkaOptions(spec.options, r.to));
        else {
          const { path: _path, ...rest } = spec.options;
          reader = reader.options(rest);
        }
        if (spec.userSchema !== null) reader = reader.schema(spec.userSchema);
        const node = { ...reader.load(r.kind === "file" ? r.to : undefined).plan, planId: p.planId } as LogicalPlan;
        newLeaves.set(leaf, node);
        return node;
      }
      if (p.kind === "fileScan") {
        if (r.kind === "kafka") return { ...p, options: kafkaOptions(p.options, r.to) };
        // Read the new path as the job read the old one: its format, options and (data) schema; partitions found anew.
        const partitionColumns = new Set((JSON.parse(p.options[PARTITION_COLUMNS_OPTION] ?? "[]") as string[]).map((c) => c.toLowerCase()));
        const { [PARTITION_COLUMNS_OPTION]: _parts, path: _path, ...options } = p.options;
        const schema = StructType(p.schema.fields.filter((f) => !partitionColumns.has(f.name.toLowerCase())));
        return { ...session.read.format(p.format).options(options).schema(schema).load(r.to).plan, planId: p.planId } as LogicalPlan;
      }
      return p;
    });
    return { ...t, plan };
  });
}

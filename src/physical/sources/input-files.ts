/**
 * Expands the paths given to `spark.read` into data files the way Spark's file index does: a
 * file is itself, a directory is every file below it except names starting with `_` or `.`
 * (`_SUCCESS`, `.crc`; a `_x=1` partition directory is kept), a path with `*`, `?`, `[...]` or
 * `{a,b}` is a glob. Under a directory, `name=value` folders are partition columns (Spark's
 * partition discovery): their values are unescaped (`%2F` -> `/`), `__HIVE_DEFAULT_PARTITION__`
 * is null, and each column's type is inferred (int, bigint, double, date, else string).
 *
 * ```ts
 * const { files, partitionSchema } = listInputFiles(["/out/rides"]);
 * ```
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { AnalysisError } from "../../common/errors.js";
import { DateType, DoubleType, IntegerType, LongType, NullType, StringType, StructField, StructType, type DataType } from "../../types/data-types.js";
import { daysInMonth } from "../../types/datetime.js";
import { compatibleCsvType } from "./csv/csv-infer.js";
import { parseJavaDouble, parseJavaInt, parseJavaLong } from "./text-values.js";

/** The null partition value's directory name. */
export const DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__";

export interface InputFiles {
  readonly files: readonly string[];
  /** Partition columns found in directory names (empty when none). */
  readonly partitionSchema: StructType;
}

const GLOB_CHARS = /[*?[{]/;

function hidden(name: string): boolean {
  return (name.startsWith("_") && !name.includes("=")) || name.startsWith(".") || name.endsWith("._COPYING_");
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (hidden(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out); else out.push(p);
  }
}

function globRegex(segment: string): RegExp {
  let re = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") { const j = segment.indexOf("]", i); re += j > i ? `[${segment.slice(i + 1, j).replace(/^\^/, "^").replace(/^!/, "^")}]` : "\\["; i = j > i ? j : i; }
    else if (c === "{") { const j = segment.indexOf("}", i); re += j > i ? `(?:${segment.slice(i + 1, j).split(",").map((s) => s.replace(/[.+^$()|\\]/g, "\\$&")).join("|")})` : "\\{"; i = j > i ? j : i; }
    else re += c.replace(/[.+^$()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function expandGlob(pattern: string): string[] {
  const abs = resolve(pattern);
  const parts = abs.split(sep);
  let current = [parts[0] === "" ? sep : parts[0]!];
  for (const part of parts.slice(1)) {
    if (part === "") continue;
    const next: string[] = [];
    for (const base of current) {
      if (!GLOB_CHARS.test(part)) { const p = join(base, part); if (existsSync(p)) next.push(p); continue; }
      if (!existsSync(base) || !statSync(base).isDirectory()) continue;
      const re = globRegex(part);
      for (const name of readdirSync(base).sort()) if (re.test(name) && !name.startsWith(".")) next.push(join(base, name));
    }
    current = next;
  }
  return current;
}

function notFound(path: string): AnalysisError {
  return new AnalysisError(`[PATH_NOT_FOUND] Path does not exist: file:${resolve(path)}. SQLSTATE: 42K03`, {
    context: { path },
    hint: "Check the path (relative paths are resolved against the current directory), or write the data first.",
  });
}

/** The `name=value` directories of `file` below `base`, unescaped, in order. */
export function partitionPairs(file: string, base: string | null): [string, string][] {
  const rel = base === null ? file : relative(base, file);
  const dirs = rel.split(sep).slice(0, -1);
  const out: [string, string][] = [];
  for (const d of dirs) {
    const eq = d.indexOf("=");
    if (eq > 0) out.push([unescapePathName(d.slice(0, eq)), unescapePathName(d.slice(eq + 1))]);
  }
  return out;
}

/** Spark's `ExternalCatalogUtils.unescapePathName`. */
export function unescapePathName(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The type of one partition value (Spark's `inferPartitionColumnValue`, common cases). */
export function inferPartitionType(raw: string): DataType {
  if (raw === DEFAULT_PARTITION_NAME) return NullType();
  if (parseJavaInt(raw) !== null) return IntegerType();
  if (parseJavaLong(raw) !== null) return LongType();
  if (parseJavaDouble(raw) !== null && !/[fFdD]$/.test(raw.trim())) return DoubleType();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= daysInMonth(Number(m[1]), Number(m[2]))) return DateType();
  return StringType();
}

/** The files the committed batches of a file sink's `_spark_metadata` log added. */
function sinkLogFiles(dir: string): string[] {
  const live = new Map<string, boolean>();
  const ids = readdirSync(dir).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  for (const id of ids) {
    const lines = readFileSync(join(dir, String(id)), "utf8").split("\n").slice(1);
    for (const line of lines) {
      if (line.trim() === "") continue;
      const entry = JSON.parse(line) as { path: string; action: string };
      live.set(entry.path.replace(/^file:\/\//, ""), entry.action === "add");
    }
  }
  return [...live].filter(([, add]) => add).map(([p]) => p).sort();
}

/** Lists the data files of `paths` and discovers partition columns under directories. */
export function listInputFiles(paths: readonly string[]): InputFiles {
  const files: string[] = [];
  const partitionTypes = new Map<string, DataType>();
  let partitionNames: string[] | null = null;
  for (const p of paths) {
    if (GLOB_CHARS.test(p) && !existsSync(p)) {
      const hits = expandGlob(p);
      if (hits.length === 0) throw notFound(p);
      for (const h of hits) { if (statSync(h).isDirectory()) walk(h, files); else files.push(h); }
      continue;
    }
    if (!existsSync(p)) throw notFound(p);
    if (!statSync(p).isDirectory()) { files.push(resolve(p)); continue; }
    const found: string[] = [];
    // The output of a streaming file sink: only the files its committed batches list are data
    // (Spark reads `_spark_metadata` instead of listing, so a crashed batch's files stay invisible).
    const metadata = join(resolve(p), "_spark_metadata");
    if (existsSync(metadata)) found.push(...sinkLogFiles(metadata));
    else walk(resolve(p), found);
    for (const f of found) {
      const pairs = partitionPairs(f, resolve(p));
      const names = pairs.map(([n]) => n);
      if (partitionNames === null) partitionNames = names;
      else if (names.join("/") !== partitionNames.join("/")) {
        throw new AnalysisError(`Conflicting directory structures detected under ${resolve(p)}: partition columns [${partitionNames.join(", ")}] and [${names.join(", ")}].`, {
          context: { path: f },
          hint: "Every data file must sit under the same name=value folders; remove stray files or read the folders separately.",
        });
      }
      for (const [n, v] of pairs) {
        const t = inferPartitionType(v);
        const prev = partitionTypes.get(n);
        partitionTypes.set(n, prev === undefined ? t : compatibleCsvType(prev, t) ?? StringType());
      }
      files.push(f);
    }
  }
  const partitionSchema = StructType((partitionNames ?? []).map((n) => {
    const t = partitionTypes.get(n)!;
    return StructField(n, t.kind === "null" ? StringType() : t, true);
  }));
  return { files, partitionSchema };
}

/**
 * The parts of the Jupyter notebook format (nbformat 4) the runner reads and writes, with a reader
 * that names the file and the JSON position of a syntax error, and a writer that writes what
 * Jupyter writes (one-space indent, trailing newline). Fields the runner does not know are kept.
 *
 * Schema: https://github.com/jupyter/nbformat/blob/main/nbformat/v4/nbformat.v4.schema.json
 */
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { NotebookError } from "./notebook-error.js";

/** A MIME bundle: `{"text/plain": "…", "text/html": "…"}`; text values may be split in lines. */
export type MimeBundle = Record<string, unknown>;

/** nbformat's "multiline string": one string, or a list of lines each ending in "\n". */
export type MultilineString = string | string[];

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}

export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type NotebookOutput = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  outputs: NotebookOutput[];
  execution_count: number | null;
  [other: string]: unknown;
}

export interface TextCell {
  cell_type: "markdown" | "raw";
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  [other: string]: unknown;
}

export type NotebookCell = CodeCell | TextCell;

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
  [other: string]: unknown;
}

/** A cell's source as one string. */
export function sourceText(source: MultilineString): string {
  return typeof source === "string" ? source : source.join("");
}

/** The first non-blank line of a cell's source (for messages), trimmed and cut at 80 characters. */
export function firstLine(source: MultilineString): string {
  const line = sourceText(source).split("\n").find((l) => l.trim() !== "") ?? "";
  const trimmed = line.trim();
  return trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed;
}

/** The tags of a cell (`metadata.tags`, as JupyterLab's property inspector writes them). */
export function cellTags(cell: NotebookCell): string[] {
  const tags = cell.metadata["tags"];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** A fresh cell id (nbformat 4.5+ requires one: 1-64 characters of `[a-zA-Z0-9-_]`). */
export function newCellId(): string {
  return randomBytes(8).toString("hex");
}

/** The 1-based line and column of a character offset in `text`. */
function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  return { line, column: position - before.lastIndexOf("\n") };
}

/**
 * Parses notebook JSON, checking that it is nbformat 4 with well-formed cells.
 *
 * @example
 * const nb = parseNotebook(readFileSync("a.ipynb", "utf8"), "a.ipynb");
 */
export function parseNotebook(text: string, path: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const where = position?.[1] === undefined ? "" : (() => {
      const { line, column } = lineColumn(text, Number(position[1]));
      return ` at line ${line} column ${column}`;
    })();
    throw new NotebookError(`${path} is not a notebook: invalid JSON${where} (${message})`, {
      cause: error,
      context: { file: path },
      hint: "open it in JupyterLab or a JSON linter and fix the syntax, or pass the right file",
    });
  }
  const fail = (what: string): never => {
    throw new NotebookError(`${path} is not an nbformat 4 notebook: ${what}`, {
      context: { file: path },
      hint: "save it from JupyterLab 3+ (which writes nbformat 4), or convert it with `jupyter nbconvert --to notebook`",
    });
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return fail("the top level is not a JSON object");
  const nb = raw as Record<string, unknown>;
  if (nb["nbformat"] !== 4) return fail(`"nbformat" is ${JSON.stringify(nb["nbformat"])}, expected 4`);
  if (!Array.isArray(nb["cells"])) return fail('"cells" is missing or not a list');
  const metadata = nb["metadata"];
  if (metadata !== undefined && (metadata === null || typeof metadata !== "object" || Array.isArray(metadata))) return fail('"metadata" is not an object');
  const cells = (nb["cells"] as unknown[]).map((c, i): NotebookCell => {
    if (c === null || typeof c !== "object") return fail(`cell ${i + 1} is not an object`);
    const cell = c as Record<string, unknown>;
    const type = cell["cell_type"];
    if (type !== "code" && type !== "markdown" && type !== "raw") return fail(`cell ${i + 1} has cell_type ${JSON.stringify(type)}, expected code, markdown or raw`);
    const source = cell["source"];
    const okSource = typeof source === "string" || (Array.isArray(source) && source.every((s) => typeof s === "string"));
    if (!okSource) return fail(`cell ${i + 1} has no "source" string or list of strings`);
    const cellMeta = cell["metadata"];
    const meta = cellMeta !== null && typeof cellMeta === "object" && !Array.isArray(cellMeta) ? (cellMeta as Record<string, unknown>) : {};
    if (type === "code") {
      return {
        ...cell,
        cell_type: "code",
        source: source as MultilineString,
        metadata: meta,
        outputs: Array.isArray(cell["outputs"]) ? (cell["outputs"] as NotebookOutput[]) : [],
        execution_count: typeof cell["execution_count"] === "number" ? cell["execution_count"] : null,
      };
    }
    return { ...cell, cell_type: type, source: source as MultilineString, metadata: meta };
  });
  const minor = typeof nb["nbformat_minor"] === "number" ? nb["nbformat_minor"] : 4;
  return { ...nb, nbformat: 4, nbformat_minor: minor, metadata: (metadata as Record<string, unknown> | undefined) ?? {}, cells };
}

/**
 * Reads and validates a notebook file.
 *
 * @example
 * const nb = readNotebook("notebooks/demo.ipynb");
 */
export function readNotebook(path: string): Notebook {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NotebookError(code === "ENOENT" ? `notebook ${path} does not exist` : `cannot read notebook ${path} (${code ?? String(error)})`, {
      cause: error,
      context: { file: path },
      hint: "check the path (it is relative to the current folder)",
    });
  }
  return parseNotebook(text, path);
}

/** The notebook as Jupyter writes it: JSON with a one-space indent and a trailing newline. */
export function formatNotebook(nb: Notebook): string {
  return `${JSON.stringify(nb, null, 1)}\n`;
}

/**
 * Writes a notebook atomically (a temporary file renamed into place), so a reader never sees half
 * a notebook and a crash never leaves one.
 *
 * @example
 * writeNotebook("out.ipynb", nb);
 */
export function writeNotebook(path: string, nb: Notebook): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, formatNotebook(nb));
  renameSync(tmp, path);
}

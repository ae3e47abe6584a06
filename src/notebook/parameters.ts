/**
 * Papermill-style parameters for TypeScript notebooks: `-p alpha=0.5` becomes `const alpha = 0.5;`
 * in a cell tagged `injected-parameters`, placed right after the cell tagged `parameters` (whose
 * values are the defaults), or at the top when there is none.
 *
 * Papermill's rules, which we follow: https://papermill.readthedocs.io/en/latest/usage-parameterize.html
 * (a parameter the notebook never declares is still injected, with a warning; a notebook that
 * already has an injected cell, e.g. an output notebook run again, gets it replaced).
 */
import { cellTags, newCellId, sourceText, type CodeCell, type Notebook } from "./nbformat.js";
import { NotebookError } from "./notebook-error.js";

/** A JSON value: what a parameter can be. */
export type ParameterValue = string | number | boolean | null | ParameterValue[] | { [key: string]: ParameterValue };

export const PARAMETERS_TAG = "parameters";
export const INJECTED_TAG = "injected-parameters";

// JSON's number grammar: "007" and "1." stay strings, as they would in papermill's JSON-ish typing.
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with let static yield await " +
    "implements interface package private protected public").split(" "),
);

/**
 * Types a `-p` value by what it looks like: `true`/`false`, `null`, a JSON number, a JSON array or
 * object, a JSON string in double quotes (to force a string: `-p flag='"true"'`); anything else is
 * the string itself.
 *
 * @example
 * parseParameterValue("0.5");        // 0.5
 * parseParameterValue("[1, 2]");     // [1, 2]
 * parseParameterValue("yellow");     // "yellow"
 */
export function parseParameterValue(raw: string): ParameterValue {
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw === "null") return null;
  if (NUMBER.test(raw)) {
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
  }
  const first = raw.trimStart()[0];
  if (first === "[" || first === "{" || first === '"') {
    try {
      return JSON.parse(raw) as ParameterValue;
    } catch {
      // Not JSON after all (e.g. "[draft] notes"): a plain string.
    }
  }
  return raw;
}

/**
 * Splits a `-p name=value` argument (at the first `=`) and types the value.
 *
 * @example
 * parseParameterArg("alpha=0.5"); // { name: "alpha", value: 0.5 }
 */
export function parseParameterArg(arg: string): { name: string; value: ParameterValue } {
  const eq = arg.indexOf("=");
  if (eq <= 0) {
    throw new NotebookError(`parameter ${JSON.stringify(arg)} is not of the form name=value`, {
      hint: "write it as -p name=value, e.g. -p alpha=0.5 or -p topic=rides_csv",
    });
  }
  const name = arg.slice(0, eq).trim();
  checkIdentifier(name);
  return { name, value: parseParameterValue(arg.slice(eq + 1)) };
}

function checkIdentifier(name: string): void {
  if (!IDENTIFIER.test(name) || RESERVED.has(name)) {
    throw new NotebookError(`parameter name ${JSON.stringify(name)} is not a valid TypeScript variable name`, {
      hint: "use letters, digits, _ and $ (not starting with a digit, not a reserved word), as declared in the notebook's parameters cell",
    });
  }
}

/** The TypeScript literal for a value; strings go through JSON.stringify, so any text is safe. */
export function parameterLiteral(value: ParameterValue): string {
  return JSON.stringify(value);
}

/**
 * The source of the injected cell: one `const` per parameter, in the order given.
 *
 * @example
 * renderParameters({ alpha: 0.5, topic: "rides" });
 * // "// Parameters injected by kindling nb run\nconst alpha = 0.5;\nconst topic = \"rides\";\n"
 */
export function renderParameters(parameters: Readonly<Record<string, ParameterValue>>): string {
  const lines = ["// Parameters injected by kindling nb run"];
  for (const [name, value] of Object.entries(parameters)) {
    checkIdentifier(name);
    lines.push(`const ${name} = ${parameterLiteral(value)};`);
  }
  return `${lines.join("\n")}\n`;
}

/** The names a cell declares at its top level with const, let, var, function or class. */
export function declaredNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const match of source.matchAll(/(?:^|[\s;])(?:const|let|var|function\*?|class)\s+([A-Za-z_$][\w$]*)/g)) {
    if (match[1] !== undefined) names.add(match[1]);
  }
  return names;
}

export interface InjectionResult {
  readonly notebook: Notebook;
  /** 0-based index of the injected cell, or undefined when there were no parameters. */
  readonly injectedIndex: number | undefined;
  readonly warnings: string[];
}

/**
 * Returns a copy of the notebook with the parameters injected (and any earlier injected cell
 * removed). With no parameters the notebook is returned without an injected cell.
 *
 * @example
 * const { notebook, warnings } = injectParameters(nb, { alpha: 0.5 });
 */
export function injectParameters(nb: Notebook, parameters: Readonly<Record<string, ParameterValue>>): InjectionResult {
  const cells = nb.cells.filter((c) => !cellTags(c).includes(INJECTED_TAG));
  const warnings: string[] = [];
  const names = Object.keys(parameters);
  if (names.length === 0) return { notebook: { ...nb, cells }, injectedIndex: undefined, warnings };

  const paramIndex = cells.findIndex((c) => c.cell_type === "code" && cellTags(c).includes(PARAMETERS_TAG));
  if (paramIndex < 0) {
    warnings.push(`the notebook has no cell tagged "${PARAMETERS_TAG}", so the parameters are injected at the top`);
  } else {
    const declared = declaredNames(sourceText(cells[paramIndex]!.source));
    for (const name of names.filter((n) => !declared.has(n))) {
      warnings.push(`parameter "${name}" is not declared in the parameters cell (cell ${paramIndex + 1}); it is injected anyway`);
    }
  }
  const injected: CodeCell = {
    cell_type: "code",
    ...(nb.nbformat_minor >= 5 ? { id: newCellId() } : {}),
    metadata: { tags: [INJECTED_TAG] },
    source: renderParameters(parameters),
    outputs: [],
    execution_count: null,
  };
  const at = paramIndex + 1; // 0 when there is no parameters cell
  cells.splice(at, 0, injected);
  return { notebook: { ...nb, cells }, injectedIndex: at, warnings };
}

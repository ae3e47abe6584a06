/**
 * Python's own parser as the judge of generated code: `parsePython(code)` runs
 * `ast.parse` in python3 and returns every string constant of the module (JSON-encoded, so any
 * character survives), or throws with Python's SyntaxError.
 *
 * ```ts
 * const { strings } = parsePython('x = "a\\nb"');   // strings: ["a\nb"]
 * ```
 */
import { execFileSync } from "node:child_process";

const SCRIPT = `
import ast, json, sys
tree = ast.parse(sys.stdin.read())
out = {"strings": [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)],
       "calls": sorted({n.func.attr if isinstance(n.func, ast.Attribute) else ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)})}
sys.stdout.write(json.dumps(out))
`;

export interface ParsedPython {
  readonly strings: readonly string[];
  /** The name of every function or method called anywhere (`col`, `format`, `datetime`...), sorted. */
  readonly calls: readonly string[];
}

/** Parses `code` with python3's `ast` module. */
export function parsePython(code: string): ParsedPython {
  const out = execFileSync("python3", ["-c", SCRIPT], { input: code, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as ParsedPython;
}

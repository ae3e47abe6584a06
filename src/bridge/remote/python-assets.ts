/**
 * Where the bridge's Python programs live (src/bridge/python, shipped with the package): the same
 * relative path from src/bridge/remote (tests, tsx) and dist/bridge/remote (the built CLI).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { InternalError } from "../../common/errors.js";

/**
 * The path of one of the bridge's Python files.
 *
 * @example pythonAsset("kindling_driver.py")
 */
export function pythonAsset(file: string): string {
  const path = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "src", "bridge", "python", file);
  if (!existsSync(path)) throw new InternalError(`the bridge's Python file ${path} is missing from the package`);
  return path;
}

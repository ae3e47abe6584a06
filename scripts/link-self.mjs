// Makes `import ... from "kindling"` resolve inside this repository the way it does in a user's
// project: node_modules/kindling points at the package root.
//
// Why: Node resolves a package's own name through its `exports` ("self-reference"), but tslab
// type-checks notebook cells with TypeScript's Node10 module resolution, which only looks in
// node_modules/ folders. Without this link a notebook under notebooks/ fails with "Cannot find
// module 'kindling'" even though it would run.
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const link = join(root, "node_modules", "kindling");

let current;
try {
  current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : "(not a link)";
} catch {
  current = undefined;
}
if (current !== "..") {
  if (current !== undefined) rmSync(link, { recursive: true, force: true });
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync("..", link, "dir");
}

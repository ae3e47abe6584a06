// Marks the CLI entry as executable after `tsc` (tsc does not keep file modes),
// so `npx kindling` and the package's `bin` link work straight after a build.
import { chmodSync, existsSync } from "node:fs";

const cli = new URL("../dist/cli/main.js", import.meta.url);
if (existsSync(cli)) chmodSync(cli, 0o755);

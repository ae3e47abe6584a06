#!/usr/bin/env node
/** The `kindling` command: a thin shell over the library (see src/cli/program.ts). */
import { runCli } from "./program.js";

process.exitCode = await runCli(process.argv);

// Loads the TypeScript worker when Kindling runs from its sources (tests): Node 20 does not apply
// `--import tsx` to worker threads, so the worker registers tsx's loader itself before importing.
// The built package (dist/) starts kafka-batch-worker.js directly and never uses this file.
import { register } from "tsx/esm/api";

register();
await import("./kafka-batch-worker.ts");

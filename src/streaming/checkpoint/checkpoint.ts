import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AnalysisError } from "../../common/errors.js";
import { CommitLog } from "./commit-log.js";
import { OffsetSeqLog } from "./offset-seq-log.js";

/**
 * A query's checkpoint folder, laid out as Spark lays it out: `metadata` (the query id), `offsets/`
 * (the write-ahead log of planned batches), `commits/` (batches done), `state/` (operator state),
 * plus `kindling/query.json`, a fingerprint of the query's sources and stateful operators, so a
 * checkpoint is never silently reused by a different query.
 */
export class Checkpoint {
  readonly offsets: OffsetSeqLog;
  readonly commits: CommitLog;
  readonly id: string;

  private constructor(readonly dir: string, id: string) {
    this.id = id;
    this.offsets = new OffsetSeqLog(join(dir, "offsets"));
    this.commits = new CommitLog(join(dir, "commits"));
  }

  /** The folder where stateful operator `operatorId` keeps its versions. */
  stateDir(operatorId: number): string {
    return join(this.dir, "state", String(operatorId));
  }

  /**
   * Opens (or creates) the checkpoint at `dir` for a query whose shape is `fingerprint`; refuses a
   * checkpoint written by a query of another shape, saying what differs.
   */
  static open(dir: string, fingerprint: QueryFingerprint): Checkpoint {
    mkdirSync(dir, { recursive: true });
    const metadataFile = join(dir, "metadata");
    let id: string;
    if (existsSync(metadataFile)) {
      id = (JSON.parse(readFileSync(metadataFile, "utf8")) as { id: string }).id;
    } else {
      id = randomUUID();
      writeAtomically(metadataFile, JSON.stringify({ id }));
    }
    const fingerprintFile = join(dir, "kindling", "query.json");
    if (existsSync(fingerprintFile)) {
      const stored = JSON.parse(readFileSync(fingerprintFile, "utf8")) as QueryFingerprint;
      const difference = describeDifference(stored, fingerprint);
      if (difference !== null) {
        throw new AnalysisError(`the checkpoint at ${dir} belongs to a different query: ${difference}`, {
          context: { checkpointLocation: dir },
          hint: "use a new checkpointLocation for a changed query (or delete this one to start over, losing its progress)",
        });
      }
    } else {
      mkdirSync(join(dir, "kindling"), { recursive: true });
      writeAtomically(fingerprintFile, JSON.stringify(fingerprint, null, 2));
    }
    return new Checkpoint(dir, id);
  }
}

/**
 * Writes a whole file or nothing (a temp file renamed into place), as Spark writes `metadata`
 * (CheckpointFileManager.createAtomic): a query killed while creating its checkpoint must not
 * leave a truncated file that the restart then cannot parse (found by test/streaming/fault-kill.test.ts).
 */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** The parts of a query that must not change across restarts on one checkpoint. */
export interface QueryFingerprint {
  /** One description per source, in plan order (e.g. `kafka subscribe=rides_csv`). */
  readonly sources: readonly string[];
  /** One entry per stateful operator: its kind and state schema (e.g. `aggregate(window,vendor_id;count)`). */
  readonly statefulOperators: readonly string[];
}

function describeDifference(stored: QueryFingerprint, now: QueryFingerprint): string | null {
  if (stored.sources.length !== now.sources.length) {
    return `it has ${stored.sources.length} source(s) and this query has ${now.sources.length}`;
  }
  for (let i = 0; i < now.sources.length; i++) {
    if (stored.sources[i] !== now.sources[i]) return `source ${i} was ${stored.sources[i]} and is now ${now.sources[i]}`;
  }
  if (stored.statefulOperators.length !== now.statefulOperators.length) {
    return `it has ${stored.statefulOperators.length} stateful operator(s) and this query has ${now.statefulOperators.length}`;
  }
  for (let i = 0; i < now.statefulOperators.length; i++) {
    if (stored.statefulOperators[i] !== now.statefulOperators[i]) {
      return `stateful operator ${i} was ${stored.statefulOperators[i]} and is now ${now.statefulOperators[i]}`;
    }
  }
  return null;
}

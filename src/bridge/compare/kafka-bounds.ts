/**
 * The same Kafka offsets for both engines. A batch Kafka read ends at `latest` when each engine
 * runs it, seconds apart; compare pins its `endingOffsets` to the offsets the topic had when the
 * comparison began, in both engines. A streaming read with trigger availableNow ends where the
 * topic ended when the query started (Spark refuses `endingOffsets` in a stream), so compare notes
 * the topic's end before Kindling runs and after Spark ran, and warns when it moved: the engines
 * may then have read different records.
 *
 * ```ts
 * const { targets, check } = await pinKafkaEnds(jobTargets);
 * // ... run both engines ...
 * const warnings = await check();
 * ```
 */
import type { LogicalPlan } from "../../logical/plan.js";
import { withAdmin } from "../../connectors/kafka/admin.js";
import { offsetsToJson } from "../../connectors/kafka/kafka-offsets.js";
import { parseKafkaSourceOptions } from "../../connectors/kafka/kafka-options.js";
import { topicRanges } from "../../connectors/kafka/topic-ranges.js";
import { streamingLeafOf } from "../../streaming/plan/streaming-leaf.js";
import type { CodegenTarget } from "../generate.js";

function mapScans(plan: LogicalPlan, f: (p: Extract<LogicalPlan, { kind: "fileScan" }>) => LogicalPlan): LogicalPlan {
  switch (plan.kind) {
    case "fileScan":
      return f(plan);
    case "localRelation":
    case "range":
      return plan;
    case "join":
    case "union": {
      const left = mapScans(plan.left, f);
      const right = mapScans(plan.right, f);
      return left === plan.left && right === plan.right ? plan : { ...plan, left, right };
    }
    default: {
      const child = mapScans(plan.child, f);
      return child === plan.child ? plan : { ...plan, child };
    }
  }
}

function streamingKafkaOptions(plan: LogicalPlan, out: Readonly<Record<string, string>>[]): void {
  const leaf = streamingLeafOf(plan);
  if (leaf?.spec?.format === "kafka") out.push(leaf.spec.options);
  switch (plan.kind) {
    case "fileScan":
    case "localRelation":
    case "range":
      return;
    case "join":
    case "union":
      streamingKafkaOptions(plan.left, out);
      streamingKafkaOptions(plan.right, out);
      return;
    default:
      streamingKafkaOptions(plan.child, out);
  }
}

/** The end offsets of what a set of Kafka options subscribes to, as Spark's JSON. */
async function endOffsets(options: Readonly<Record<string, string>>, streaming: boolean): Promise<string> {
  const parsed = parseKafkaSourceOptions(options, streaming);
  return withAdmin(parsed.servers, async (admin) => offsetsToJson((await topicRanges(admin, parsed)).high));
}

/**
 * Pins every batch Kafka read that ends at `latest` to the topic's end now, and returns a check
 * that warns about streaming Kafka sources whose topic grew while the engines ran.
 *
 * @example const { targets, check } = await pinKafkaEnds(targets);
 */
export async function pinKafkaEnds(targets: readonly CodegenTarget[]): Promise<{ targets: CodegenTarget[]; pinned: string[]; check: () => Promise<string[]> }> {
  const pinned: string[] = [];
  const ends = new Map<string, Promise<string>>();
  const endOf = (options: Readonly<Record<string, string>>, streaming: boolean): Promise<string> => {
    const key = JSON.stringify([options["kafka.bootstrap.servers"], options["subscribe"], options["subscribepattern"], options["assign"]]);
    let p = ends.get(key);
    if (p === undefined) ends.set(key, (p = endOffsets(options, streaming)));
    return p;
  };
  const out: CodegenTarget[] = [];
  for (const t of targets) {
    const scans: Extract<LogicalPlan, { kind: "fileScan" }>[] = [];
    mapScans(t.plan, (p) => {
      if (p.format === "kafka" && (p.options["endingoffsets"] ?? "latest").trim().toLowerCase() === "latest" && p.options["endingoffsetsbytimestamp"] === undefined) scans.push(p);
      return p;
    });
    const pins = new Map<Extract<LogicalPlan, { kind: "fileScan" }>, string>();
    for (const s of scans) pins.set(s, await endOf(s.options, false));
    const plan = mapScans(t.plan, (p) => {
      const end = pins.get(p);
      if (end === undefined) return p;
      pinned.push(end);
      return { ...p, options: { ...p.options, endingoffsets: end } };
    });
    out.push({ ...t, plan });
  }
  const streams: Readonly<Record<string, string>>[] = [];
  for (const t of targets) streamingKafkaOptions(t.plan, streams);
  const before = await Promise.all(streams.map((o) => endOffsets(o, true)));
  const check = async (): Promise<string[]> => {
    const warnings: string[] = [];
    for (const [i, o] of streams.entries()) {
      const after = await endOffsets(o, true);
      if (after !== before[i]) {
        warnings.push(`the Kafka topic(s) ${o["subscribe"] ?? o["subscribepattern"] ?? o["assign"]} grew while the engines ran (end ${before[i]} before Kindling, ${after} after Spark): the two may have read different records; compare a topic nobody writes to`);
      }
    }
    return [...new Set(warnings)];
  };
  return { targets: out, pinned: [...new Set(pinned)], check };
}

/** Every scenario, in the order a full run goes through them. One file per scenario under scenarios/. */
import type { Scenario } from "./scenario.js";
import { batchOverhead } from "./scenarios/batch-overhead.js";
import { courseJob } from "./scenarios/course-job.js";
import { groupby } from "./scenarios/groupby.js";
import { kafkaRead } from "./scenarios/kafka-read.js";
import { parallelTransform } from "./scenarios/parallel-transform.js";
import { memory } from "./scenarios/memory.js";
import { startup } from "./scenarios/startup.js";
import { latency } from "./scenarios/latency.js";
import { windowCountCeiling } from "./scenarios/window-count-ceiling.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each scenario has its own params and state
export const SCENARIOS: ReadonlyArray<Scenario<any, any>> = [windowCountCeiling, groupby, kafkaRead, parallelTransform, batchOverhead, courseJob, latency, startup, memory];

/** The named scenarios, in registry order; an unknown name throws with the list of known ones. */
export function selectScenarios(names: readonly string[]): ReadonlyArray<Scenario<unknown, unknown>> {
  for (const n of names) {
    if (!SCENARIOS.some((s) => s.name === n)) throw new Error(`unknown scenario ${JSON.stringify(n)}: choose from ${SCENARIOS.map((s) => s.name).join(", ")}`);
  }
  return SCENARIOS.filter((s) => names.length === 0 || names.includes(s.name));
}

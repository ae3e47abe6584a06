/**
 * Kindling DataFrames over the differential tests' shared input frames (same rows, same DDL), for
 * the bridge's tests: the generated PySpark must rebuild them from literal rows on its own.
 *
 * ```ts
 * const f = bridgeFrames(spark);
 * f.nums.filter(F.col("i").gt(0)).toPySpark();
 * ```
 */
import type { DataFrame } from "../../../src/session/dataframe.js";
import type { SparkSession } from "../../../src/session/spark-session.js";
import { FRAMES, type FrameName } from "../../differential/support/frames.js";

export type BridgeFrames = Readonly<Record<FrameName, DataFrame>>;

/** Every shared frame as a Kindling DataFrame of `spark`. */
export function bridgeFrames(spark: SparkSession): BridgeFrames {
  return Object.fromEntries((Object.keys(FRAMES) as FrameName[]).map((n) => [n, spark.createDataFrame(FRAMES[n].rows, FRAMES[n].ddl)])) as BridgeFrames;
}

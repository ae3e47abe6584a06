import { availableParallelism } from "node:os";
import { AnalysisError } from "../../common/errors.js";
import type { SparkSession } from "../../session/spark-session.js";

/**
 * Spark's `sparkContext.defaultParallelism` as Kindling knows it: `spark.default.parallelism` when
 * set, else the number of cores (Spark's `local[*]`). The rate and socket sources use it as their
 * default `numPartitions`, which decides the order their rows come in.
 */
export function defaultParallelism(session: SparkSession): number {
  const raw = session.conf.get("spark.default.parallelism", "");
  if (raw === "") return Math.max(1, availableParallelism());
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new AnalysisError(`Invalid value '${raw}' for spark.default.parallelism, must be a positive integer`, { hint: 'e.g. spark.conf.set("spark.default.parallelism", "2")' });
  }
  return n;
}

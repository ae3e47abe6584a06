"""Writes src/physical/kernels/hll-tables.ts: the HyperLogLog++ bias-correction tables of the pinned
Spark, read from its own JVM constants (HyperLogLogPlusPlusHelper.RAW_ESTIMATE_DATA, BIAS_DATA,
THRESHOLDS) so that Kindling's approx_count_distinct gives Spark's estimate to the unit.

Run with the stack's PySpark venv:  ~/.cache/kindling/venv-pyspark-4.1.1/bin/python scripts/gen-hll-tables.py
"""
import os
import sys

from pyspark.sql import SparkSession

spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
helper = spark._jvm.org.apache.spark.sql.catalyst.util.HyperLogLogPlusPlusHelper
raw = [list(r) for r in helper.RAW_ESTIMATE_DATA()]
bias = [list(b) for b in helper.BIAS_DATA()]
thresholds = list(helper.THRESHOLDS())
version = spark.version
spark.stop()


def num(x):
    r = repr(float(x))
    return r[:-2] if r.endswith(".0") else r


def table(rows):
    return "\n".join(f"  [{', '.join(num(x) for x in row)}]," for row in rows)


out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "physical", "kernels", "hll-tables.ts")
with open(out, "w", encoding="utf-8") as f:
    f.write(f"""/**
 * HyperLogLog++ bias-correction data, index = precision - 4 (4..18), generated from Spark {version}'s
 * HyperLogLogPlusPlusHelper constants by scripts/gen-hll-tables.py (the appendix of Heule et al.,
 * "HyperLogLog in Practice"). Data, not code: do not edit by hand.
 *
 * ```ts
 * RAW_ESTIMATE_DATA[14 - 4].length; // interpolation points for p = 14
 * ```
 */

/** Raw-estimate thresholds below which linear counting is used, per precision. */
export const THRESHOLDS: readonly number[] = [{', '.join(num(x) for x in thresholds)}];

/** Raw estimates (nearly sorted; searched as Java's Arrays.binarySearch does), per precision. */
export const RAW_ESTIMATE_DATA: readonly (readonly number[])[] = [
{table(raw)}
];

/** The bias at each raw estimate, per precision. */
export const BIAS_DATA: readonly (readonly number[])[] = [
{table(bias)}
];
""")
print("wrote", out, file=sys.stderr)

// test/cli/fixtures/rate-console.ts (the `kindling run` example) as a job file: rate-micro-batch,
// 5 rows a batch, the value and ten times it, appended to the console.
// PySpark twin: spark-jobs/rate_console.py. Compare: `kindling compare --twins examples/rate-console.ts`.
import { SparkSession, functions as F } from "kindling";

export const pysparkTwin = "../spark-jobs/rate_console.py";

export default function job() {
  const spark = SparkSession.builder.appName("rate-console").getOrCreate();
  return spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 5).load()
    .select(F.col("value"), F.col("value").multiply(10).alias("tenfold"))
    .writeStream.format("console").trigger({ processingTime: "200 milliseconds" });
}

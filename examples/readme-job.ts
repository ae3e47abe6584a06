// The streaming job of README.md as a job file: the rides topic parsed (vendor, pickup time), a
// 10-minute window sliding every 5 minutes per vendor with a 10-minute watermark, update mode.
// PySpark twin: spark-jobs/readme_job.py. Compare: `kindling compare --twins examples/readme-job.ts`.
import { SparkSession, functions as F } from "kindling";
import { BOOTSTRAP, TOPIC } from "./rides-env.js";

export const pysparkTwin = "../spark-jobs/readme_job.py";

export default function job() {
  const spark = SparkSession.builder.appName("rides").config("spark.sql.session.timeZone", "UTC").config("spark.sql.ansi.enabled", false).getOrCreate();
  const rides = spark.readStream.format("kafka")
    .option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC)
    .option("startingOffsets", "earliest").load();
  const fields = F.split(F.col("value").cast("string"), ", ");
  const parsed = rides.select(fields.getItem(0).cast("int").alias("vendor_id"), fields.getItem(1).cast("timestamp").alias("pickup"));
  return parsed.withWatermark("pickup", "10 minutes")
    .groupBy(F.window(F.col("pickup"), "10 minutes", "5 minutes"), F.col("vendor_id")).count()
    .writeStream.outputMode("update").format("console").option("truncate", false)
    .trigger({ processingTime: "5 seconds" });
}

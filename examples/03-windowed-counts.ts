// notebooks/03-windowed-counts.ipynb as a job file: rides per 10-minute window sliding every
// 5 minutes per vendor, with a 10-minute watermark, 500 offsets per micro-batch, complete mode.
// PySpark twin: spark-jobs/nb03_windowed_counts.py. Compare: `kindling compare --twins examples/03-windowed-counts.ts`.
import { SparkSession, functions as F } from "kindling";
import { BOOTSTRAP, TOPIC } from "./rides-env.js";

export const pysparkTwin = "../spark-jobs/nb03_windowed_counts.py";

export default function job() {
  const spark = SparkSession.builder.appName("03-windowed-counts").config("spark.sql.session.timeZone", "UTC").config("spark.sql.ansi.enabled", false).getOrCreate();
  const rides = spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC)
    .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 500).load();
  const fields = F.split(F.col("value").cast("string"), ", ");
  const parsed = rides.select(
    fields.getItem(0).cast("int").alias("vendor_id"),
    fields.getItem(1).cast("timestamp").alias("tpep_pickup_datetime"),
    fields.getItem(6).cast("float").alias("total_amount"),
  );
  const windowed = parsed.withWatermark("tpep_pickup_datetime", "10 minutes")
    .groupBy(F.window(F.col("tpep_pickup_datetime"), "10 minutes", "5 minutes"), F.col("vendor_id")).count();
  return windowed.writeStream.format("memory").queryName("windowed_counts").outputMode("complete");
}

// notebooks/04-joins-dedup.ipynb as a job file: the rides stream (with the pickup zone id as an
// eighth field) left-joined to a small static zone table, and the rides deduplicated within a
// 10-minute watermark (the producer sent some twice), both append.
// PySpark twin: spark-jobs/nb04_joins_dedup.py. Compare: `kindling compare --twins examples/04-joins-dedup.ts`.
import { SparkSession, functions as F } from "kindling";
import { BOOTSTRAP, TOPIC } from "./rides-env.js";

export const pysparkTwin = "../spark-jobs/nb04_joins_dedup.py";

export const ZONES: [number, string, string][] = [
  [1, "EWR", "Newark Airport"], [48, "Manhattan", "Clinton East"], [79, "Manhattan", "East Village"],
  [132, "Queens", "JFK Airport"], [138, "Queens", "LaGuardia Airport"], [142, "Manhattan", "Lincoln Square East"],
  [161, "Manhattan", "Midtown Center"], [162, "Manhattan", "Midtown East"], [170, "Manhattan", "Murray Hill"],
  [186, "Manhattan", "Penn Station/Madison Sq West"], [230, "Manhattan", "Times Sq/Theatre District"],
  [234, "Manhattan", "Union Sq"], [236, "Manhattan", "Upper East Side North"], [237, "Manhattan", "Upper East Side South"],
];

export default function job() {
  const spark = SparkSession.builder.appName("04-joins-dedup").config("spark.sql.session.timeZone", "UTC").config("spark.sql.ansi.enabled", false).getOrCreate();
  const zones = spark.createDataFrame(ZONES, "pu_location_id INT, borough STRING, zone STRING");
  const rides = spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC)
    .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 1000).load();
  const fields = F.split(F.col("value").cast("string"), ", ");
  const parsed = rides.select(
    fields.getItem(0).cast("int").alias("vendor_id"),
    fields.getItem(1).cast("timestamp").alias("tpep_pickup_datetime"),
    fields.getItem(2).cast("timestamp").alias("tpep_dropoff_datetime"),
    fields.getItem(6).cast("float").alias("total_amount"),
    fields.getItem(7).cast("int").alias("pu_location_id"),
  );
  const withZones = parsed.join(zones, "pu_location_id", "left");
  const deduped = parsed.withWatermark("tpep_pickup_datetime", "10 minutes")
    .dropDuplicates(["vendor_id", "tpep_pickup_datetime", "tpep_dropoff_datetime", "pu_location_id", "total_amount"]);
  return [withZones.writeStream.format("memory").queryName("rides_with_zones"), deduped.writeStream.format("memory").queryName("rides_deduped")];
}

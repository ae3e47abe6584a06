// notebooks/02-streaming-dataframe.ipynb as a job file: the rides topic as a streaming DataFrame,
// parsed as the course does (append), and the notebook's two summaries of the parsed rows (per
// vendor, per payment type) as batch queries over the same topic.
// PySpark twin: spark-jobs/nb02_streaming_dataframe.py. Compare: `kindling compare --twins examples/02-streaming-dataframe.ts`.
import { SparkSession, functions as F, type DataFrame } from "kindling";
import { BOOTSTRAP, TOPIC } from "./rides-env.js";

export const pysparkTwin = "../spark-jobs/nb02_streaming_dataframe.py";

function parse(rides: DataFrame): DataFrame {
  const fields = F.split(F.col("value").cast("string"), ", ");
  return rides.select(
    fields.getItem(0).cast("int").alias("vendor_id"),
    fields.getItem(1).cast("timestamp").alias("tpep_pickup_datetime"),
    fields.getItem(2).cast("timestamp").alias("tpep_dropoff_datetime"),
    fields.getItem(3).cast("int").alias("passenger_count"),
    fields.getItem(4).cast("float").alias("trip_distance"),
    fields.getItem(5).cast("int").alias("payment_type"),
    fields.getItem(6).cast("float").alias("total_amount"),
  );
}

export default function job() {
  // ANSI off as the course's Spark 3 ran: a ride with an empty field parses to nulls.
  const spark = SparkSession.builder.appName("02-streaming-dataframe").config("spark.sql.session.timeZone", "UTC").config("spark.sql.ansi.enabled", false).getOrCreate();
  const parsed = parse(spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC).option("startingOffsets", "earliest").load());
  const table = parse(spark.read.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC).load());
  const byVendor = table.groupBy("vendor_id")
    .agg(F.count("*").alias("rides"), F.round(F.avg("total_amount"), 2).alias("avg_total"), F.max("trip_distance").alias("longest"))
    .orderBy("vendor_id");
  const byPayment = table.groupBy("payment_type").agg(F.count("*").alias("rides")).orderBy("payment_type");
  return [parsed.writeStream.format("console").outputMode("append"), byVendor, byPayment];
}

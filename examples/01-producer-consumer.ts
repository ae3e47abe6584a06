// notebooks/01-producer-consumer.ipynb as a job file: the records of the rides topic as the
// notebook's consumer sees them (partition, offset, key, value) and the count per key.
// PySpark twin: spark-jobs/nb01_producer_consumer.py. Compare: `kindling compare --twins examples/01-producer-consumer.ts`.
import { SparkSession, functions as F } from "kindling";
import { BOOTSTRAP, TOPIC } from "./rides-env.js";

export const pysparkTwin = "../spark-jobs/nb01_producer_consumer.py";

export default function job() {
  const spark = SparkSession.builder.appName("01-producer-consumer").config("spark.sql.session.timeZone", "UTC").getOrCreate();
  const consumed = spark.read.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC).load()
    .select(F.col("partition"), F.col("offset"), F.col("key").cast("string").alias("key"), F.col("value").cast("string").alias("value"));
  const records = consumed.orderBy("partition", "offset");
  const perVendor = consumed.groupBy("key").count().orderBy("key");
  return [records, perVendor];
}

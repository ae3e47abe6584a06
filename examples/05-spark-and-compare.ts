// notebooks/05-spark-and-compare.ipynb as a job file: the batch windowed count per vendor over the
// rides topic, in window order (the notebook runs it in Kindling and on the Spark master and
// compares the rows).
// PySpark twin: spark-jobs/nb05_spark_and_compare.py. Compare: `kindling compare --twins examples/05-spark-and-compare.ts`.
import { SparkSession, functions as F } from "kindling";
import { BOOTSTRAP, TOPIC } from "./rides-env.js";

export const pysparkTwin = "../spark-jobs/nb05_spark_and_compare.py";

export default function job() {
  const spark = SparkSession.builder.appName("05-spark-and-compare").config("spark.sql.session.timeZone", "UTC").config("spark.sql.ansi.enabled", false).config("spark.sql.shuffle.partitions", 4).getOrCreate();
  const fields = F.split(F.col("value").cast("string"), ", ");
  return spark.read.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC).load()
    .select(fields.getItem(0).cast("int").alias("vendor_id"), fields.getItem(1).cast("timestamp").alias("pickup"))
    .groupBy(F.window("pickup", "10 minutes", "5 minutes"), "vendor_id").count()
    .select(F.col("window.start").alias("start"), F.col("window.end").alias("end"), "vendor_id", "count")
    .orderBy("start", "vendor_id");
}

/**
 * The start-up scenario's job, as a user writes it and runs it with `kindling run`: read a small
 * topic of course-format rides, parse them, print the first batch to the console, stop.
 * Its PySpark twin is spark-jobs/bench_startup.py.
 *
 *     kindling run bench/jobs/startup-job.ts 127.0.0.1:9092 <topic> <checkpoint dir>
 */
import { SparkSession, functions as F } from "kindling";

const [servers = "127.0.0.1:9092", topic = "rides_csv", checkpoint = "startup-ckpt"] = process.argv.slice(2);
const spark = SparkSession.builder.appName("kindling-bench-startup").getOrCreate();
spark.conf.set("spark.sql.session.timeZone", "UTC");
spark.conf.set("spark.sql.ansi.enabled", "false");
const rides = spark.readStream.format("kafka").option("kafka.bootstrap.servers", servers).option("subscribe", topic).option("startingOffsets", "earliest").load();
const fields = F.split(F.col("value").cast("string"), ", ");
const parsed = rides.select(fields.getItem(0).cast("int").alias("vendor_id"), fields.getItem(1).cast("timestamp").alias("pickup"), fields.getItem(6).cast("float").alias("total_amount"));
const query = parsed.writeStream.format("console").option("numRows", 5).option("truncate", false).option("checkpointLocation", checkpoint).trigger({ availableNow: true }).start();
await query.awaitTermination();

import type { DataFrame } from "../session/dataframe.js";
import type { SparkSession } from "../session/spark-session.js";
import * as F from "../expr/functions.js";
import type { StreamingQuery } from "../streaming/streaming-query.js";

/**
 * The course's streaming job, as its PySpark version (spark-jobs/course_streaming.py) writes it:
 * Kafka rides → parsed columns → (1) the rows to the console, (2) a count per vendor, (3) a
 * 10-minute window sliding every 5 minutes per vendor, written to a Kafka topic.
 */
export interface CourseJobOptions {
  readonly servers: string;
  readonly inputTopic: string;
  readonly outputTopic: string;
  /** Spark's startingOffsets: "earliest", "latest" or per-partition JSON. */
  readonly startingOffsets: string;
  readonly checkpointRoot: string;
  readonly maxOffsetsPerTrigger?: number;
}

/** The `", "`-joined ride value parsed into the course's typed columns. */
export function parseRides(rides: DataFrame): DataFrame {
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

/** The rides topic as a streaming DataFrame, parsed. */
export function readRides(spark: SparkSession, o: CourseJobOptions): DataFrame {
  const rides = spark.readStream
    .format("kafka")
    .option("kafka.bootstrap.servers", o.servers)
    .option("subscribe", o.inputTopic)
    .option("startingOffsets", o.startingOffsets)
    .option("maxOffsetsPerTrigger", o.maxOffsetsPerTrigger ?? 5000)
    .load();
  return parseRides(rides);
}

/** (1) The parsed rows, appended to the console. */
export function startConsoleQuery(parsed: DataFrame, o: CourseJobOptions): StreamingQuery {
  return parsed.writeStream.outputMode("append").format("console").option("numRows", 5).option("truncate", false)
    .option("checkpointLocation", `${o.checkpointRoot}/console`).trigger({ availableNow: true }).start();
}

/** (2) Rides per vendor, the complete table after every batch. */
export function startVendorCountQuery(parsed: DataFrame, o: CourseJobOptions): StreamingQuery {
  return parsed.groupBy("vendor_id").count().orderBy("vendor_id")
    .writeStream.outputMode("complete").format("console")
    .option("checkpointLocation", `${o.checkpointRoot}/vendor-counts`).trigger({ availableNow: true }).start();
}

/** (3) The windowed count per vendor, to Kafka: key = vendor_id, value = the count. */
export function startWindowedToKafkaQuery(parsed: DataFrame, o: CourseJobOptions): StreamingQuery {
  return parsed
    .withWatermark("tpep_pickup_datetime", "10 minutes")
    .groupBy(F.window(F.col("tpep_pickup_datetime"), "10 minutes", "5 minutes"), F.col("vendor_id"))
    .count()
    .select(F.col("vendor_id").cast("string").alias("key"), F.col("count").cast("string").alias("value"))
    .writeStream.outputMode("update").format("kafka")
    .option("kafka.bootstrap.servers", o.servers).option("topic", o.outputTopic)
    .option("checkpointLocation", `${o.checkpointRoot}/windowed`).trigger({ availableNow: true }).start();
}

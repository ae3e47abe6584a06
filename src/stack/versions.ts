/**
 * The pinned versions of everything the local stack runs. The Docker files under docker/ use the
 * same pins (a test checks it), and so do the Maven poms in src/stack/poms/.
 *
 * PySpark 4.1.1 is pinned because its Kafka connector (org.apache.spark:spark-sql-kafka-0-10_2.13,
 * same version) resolves from Maven Central here.
 */
export const PINS = {
  kafka: "4.1.1",
  scala: "2.13",
  pyspark: "4.1.1",
  jupyterlab: "4.6.6",
} as const;

// Where the example jobs read their rides: the Kafka bootstrap servers and topic, from the
// environment (KINDLING_BOOTSTRAP, KINDLING_TOPIC), as their PySpark twins in spark-jobs/ read them.
// `kindling compare examples/x.ts --input kafka:other_topic` points a job elsewhere without either.
export const BOOTSTRAP = process.env["KINDLING_BOOTSTRAP"] ?? "127.0.0.1:9092";
export const TOPIC = process.env["KINDLING_TOPIC"] ?? "rides_csv";

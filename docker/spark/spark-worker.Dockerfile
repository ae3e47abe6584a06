# A standalone worker that registers with the master at SPARK_MASTER_URL.
ARG PYSPARK_VERSION=4.1.1
FROM kindling/spark-base:${PYSPARK_VERSION}

ENV SPARK_MASTER_URL=spark://spark-master:7077 \
    SPARK_WORKER_WEBUI_PORT=8081 \
    SPARK_WORKER_CORES=1 \
    SPARK_WORKER_MEMORY=1g

EXPOSE 8081
# spark-class's launcher reads SPARK_WORKER_CORES and SPARK_WORKER_MEMORY itself.
CMD exec spark-class org.apache.spark.deploy.worker.Worker \
    --webui-port "${SPARK_WORKER_WEBUI_PORT}" "${SPARK_MASTER_URL}"

# The standalone master: cluster port 7077, web UI 8080, and the REST submission server on 6066
# (off by default since Spark 3; turned on here so `spark-submit --deploy-mode cluster` and the
# REST API work, as `kindling stack up` does).
ARG PYSPARK_VERSION=4.1.1
FROM kindling/spark-base:${PYSPARK_VERSION}

ENV SPARK_MASTER_HOST=spark-master \
    SPARK_MASTER_PORT=7077 \
    SPARK_MASTER_WEBUI_PORT=8080 \
    SPARK_MASTER_OPTS="-Dspark.master.rest.enabled=true -Dspark.master.rest.port=6066"

EXPOSE 7077 8080 6066
# Shell form so the ENV values (overridable from compose) are expanded; exec keeps tini's child.
CMD exec spark-class org.apache.spark.deploy.master.Master \
    --host "${SPARK_MASTER_HOST}" --port "${SPARK_MASTER_PORT}" --webui-port "${SPARK_MASTER_WEBUI_PORT}"

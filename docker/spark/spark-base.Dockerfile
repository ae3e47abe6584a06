# Spark from the pyspark wheel: the wheel is a whole Spark distribution (bin/spark-class, jars/),
# the same one `kindling stack up` runs without Docker. The master, the workers and JupyterLab all
# build on this image, so the driver and the executors share one Python and one Spark (PySpark
# refuses to run Python code across different minor Python versions).
#
# Debian bookworm has both Python 3.11 and OpenJDK 17 (Spark 4 needs Java 17 or 21); spark-class
# finds `java` on PATH, so no per-architecture JAVA_HOME.
# PYSPARK_VERSION defaults to PINS.pyspark in src/stack/versions.ts (test/docker checks it).
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim-bookworm

ARG PYSPARK_VERSION=4.1.1

RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless procps tini \
 && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir "pyspark==${PYSPARK_VERSION}" \
 && ln -s "$(python -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')" /opt/spark

ENV SPARK_HOME=/opt/spark \
    PYSPARK_PYTHON=python3
ENV PATH="${SPARK_HOME}/bin:${PATH}"

# Shared with every container through the `shared-workspace` volume, as in the course.
WORKDIR /opt/workspace
ENTRYPOINT ["/usr/bin/tini", "--"]

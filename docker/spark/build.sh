#!/usr/bin/env bash
# Builds the kindling/* images that docker-compose.yml runs. The versions default to PINS in
# src/stack/versions.ts (test/docker checks it); override them from the environment, e.g.
#   PYSPARK_VERSION=4.1.1 JUPYTERLAB_VERSION=4.6.6 ./build.sh
set -euo pipefail

PYSPARK_VERSION="${PYSPARK_VERSION:-4.1.1}"
JUPYTERLAB_VERSION="${JUPYTERLAB_VERSION:-4.6.6}"
PYTHON_VERSION="${PYTHON_VERSION:-3.11}"
NODE_VERSION="${NODE_VERSION:-20}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "${here}/../.." && pwd)"

# The base first: the other three start FROM it.
docker build \
  --build-arg PYTHON_VERSION="${PYTHON_VERSION}" \
  --build-arg PYSPARK_VERSION="${PYSPARK_VERSION}" \
  -f "${here}/spark-base.Dockerfile" -t "kindling/spark-base:${PYSPARK_VERSION}" "${here}"

for role in master worker; do
  docker build \
    --build-arg PYSPARK_VERSION="${PYSPARK_VERSION}" \
    -f "${here}/spark-${role}.Dockerfile" -t "kindling/spark-${role}:${PYSPARK_VERSION}" "${here}"
done

# The repository root is the context, so the image builds Kindling from this checkout;
# jupyterlab.Dockerfile.dockerignore keeps the context to the package files and src/.
docker build \
  --build-arg PYSPARK_VERSION="${PYSPARK_VERSION}" \
  --build-arg JUPYTERLAB_VERSION="${JUPYTERLAB_VERSION}" \
  --build-arg NODE_VERSION="${NODE_VERSION}" \
  -f "${here}/jupyterlab.Dockerfile" -t "kindling/jupyterlab:${JUPYTERLAB_VERSION}" "${repo}"

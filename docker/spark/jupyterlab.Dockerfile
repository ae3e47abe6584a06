# JupyterLab with two kernels: Python (PySpark) and TypeScript (tslab) with Kindling installed.
# Built from the repository root (build.sh passes it as the context), so Kindling is built from
# this checkout. PYSPARK_VERSION and JUPYTERLAB_VERSION default to PINS in src/stack/versions.ts
# (test/docker checks it).
ARG PYSPARK_VERSION=4.1.1
ARG NODE_VERSION=20
FROM node:${NODE_VERSION}-bookworm-slim AS node

# The Spark image, so the driver here and the executors on the workers share one Python and Spark.
FROM kindling/spark-base:${PYSPARK_VERSION}
ARG PYSPARK_VERSION=4.1.1
ARG JUPYTERLAB_VERSION=4.6.6

# Node from the official image (same Debian release, so its glibc matches); npm's links are
# recreated because they are relative to /usr/local/bin.
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version

# pyspark is already in the base image; naming it again makes pip fail the build on a mismatch
# rather than let jupyterlab's dependencies move it.
RUN pip install --no-cache-dir "pyspark==${PYSPARK_VERSION}" "jupyterlab==${JUPYTERLAB_VERSION}"

# Kindling from this checkout: the lock file pins tslab, kafkajs, apache-arrow and zeromq
# (zeromq ships prebuilt binaries for linux x64 and arm64). `npm ci` runs `prepare`, the build.
WORKDIR /opt/kindling
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm ci \
 && npm prune --omit=dev \
 && ln -s /opt/kindling/dist/cli/main.js /usr/local/bin/kindling \
 && ln -s /opt/kindling/node_modules/.bin/tslab /usr/local/bin/tslab \
 && tslab install --sys-prefix --python=python3 \
 && jupyter kernelspec list

# tslab resolves `import ... from "kindling"` from the notebook's folder upwards. The link sits in
# /opt, above the workspace, because /opt/workspace is a shared volume that the Spark containers
# may create first (empty), hiding anything this image put there.
RUN mkdir -p /opt/node_modules && ln -s /opt/kindling /opt/node_modules/kindling
WORKDIR /opt/workspace

ENV JUPYTER_TOKEN=""
EXPOSE 8888
# No token by default, as in the course: the port is published on 127.0.0.1 only. Set
# JUPYTER_TOKEN to require one. Shell form so the variable is expanded.
CMD exec jupyter lab --ip=0.0.0.0 --port=8888 --no-browser --allow-root \
    --ServerApp.root_dir=/opt/workspace --IdentityProvider.token="${JUPYTER_TOKEN}"

/**
 * The `socket` source against a real TCP server on 127.0.0.1 (node:net), and against PySpark 4.1.1
 * reading from the same kind of server: the same lines, in the same order, split the way Java's
 * readLine splits them (\n, \r, \r\n across chunks, a character cut between chunks, the text left
 * at the end of the stream).
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SparkSession } from "../../src/index.js";
import type { StreamingQuery } from "../../src/streaming/streaming-query.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";

const enc = (s: string): Buffer => Buffer.from(s, "utf8");
const umlaut = enc("über\n");
const CHUNKS: readonly Buffer[] = [
  enc("alpha\n"), enc("beta\r\n"), enc("gam"), enc("ma\r"), enc("\ndelta\r"), enc("epsilon\n\n"), enc("zetaé"),
  umlaut.subarray(0, 1), umlaut.subarray(1), enc("tail"),
];
/** What java.io.BufferedReader.readLine makes of CHUNKS. */
const LINES = ["alpha", "beta", "gamma", "delta", "epsilon", "", "zetaéüber", "tail"];

/** A loopback server that, to each client, writes `chunks` a few ms apart (so they tend to arrive apart), then closes. */
async function lineServer(chunks: readonly Buffer[]): Promise<{ server: Server; port: number; clients: number }> {
  const state = { server: createServer(), port: 0, clients: 0 };
  state.server.on("connection", (socket: Socket) => {
    state.clients++;
    socket.on("error", () => undefined);
    void (async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        await new Promise<void>((resolve) => setTimeout(resolve, 5));
      }
      socket.end();
    })();
  });
  await new Promise<void>((resolve) => state.server.listen(0, "127.0.0.1", resolve));
  state.port = (state.server.address() as { port: number }).port;
  return state;
}

/** Waits, bounded, until `cond` holds or the query ends; the condition is what the test needs. */
async function until(q: StreamingQuery, cond: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && q.isActive && Date.now() < deadline) {
    await q.processAllAvailable();
    if (!cond()) await new Promise<void>((resolve) => setTimeout(resolve, 20));
  }
}

const servers: Server[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
});

describe("the socket source", () => {
  const spark = SparkSession.builder.getOrCreate();

  it("reads lines as Java's readLine does, with the time each was read, and warns as Spark does", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const srv = await lineServer(CHUNKS);
    servers.push(srv.server);
    const df = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", srv.port).option("includeTimestamp", true).option("numPartitions", 1).load();
    expect(df.schema.fields.map((f) => [f.name, f.dataType.kind])).toEqual([["value", "string"], ["timestamp", "timestamp"]]);
    const rows: Array<{ batch: number; value: string; ms: number }> = [];
    const started = Date.now();
    const q = df.writeStream.foreachBatch((b, batch) => {
      for (const r of b.collect()) rows.push({ batch, value: r.value as string, ms: (r.timestamp as Date).getTime() });
    }).start();
    try {
      await until(q, () => rows.length >= LINES.length);
      expect(rows.map((r) => r.value)).toEqual(LINES);
      for (const r of rows) expect(r.ms).toBeGreaterThanOrEqual(started);
      const progress = q.recentProgress;
      // Batch 0 connects and is empty (its end offset is -1, the initial LongOffset).
      expect(progress[0]!.numInputRows).toBe(0);
      expect(progress[0]!.sources[0]!.endOffset).toBe(-1);
      expect(progress[progress.length - 1]!.sources[0]!.endOffset).toBe(LINES.length - 1);
      expect(progress[0]!.sources[0]!.description).toBe(`TextSocketV2[host: 127.0.0.1, port: ${srv.port}]`);
      expect(srv.clients).toBe(1);
    } finally {
      await q.stop();
    }
    // Once per load(), as Spark logs it in TextSocketSourceProvider.getTable; and the end of the stream.
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    expect(warnings.filter((w) => w.includes("The socket source should not be used for production applications! It does not support recovery."))).toHaveLength(1);
    expect(warnings.some((w) => w.includes(`Stream closed by 127.0.0.1:${srv.port}`))).toBe(true);
  });

  it("lays a batch out as Spark's numPartitions readers do (line i in partition i % n)", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const srv = await lineServer([enc("1\n2\n3\n4\n5\n")]);
    servers.push(srv.server);
    const values: string[] = [];
    const q = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", srv.port).option("numPartitions", 2).load()
      .writeStream.foreachBatch((b) => {
        for (const r of b.collect()) values.push(r.value as string);
      }).start();
    try {
      await until(q, () => values.length >= 5);
      // One chunk, so one batch: partition 0 holds lines 1 3 5, partition 1 lines 2 4.
      expect(values).toEqual(["1", "3", "5", "2", "4"]);
    } finally {
      await q.stop();
    }
  });

  it("fails the query, naming the address, when nothing listens there", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const srv = await lineServer([]);
    const port = srv.port;
    await new Promise<void>((resolve) => srv.server.close(() => resolve()));
    const q = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", port).load().writeStream.format("memory").queryName("socket_refused").start();
    await expect(q.awaitTermination(20_000)).rejects.toThrow(new RegExp(`could not connect to the socket source at 127.0.0.1:${port}`));
    expect(q.isActive).toBe(false);
  });
});

const PY_SOCKET = `
import time
_rows = []
def _collect(_df, _bid):
    _rows.extend([(_bid, _r.value) for _r in _df.collect()])
_q = (spark.readStream.format("socket").option("host", "127.0.0.1").option("port", params["port"])
      .option("numPartitions", 1).load().writeStream.foreachBatch(_collect).start())
_deadline = time.time() + 60
while len(_rows) < params["n"] and _q.isActive and time.time() < _deadline:
    _q.processAllAvailable()
    if len(_rows) < params["n"]:
        time.sleep(0.05)
_q.stop()
df = spark.createDataFrame(_rows, "batch long, value string")
`;

describe("the socket source against PySpark", () => {
  let oracle: PySparkOracle;
  beforeAll(async () => {
    oracle = await PySparkOracle.start();
  });
  afterAll(async () => {
    await oracle?.stop();
  });

  it("gives Spark's lines for the same bytes", async () => {
    const srv = await lineServer(CHUNKS);
    servers.push(srv.server);
    const theirs = await oracle.run(PY_SOCKET, { params: { port: srv.port, n: LINES.length }, timeoutMs: 120_000 });
    // numPartitions 1: batch by batch, arrival order.
    const sparkLines = [...theirs.rows].sort((a, b) => Number(a[0]) - Number(b[0])).map((r) => r[1]);
    expect(sparkLines).toEqual(LINES);
  });
});

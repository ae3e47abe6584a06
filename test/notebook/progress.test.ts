import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CellOutputs, DisplayRegistry } from "../../src/notebook/cell-outputs.js";
import type { OutputMessage } from "../../src/notebook/kernel-client.js";
import { ZmqKernel } from "../../src/notebook/zmq-kernel.js";
import { cli } from "../support/cli.js";
import { requireKafka, requireSpark } from "../support/stack.js";
import { text } from "./display-outputs.js";

/**
 * The progress display of long operations (produceRecords, processAllAvailable, compare) in a real tslab
 * kernel over ZeroMQ: the messages the kernel sends (one display_data, then update_display_data
 * under the same display id, throttled), the final state they leave in the notebook, no display
 * for a quick processAllAvailable(), and nothing on stdout when the same code runs as a job file
 * with `kindling run`.
 */
const FIXTURES = join(import.meta.dirname, "fixtures");
const run = Date.now().toString(36);
const RECORDS = 6000;

interface Seen {
  readonly type: string;
  readonly id: string | undefined;
  readonly plain: string;
  readonly html: string;
  readonly at: number;
}

function displays(messages: readonly { m: OutputMessage; at: number }[]): Seen[] {
  return messages.flatMap(({ m, at }) => {
    if (m.msgType !== "display_data" && m.msgType !== "update_display_data") return [];
    const data = (m.content["data"] ?? {}) as Record<string, unknown>;
    const html = text(data["text/html"]);
    if (!html.includes("kindling-progress")) return [];
    const transient = (m.content["transient"] ?? {}) as Record<string, unknown>;
    return [{ type: m.msgType, id: transient["display_id"] as string | undefined, plain: text(data["text/plain"]), html, at }];
  });
}

/** Runs cells, keeping each cell's messages with their arrival time, and folds them as the runner does. */
async function runCells(kernel: ZmqKernel, cells: readonly string[]) {
  const registry = new DisplayRegistry();
  const results: { messages: { m: OutputMessage; at: number }[]; outputs: CellOutputs; ms: number }[] = [];
  for (const code of cells) {
    const messages: { m: OutputMessage; at: number }[] = [];
    const outputs = new CellOutputs(registry);
    const t = performance.now();
    const outcome = await kernel.execute(code, 120_000, (m) => {
      messages.push({ m, at: performance.now() });
      outputs.add(m);
    });
    expect(outcome.status, `${code}\n${outputs.stderrText()}`).toBe("ok");
    results.push({ messages, outputs, ms: performance.now() - t });
  }
  return results;
}

describe("progress displays in a tslab kernel", () => {
  it("produceRecords and processAllAvailable update one display each in place, at most 4 times a second, and end in their final state", async () => {
    const bootstrap = await requireKafka();
    const topic = `nbtest_progress_${run}`;
    const kernel = await ZmqKernel.start({ cwd: FIXTURES });
    try {
      const [, produce, catchUp, quick] = await runCells(kernel, [
        `import { SparkSession, produceRecords } from "kindling";
const spark = SparkSession.builder.appName("progress").getOrCreate();
const records = Array.from({ length: ${RECORDS} }, (_, i) => ({ key: String(i % 3), value: \`v\${i}\` }));`,
        // Paced to about 1.5 s, so the display has something to follow.
        `const produced = await produceRecords(records, { servers: "${bootstrap}", topic: "${topic}", ratePerSecond: 4000, batchSize: 200 });
console.log(\`sent \${produced.records}\`);`,
        `const q = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "${bootstrap}").option("subscribe", "${topic}")
  .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 100).load()
  .writeStream.format("memory").queryName("progress_q").start();
// 60 batches can take less than the default half second: show this call's display whatever its length.
process.env.KINDLING_PROGRESS_SHOW_AFTER_MS = "0";
await q.processAllAvailable();
console.log(\`rows: \${spark.table("progress_q").count()}\`);`,
        // A call that ends before the delay (here a minute) leaves no display behind.
        `process.env.KINDLING_PROGRESS_SHOW_AFTER_MS = "60000";
await q.processAllAvailable();
await q.stop();
console.log("stopped");`,
      ]);

      // produceRecords: one display, then updates under its id.
      const p = displays(produce!.messages);
      expect(p[0]?.type).toBe("display_data");
      expect(p.filter((d) => d.type === "display_data")).toHaveLength(1);
      const id = p[0]!.id;
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      expect(p.every((d) => d.id === id)).toBe(true);
      const updates = p.slice(1);
      expect(updates.every((d) => d.type === "update_display_data")).toBe(true);
      // Throttled: at most one update per 250 ms (plus the final one), and more than one on the way.
      expect(updates.length).toBeGreaterThanOrEqual(3);
      expect(updates.length).toBeLessThanOrEqual(Math.ceil(produce!.ms / 250) + 2);
      const running = updates.slice(0, -1);
      for (let i = 1; i < running.length; i++) expect(running[i]!.at - running[i - 1]!.at, "updates 250 ms apart").toBeGreaterThan(150);
      const counts = running.map((d) => Number(/data-done="(\d+)"/.exec(d.html)?.[1]));
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(running.some((d) => / \d+%  [\d,]+ \/ 6,000 records/.test(d.plain))).toBe(true);
      const last = updates.at(-1)!;
      expect(last.plain).toMatch(new RegExp(`^produced 6,000 records to ${topic} in \\d+\\.\\d s$`));
      expect(last.html).toContain('data-state="done"');
      // Folded as the runner writes the notebook: one output, in its final state, and the cell's own line.
      const folded = produce!.outputs.outputs.filter((o) => o.output_type === "display_data");
      expect(folded).toHaveLength(1);
      expect(text((folded[0] as { data: Record<string, unknown> }).data["text/plain"])).toBe(last.plain);
      expect(produce!.outputs.outputs.some((o) => o.output_type === "stream" && text(o.text) === `sent ${RECORDS}\n`)).toBe(true);

      // processAllAvailable: one display that ends with the batches and offsets it went through.
      const c = displays(catchUp!.messages);
      expect(c[0]?.type).toBe("display_data");
      expect(c[0]?.plain).toMatch(/^processAllAvailable on progress_q /);
      expect(c.slice(1).every((d) => d.type === "update_display_data" && d.id === c[0]!.id)).toBe(true);
      const final = c.at(-1)!;
      expect(final.plain).toMatch(/^processed all available data of progress_q: [\d,]+ batches \(\d+–59\), [\d,]+ rows, offsets (?:[\d,]+ → |at )6,000 in \d+\.\d s$/);
      expect(final.html).toContain('data-state="done"');
      const foldedC = catchUp!.outputs.outputs.filter((o) => o.output_type === "display_data");
      expect(foldedC.map((o) => text((o as { data: Record<string, unknown> }).data["text/plain"]))).toEqual([final.plain]);
      expect(catchUp!.outputs.outputs.some((o) => o.output_type === "stream" && text(o.text).includes(`rows: ${RECORDS}`))).toBe(true);
      expect(displays(quick!.messages), "a quick processAllAvailable shows nothing").toEqual([]);
      expect(quick!.outputs.outputs.map((o) => o.output_type)).toEqual(["stream"]);
    } finally {
      await kernel.close();
    }
  });

  it("compare() follows its phases in one display updated in place, ends in its verdict, and shows its result as a table", async () => {
    const master = await requireSpark();
    const kernel = await ZmqKernel.start({ cwd: FIXTURES });
    try {
      const [, cmp] = await runCells(kernel, [
        `import { SparkSession, compare, functions as F } from "kindling";
const spark = SparkSession.builder.appName("progress-compare").config("spark.sql.shuffle.partitions", 2).getOrCreate();
const df = spark.range(100).select(F.col("id").mod(7).alias("k"), F.col("id")).groupBy("k").agg(F.sum("id").alias("s")).orderBy("k");`,
        `const comparison = await compare(df, { master: "${master}" });
comparison.display();
console.log(comparison.summary);`,
      ]);
      const d = displays(cmp!.messages);
      expect(d[0]?.type).toBe("display_data");
      expect(d[0]!.plain).toMatch(new RegExp(`^compare with Spark on ${master.replace(/[./]/g, "\\$&")} `));
      expect(d.filter((x) => x.type === "display_data")).toHaveLength(1);
      expect(d.slice(1).every((x) => x.type === "update_display_data" && x.id === d[0]!.id)).toBe(true);
      // Throttled to four updates a second (plus the final one), and following the phases as they come
      // (the driver's start among them, updated while it lasts: the event loop stays free).
      expect(d.length - 1).toBeLessThanOrEqual(Math.ceil(cmp!.ms / 250) + 2);
      const running = d.filter((x) => x.html.includes('data-state="running"')).map((x) => x.plain);
      for (const phase of [/running in Kindling|starting the PySpark driver/, /starting the PySpark driver on .* · [\d.]+ s$/, /\(batch\): Spark running/]) {
        expect(running.some((t) => phase.test(t)), `a running state matching ${phase}`).toBe(true);
      }
      const final = d.at(-1)!;
      expect(final.html).toContain('data-state="done"');
      expect(final.plain).toMatch(/^agree: 7 rows match · 1 query on spark:\/\/[\d.:]+, driver start (?:\d+ min )?[\d.]+ s, (?:\d+ min )?[\d.]+ s in all\n  Spark is up \(app-[\d-]+, \d+ ms\)$/);
      // Folded as the runner writes it: the progress in its final state, then the comparison's table.
      const folded = cmp!.outputs.outputs.filter((o) => o.output_type === "display_data").map((o) => (o as { data: Record<string, unknown> }).data);
      expect(folded).toHaveLength(2);
      expect(text(folded[0]!["text/plain"])).toBe(final.plain);
      expect(text(folded[1]!["text/plain"])).toMatch(/^query 1 \(batch, ordered\): kindling \d+ ms, spark \d+ ms\n  AGREE: kindling 7 rows, spark 7 rows, matched 7/);
      const table = text(folded[1]!["text/html"]);
      expect(table).toContain('class="kindling-display kindling-compare" data-agree="true"');
      expect([...table.matchAll(/<tr class="kd-row-both">/g)]).toHaveLength(7);
      expect(cmp!.outputs.outputs.some((o) => o.output_type === "stream" && text(o.text) === "agree: 7 rows match\n")).toBe(true);
    } finally {
      await kernel.close();
    }
  }, 300_000);

  it("processAllAvailable() on a query running on the Spark master follows Spark's batches live", async () => {
    const bootstrap = await requireKafka();
    const master = await requireSpark();
    const topic = `nbtest_progress_remote_${run}`;
    const kernel = await ZmqKernel.start({ cwd: FIXTURES });
    try {
      const [, , catchUp] = await runCells(kernel, [
        `import { SparkSession, produceRecords } from "kindling";
const spark = SparkSession.builder.appName("progress-remote").master("${master}").getOrCreate();
await produceRecords(Array.from({ length: 3000 }, (_, i) => ({ key: String(i % 3), value: \`v\${i}\` })), { servers: "${bootstrap}", topic: "${topic}" });`,
        // start() waits for the session's driver (tens of seconds); the catch-up is the next cell.
        `const q = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "${bootstrap}").option("subscribe", "${topic}")
  .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 500).load()
  .writeStream.format("memory").queryName("progress_remote_q").start();`,
        `process.env.KINDLING_PROGRESS_SHOW_AFTER_MS = "0";
await q.processAllAvailable();
await q.stop();
spark.stop();`,
      ]);
      const c = displays(catchUp!.messages);
      expect(c[0]?.type).toBe("display_data");
      expect(c.slice(1).every((d) => d.type === "update_display_data" && d.id === c[0]!.id)).toBe(true);
      // Spark's batches as they come (Spark's own progress JSON: its Kafka offsets read as numbers).
      const batches = new Set(c.filter((d) => d.html.includes('data-state="running"')).flatMap((d) => /batch (\d+) · [\d,]+ batch(?:es)? · offsets at [\d,]+/.exec(d.plain)?.[1] ?? []));
      expect(batches.size, c.map((d) => d.plain).join("\n")).toBeGreaterThanOrEqual(2);
      const final = c.at(-1)!;
      expect(final.html).toContain('data-state="done"');
      expect(final.plain).toMatch(/^processed all available data of progress_remote_q: 6 batches \(0–5\), 3,000 rows, offsets at 3,000 in \d+\.\d s$/);
    } finally {
      await kernel.close();
    }
  }, 300_000);

  it("shows nothing when the same work runs as a job file (kindling run)", async () => {
    const bootstrap = await requireKafka();
    const r = await cli(["run", join(FIXTURES, "progress-job.ts")], { ...process.env, PROGRESS_BOOTSTRAP: bootstrap, PROGRESS_TOPIC: `nbtest_progress_job_${run}` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("sent 3000\nrows: 3000\n");
  });
});

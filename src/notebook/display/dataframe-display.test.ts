import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as F from "../../expr/functions.js";
import { SparkSession } from "../../session/spark-session.js";
import { dataFrameBundle, dataFrameTable, inspectDataFrame } from "./dataframe-display.js";
import { elide, escapeHtml } from "./html.js";
import type { DisplaySink, MimeBundle } from "./kernel-output.js";
import { rowCountCaption, tableHtml } from "./table-html.js";
import { displayDataFrame } from "./dataframe-display.js";

let spark: SparkSession;
beforeAll(() => {
  spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
});
afterAll(() => {
  spark.conf.unset("spark.sql.session.timeZone");
  spark.conf.unset("spark.sql.repl.eagerEval.enabled");
});

const HOSTILE = `<script>alert("x")</script> & 'quotes' <img src=x onerror=alert(1)>`;

/** The HTML with every well-formed tag of Kindling's own attributes removed (and the style block). */
function outsideTags(html: string): string {
  return html
    .replace(/<style>[^<]*<\/style>/g, "")
    .replace(/<[a-z]+(?:\s+(?:class|title|style|data-[a-z-]+|xmlns|width|height|viewBox|role|aria-label|fill|stroke|stroke-width|points|cx|cy|r|x|y)="[^"<>]*")*\s*\/?>/g, "")
    .replace(/<\/[a-z]+>/g, "");
}

/** The tag names in the HTML. */
function tagsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z0-9-]+)/g)].map((m) => m[1]!.toLowerCase()));
}

describe("escapeHtml / elide", () => {
  it("escapes the five characters that matter in bodies and quoted attributes", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
  it("elides with an ellipsis and never splits a surrogate pair", () => {
    expect(elide("abcdefghij", 5)).toBe("abcd…");
    expect(elide("abc", 5)).toBe("abc");
    expect(elide("abc😀def", 5)).toBe("abc…");
    expect(elide("ab😀def", 4)).toBe("ab…");
  });
  it("captions the row count", () => {
    expect(rowCountCaption(1, 1)).toBe("1 row");
    expect(rowCountCaption(3, 3)).toBe("3 rows");
    expect(rowCountCaption(20, 1234)).toBe("showing 20 of 1,234 rows");
    expect(rowCountCaption(20, null)).toBe("showing the first 20 rows");
  });
});

describe("dataFrameBundle", () => {
  it("has show()'s exact text as text/plain, for defaults and for n / truncate", () => {
    const df = spark.createDataFrame(
      [[1, "a long string value that show() truncates", null, new Date("2020-07-01T00:25:32Z")], [2, "b", 1.5, null], [3, null, -0.0, new Date("2020-07-01T00:00:00Z")]],
      "id INT, s STRING, d DOUBLE, t TIMESTAMP",
    );
    expect(dataFrameBundle(df)["text/plain"]).toBe(df.showString());
    expect(dataFrameBundle(df, { n: 2 })["text/plain"]).toBe(df.showString(2));
    expect(dataFrameBundle(df, { n: 1, truncate: false })["text/plain"]).toBe(df.showString(1, false));
    expect(dataFrameBundle(df, { truncate: 5 })["text/plain"]).toBe(df.showString(20, 5));
    const grouped = spark.range(100).selectExpr("id % 7 AS k", "id").groupBy("k").count().orderBy("count", "k");
    expect(dataFrameBundle(grouped, { n: 3 })["text/plain"]).toBe(grouped.showString(3));
    const empty = spark.range(0);
    expect(dataFrameBundle(empty)["text/plain"]).toBe(empty.showString());
  });

  it("puts names with Spark types in the header, marks nulls, right-aligns numbers", () => {
    const df = spark.createDataFrame([[1, null], [null, "x"]], "n BIGINT, s STRING");
    const html = dataFrameBundle(df)["text/html"];
    expect(html).toContain(`<th title="n: bigint">n<span class="kd-type">bigint</span></th>`);
    expect(html).toContain(`<th title="s: string">s<span class="kd-type">string</span></th>`);
    expect(html).toContain(`<tr><td class="kd-num">1</td><td class="kd-null">null</td></tr>`);
    expect(html).toContain(`<tr><td class="kd-null">null</td><td>x</td></tr>`);
    expect(html).toContain(`<div class="kd-caption">2 rows</div>`);
    // The string "NULL" is a value, not a null.
    expect(dataFrameBundle(spark.createDataFrame([["NULL"]], "s STRING"))["text/html"]).toContain("<td>NULL</td>");
  });

  it("says how many rows it shows of how many, counting only when there are more", () => {
    expect(dataFrameBundle(spark.range(1234), { n: 20 })["text/html"]).toContain("showing 20 of 1,234 rows");
    expect(dataFrameBundle(spark.range(25), { n: 20, count: false })["text/html"]).toContain("showing the first 20 rows");
    expect(dataFrameTable(spark.range(5), { n: 20 }).model.totalRows).toBe(5);
    expect(dataFrameBundle(spark.range(0))["text/html"]).toContain("0 rows");
  });

  it("elides long values and keeps the whole value in the tooltip", () => {
    const long = "x".repeat(100) + "<end>";
    const html = dataFrameBundle(spark.createDataFrame([[long]], "s STRING"), { maxChars: 10 })["text/html"];
    expect(html).toContain(`<td><span class="kd-elided" title="${"x".repeat(100)}&lt;end&gt;">${"x".repeat(9)}…</span></td>`);
  });

  it("escapes hostile column names, values and captions", () => {
    const frame = spark.createDataFrame([{ [HOSTILE]: HOSTILE, "b\"><svg onload=alert(1)>": HOSTILE.repeat(3) }]);
    const html = dataFrameBundle(frame, { maxChars: 30, title: HOSTILE })["text/html"];
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<svg");
    expect(outsideTags(html)).not.toContain("<"); // every tag is one Kindling wrote, attributes all quoted
    expect(tagsOf(html)).toEqual(new Set(["div", "style", "table", "thead", "tr", "th", "span", "tbody", "td"]));
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;");
  });

  it("renders nested types as show() does", () => {
    const df = spark.sql("SELECT TIMESTAMP '2020-07-01 00:24:00' AS t").select(F.window("t", "10 minutes").alias("window"), F.array(F.lit(1), F.lit(2)).alias("xs"));
    const html = dataFrameBundle(df)["text/html"];
    expect(html).toContain("struct&lt;start:timestamp,end:timestamp&gt;");
    expect(html).toContain("<td>{2020-07-01 00:20:00, 2020-07-01 00:30:00}</td>");
    expect(html).toContain("<td>[1, 2]</td>");
  });

  it("refuses a streaming DataFrame with Spark's message", () => {
    const df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 1).load();
    expect(() => dataFrameBundle(df)).toThrow(/writeStream\.start\(\)/);
  });
});

describe("displayDataFrame and inspect", () => {
  it("publishes one bundle to the sink", () => {
    const got: MimeBundle[] = [];
    const sink: DisplaySink = { publish: (b) => got.push(b) };
    displayDataFrame(spark.range(2), {}, sink);
    expect(got).toHaveLength(1);
    expect(Object.keys(got[0]!)).toEqual(["text/html", "text/plain"]);
  });

  it("prints Spark's DataFrame[...] summary, and show()'s text with eagerEval outside a kernel", () => {
    const df = spark.range(3);
    expect(inspect(df)).toBe("DataFrame[id: bigint]");
    spark.conf.set("spark.sql.repl.eagerEval.enabled", true);
    spark.conf.set("spark.sql.repl.eagerEval.maxNumRows", 2);
    try {
      expect(inspectDataFrame(df)).toBe(df.showString(2));
      expect(inspect(df)).toBe(df.showString(2));
    } finally {
      spark.conf.unset("spark.sql.repl.eagerEval.enabled");
      spark.conf.unset("spark.sql.repl.eagerEval.maxNumRows");
    }
  });
});

describe("tableHtml", () => {
  it("is a pure function of its model", () => {
    const html = tableHtml({ columns: [{ name: "k", type: "int", numeric: true }], rows: [["1"]], totalRows: 1 }, { title: "t" });
    expect(html).toBe(`<table class="kd-table"><thead><tr><th title="k: int">k<span class="kd-type">int</span></th></tr></thead>\n<tbody>\n<tr><td class="kd-num">1</td></tr>\n</tbody></table>\n<div class="kd-caption">t: 1 row</div>`);
  });
});

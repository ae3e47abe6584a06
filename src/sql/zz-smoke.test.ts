import { it } from "vitest";
import { SparkSession } from "../session/spark-session.js";
it("smoke", () => {
  const s = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
  s.createDataFrame([[1, "x", 10.0], [2, "y", 20.0], [1, "z", 30.0], [3, "x", null]], "k INT, c STRING, v DOUBLE").createOrReplaceTempView("t");
  s.createDataFrame([[1, "one"], [2, "two"], [4, "four"]], "k INT, name STRING").createOrReplaceTempView("u");
  s.createDataFrame([[new Date(Date.UTC(2020, 6, 1, 0, 3)), 1], [new Date(Date.UTC(2020, 6, 1, 0, 12)), 2], [new Date(Date.UTC(2020, 6, 1, 0, 14)), 3]], "ts TIMESTAMP, n INT").createOrReplaceTempView("ev");
  for (const q of [
 "SELECT window.start, window.end, count(*) FROM ev GROUP BY window(ts, '10 minutes')",
 "SELECT window, count(*) AS n FROM ev GROUP BY window(ts, '10 minutes', '5 minutes') ORDER BY window.start",
 "SELECT window(ts, '10 minutes') AS w, sum(n) FROM ev GROUP BY window(ts, '10 minutes')",
 "SELECT k * 2 AS kk, count(*) FROM t GROUP BY kk",
 "SELECT k, count(*) AS n FROM t GROUP BY k HAVING n > 1",
 "SELECT k, count(*) FROM t GROUP BY k HAVING count(*) > 1",
 "SELECT k FROM t GROUP BY k HAVING max(v) > 15 ORDER BY k",
 "SELECT k, sum(v) FROM t GROUP BY 1 ORDER BY 2 DESC",
 "SELECT c FROM t ORDER BY v DESC NULLS FIRST",
 "SELECT DISTINCT c FROM t ORDER BY v",
 "SELECT DISTINCT c FROM t ORDER BY c DESC",
 "SELECT k, count(*) FROM t GROUP BY k ORDER BY count(*) DESC, k",
 "SELECT t.k, u.name FROM t JOIN u ON t.k = u.k ORDER BY t.k, name",
 "SELECT * FROM t LEFT JOIN u USING (k) ORDER BY k, c",
 "SELECT * FROM t x LEFT SEMI JOIN u y ON x.k = y.k ORDER BY c",
 "SELECT * FROM t LEFT ANTI JOIN u ON t.k = u.k",
 "SELECT * FROM t FULL OUTER JOIN u ON t.k = u.k ORDER BY t.k, u.k",
 "SELECT count(*) FROM t, u",
 "SELECT count(*) FROM t CROSS JOIN u",
 "SELECT s.k FROM (SELECT k FROM t WHERE v > 15) s ORDER BY 1",
 "SELECT k FROM t UNION SELECT k FROM u ORDER BY k",
 "SELECT k FROM t UNION ALL SELECT k FROM u",
 "WITH x AS (SELECT k FROM t) SELECT count(*) FROM x",
 "SELECT CAST(k AS BIGINT), CAST(v AS INT) AS vi, CAST(k + 1 AS STRING) FROM t LIMIT 1",
 "SELECT k FROM nope",
 "SELECT k\nFROM t\nWHERE k >\nORDER BY k",
 "SELECT k FROM t ORDER BY 5",
 "SELECT k, count(*) FROM t GROUP BY 3",
 "SELECT x.k FROM t AS x WHERE t.k = 1",
 "SELECT c, k FROM t ORDER BY k LIMIT 2",
 "SELECT sum(k) FROM t WHERE c = 'x'",
 "SELECT k + 1 AS k1 FROM t ORDER BY k1 DESC",
 "SELECT k FROM t ORDER BY c DESC",
 "SELECT 1", "SELECT 1.5, 7 / 2, 7 div 2, -1, 2147483648, 0.1 + 0.2, 'a' 'b', DATE '2020-07-01', TIMESTAMP '2020-07-01 00:00:00'",
 "SELECT count(*) FROM t HAVING count(*) > 2",
 "SELECT k, c FROM t WHERE k IN (1, 3) AND c LIKE 'x%'",
 "SELECT * FROM t WHERE k BETWEEN 1 AND 2 ORDER BY v",
 "SELECT k AS `the key`, c FROM t LIMIT 1",
 "select k from t where k = 1 group by k",
 "SELECT c, max(v) FROM t GROUP BY c ORDER BY max(v)",
 "SELECT upper(c) AS uc, count(*) FROM t GROUP BY upper(c) ORDER BY uc",
  ]) {
    try { const df = s.sql(q); console.log(JSON.stringify(q), "|", JSON.stringify(df.dtypes), "|", JSON.stringify(df.collect().map((r) => Object.values(r.asDict())), (_k, v) => typeof v === "bigint" ? `${v}n` : v)); }
    catch (e) { console.log(JSON.stringify(q), "| ERR", (e as Error).message.replace(/\n/g, "\\n")); }
  }
});

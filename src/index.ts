/**
 * Kindling's public API. Everything a user imports comes from here, by name:
 *
 * ```ts
 * import { VERSION } from "kindling";
 * ```
 */
export {
  KindlingError,
  AnalysisError,
  ExecutionError,
  ConnectorError,
  NotImplementedError,
  InternalError,
  StackError,
} from "./common/errors.js";
export type { ErrorDomain, ErrorContext } from "./common/errors.js";
export { VERSION } from "./common/version.js";
export {
  generateRides,
  ridesCsv,
  ridesCsvChunks,
  ridesCsvBuffers,
  rideToCourseLine,
  courseLines,
  courseValues,
} from "./datagen/rides.js";
export type { RideOptions } from "./datagen/rides.js";
export { writeRidesCsv } from "./datagen/rides-file.js";
export { RIDE_COLUMNS, COURSE_COLUMNS, RIDES_CSV_HEADER } from "./datagen/ride-columns.js";
export type { RideColumn, RideRow } from "./datagen/ride-columns.js";

// ---- DataFrame engine (batch) ----
export { SparkSession, SparkSessionBuilder } from "./session/spark-session.js";
export { DataFrame } from "./session/dataframe.js";
export { DataFrameReader } from "./session/data-frame-reader.js";
export { DataFrameWriter } from "./session/data-frame-writer.js";
export type { SaveMode } from "./physical/sources/file-output.js";
export { GroupedData } from "./session/grouped-data.js";
export { DataFrameNaFunctions } from "./session/na-functions.js";
export { RuntimeConfig } from "./session/runtime-conf.js";
export { Row } from "./session/row.js";
export { Column } from "./expr/column.js";
export type { ColumnOrName, ColumnOrValue } from "./expr/column.js";
export type { Expr } from "./expr/expression.js";
export type { LogicalPlan, ResolvedPlan, Attribute } from "./logical/plan.js";
export * as functions from "./expr/functions.js";
export * as types from "./types/public-types.js";

// ---- Structured Streaming ----
export { DataStreamReader } from "./streaming/data-stream-reader.js";
export { DataStreamWriter } from "./streaming/data-stream-writer.js";
export { StreamingQuery } from "./streaming/streaming-query.js";
export { StreamingQueryManager } from "./streaming/query-manager.js";
export { StreamingQueryException } from "./streaming/streaming-query-exception.js";
export type { StreamingQueryListener, QueryStartedEvent, QueryProgressEvent, QueryIdleEvent, QueryTerminatedEvent } from "./streaming/listener.js";
export type { StreamingQueryProgress, StreamingQueryStatus, StateOperatorProgress, SourceProgress, SinkProgress } from "./streaming/progress.js";
export type { TriggerOptions } from "./streaming/trigger.js";
export type { ForeachBatchFunction } from "./streaming/sinks/foreach-batch-sink.js";
export type { ForeachWriter } from "./streaming/sinks/foreach-sink.js";
export { MemoryStream } from "./connectors/memory/memory-stream.js";

// ---- SQL (spark.sql, selectExpr, filter strings, F.expr) ----
export { parseSqlExpression } from "./sql/parse-expression.js";
export { parseSqlStatement } from "./sql/query-parser.js";
export type { SqlStatement } from "./sql/query-parser.js";
export type { QueryAst, RelationAst, SelectAst } from "./sql/query-ast.js";
export { sqlToPlan } from "./sql/sql-query.js";
export type { SqlCatalog } from "./sql/sql-query.js";

// ---- Notebooks (kindling nb run) ----
export { runNotebook, defaultOutputPath } from "./notebook/runner.js";
export type { RunNotebookOptions, RunNotebookResult, CellFailure, RunEvent } from "./notebook/runner.js";
export type { ParameterValue } from "./notebook/parameters.js";
export { NotebookError, NotebookRunError } from "./notebook/notebook-error.js";

// ---- Notebook display (display(df), display(query), display.chart) ----
export { display } from "./notebook/display/display.js";
export type { DisplayFunction } from "./notebook/display/display.js";
export { dataFrameBundle } from "./notebook/display/dataframe-display.js";
export type { DataFrameDisplayOptions } from "./notebook/display/dataframe-display.js";
export { queryPanelBundle } from "./notebook/display/query-panel.js";
export type { QueryDisplayOptions } from "./notebook/display/query-display.js";
export { chartBundle, vegaLiteSpec, VEGALITE_MIME } from "./notebook/display/chart.js";
export type { ChartOptions, LiveChartOptions, ChartMark } from "./notebook/display/chart.js";
export { LiveDisplay } from "./notebook/display/live-display.js";
export type { MimeBundle } from "./notebook/display/kernel-output.js";

// ---- Kafka helpers (the course's producer and consumer, as functions) ----
export { produceRecords } from "./connectors/kafka/producer.js";
export type { OutgoingRecord, ProduceOptions, ProduceSummary } from "./connectors/kafka/producer.js";
export { consumeRecords } from "./connectors/kafka/consumer.js";
export type { ConsumedRecord, ConsumeOptions } from "./connectors/kafka/consumer.js";

// ---- PySpark code generation (df.toPySpark(), writeStream...toPySpark(), kindling pyspark) ----
export { generatePySpark } from "./bridge/generate.js";
export type { CodegenTarget, PySparkOptions } from "./bridge/generate.js";
export type { StreamSinkSpec } from "./bridge/sink-to-py.js";
export { SparkJobError } from "./bridge/remote/spark-error.js";
export type { SparkErrorInfo } from "./bridge/remote/spark-error.js";
export { compareRows, formatRowDiff } from "./bridge/compare/compare-rows.js";
export type { RowComparison, CompareOptions as RowCompareOptions } from "./bridge/compare/compare-rows.js";
// `await compare(df)`: `kindling compare` from a notebook cell or a script, with progress in a notebook.
export { compare, SparkComparison } from "./bridge/compare/compare-api.js";
export type { Comparable, SparkCompareOptions } from "./bridge/compare/compare-api.js";
export type { CompareReport, TargetReport } from "./bridge/compare/compare-job.js";
export { compareBundle } from "./notebook/display/compare-display.js";
export type { CompareDisplayOptions } from "./notebook/display/compare-display.js";

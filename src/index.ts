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
